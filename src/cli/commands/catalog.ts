import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { applyFile, parseApplyFile } from '../../app/apply.js';
import { readEnv } from '../../config/env.js';
import { TollgateError } from '../../core/errors.js';
import type { Model } from '../../models/types.js';
import { type UpstreamView, viewUpstream } from '../../upstreams/service.js';
import { upstreamTypes, type UpstreamType } from '../../upstreams/types.js';
import { migrateStore } from '../../storage/migrate.js';
import { openStore } from '../../storage/db.js';
import { cliConfig, withServices } from '../context.js';
import { type Column, printJson, printOutput, printTable } from '../output.js';

const upstreamColumns: Column<UpstreamView>[] = [
  ['ID', (u) => u.id],
  ['NAME', (u) => u.name],
  ['TYPE', (u) => u.type],
  ['BASE URL', (u) => u.baseUrl],
  ['CREDENTIALS', (u) => (u.hasCredentials ? 'sealed' : 'none')],
  ['STATUS', (u) => u.status],
];

const modelColumns: Column<Model>[] = [
  ['NAME', (m) => m.name],
  ['STATUS', (m) => m.status],
  ['ROUTES', (m) => m.routes.map((r) => `${r.upstreamModel}@${r.upstreamId}#${r.priority}`)],
  ['DESCRIPTION', (m) => m.description],
];

export function registerCatalog(program: Command): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (serve and every command also do this)')
    .action(async () => {
      const config = cliConfig();
      const store = openStore(config.database);
      try {
        const { applied } = await migrateStore(store);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date.\n');
      } finally {
        await store.close();
      }
    });

  program
    .command('apply')
    .description('Apply a declarative file of upstreams, models and customers (idempotent)')
    .requiredOption('-f, --file <path>', 'YAML or JSON file')
    .option('--json', 'print JSON')
    .action(async (o: { file: string; json?: boolean }) => {
      const file = parseApplyFile(readFileSync(o.file, 'utf8'), readEnv());
      await withServices(async (s) => {
        const changes = await applyFile(s, file);
        if (o.json) return printJson(changes);
        printTable(changes, [['KIND', (c) => c.kind], ['NAME', (c) => c.name], ['ACTION', (c) => c.action]]);
        for (const c of changes.filter((c) => c.secret)) process.stdout.write(`\nNew key ${c.name} (shown once): ${c.secret}\n`);
      });
    });

  const upstreams = program.command('upstreams').description('Provider connections');
  upstreams
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => withServices(async (s) => printOutput(!!o.json, (await s.upstreams.list()).map(viewUpstream), upstreamColumns)));
  upstreams
    .command('create')
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--type <type>', upstreamTypes.join(' | '))
    .option('--base-url <url>', 'e.g. https://api.openai.com/v1')
    .option('--api-key-env <VAR>', 'read the upstream API key from this environment variable (keeps it out of shell history)')
    .option('--json', 'print JSON')
    .action(async (o: { name: string; type: string; baseUrl?: string; apiKeyEnv?: string; json?: boolean }) => {
      if (!upstreamTypes.includes(o.type as UpstreamType)) throw new TollgateError('invalid_request', `--type must be one of ${upstreamTypes.join(', ')}.`);
      const apiKey = o.apiKeyEnv ? readEnv()[o.apiKeyEnv] : undefined;
      if (o.apiKeyEnv && !apiKey) throw new TollgateError('invalid_request', `${o.apiKeyEnv} is not set.`);
      await withServices(async (s) => {
        const upstream = await s.upstreams.create({ name: o.name, type: o.type as UpstreamType, baseUrl: o.baseUrl, apiKey });
        printOutput(!!o.json, viewUpstream(upstream), upstreamColumns);
      });
    });
  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'enabled']] as const) {
    upstreams
      .command(`${verb} <idOrName>`)
      .option('--json', 'print JSON')
      .action(async (idOrName: string, o: { json?: boolean }) =>
        withServices(async (s) => printOutput(!!o.json, viewUpstream(await s.upstreams.update(idOrName, { status })), upstreamColumns)),
      );
  }

  const models = program.command('models').description('Public model names and their routes');
  models
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => withServices(async (s) => printOutput(!!o.json, await s.models.list(), modelColumns)));
  models
    .command('create')
    .requiredOption('--name <name>', 'the public name customers call')
    .requiredOption('--upstream <idOrName>', 'the upstream that serves it')
    .option('--upstream-model <name>', "the model's name at the upstream (default: the public name)")
    .option('--description <text>', 'shown to operators')
    .option('--json', 'print JSON')
    .action(async (o: { name: string; upstream: string; upstreamModel?: string; description?: string; json?: boolean }) =>
      withServices(async (s) => {
        const model = await s.models.create({ name: o.name, description: o.description, routes: [{ upstream: o.upstream, upstreamModel: o.upstreamModel }] });
        printOutput(!!o.json, model, modelColumns);
      }),
    );
  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'enabled']] as const) {
    models
      .command(`${verb} <idOrName>`)
      .option('--json', 'print JSON')
      .action(async (idOrName: string, o: { json?: boolean }) => withServices(async (s) => printOutput(!!o.json, await s.models.update(idOrName, { status }), modelColumns)));
  }
}
