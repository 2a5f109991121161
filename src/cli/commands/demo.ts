import type { Command } from 'commander';
import { seedDemo } from '../../app/demo.js';
import { backfillDemoHistory, parseHistoryLength } from '../../app/history/demo-history.js';
import { cliConfig } from '../context.js';
import { serve } from './serve.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Seed simulated models, customers and keys into data/demo.db and serve them')
    .option('--port <port>', 'port to listen on (default: TOLLGATE_PORT, else 8080)')
    .option('--host <host>', 'address to listen on (default: TOLLGATE_HOST, else 127.0.0.1)')
    .option('--history <length>', 'first backfill this much business (e.g. 90d) through the real money path; once per database')
    .action(async (options: { host?: string; port?: string; history?: string }) => {
      if (options.history !== undefined) parseHistoryLength(options.history);
      const base = cliConfig();
      const databaseUrl = base.database.dialect === 'sqlite' && base.database.path === `${base.dataDir}/tollgate.db` ? `sqlite:${base.dataDir}/demo.db` : undefined;
      const config = cliConfig({ TOLLGATE_HOST: options.host, TOLLGATE_PORT: options.port, TOLLGATE_DATABASE_URL: databaseUrl });
      if (options.history !== undefined) await backfillDemoHistory(config, options.history);
      const gateway = await serve(config, { bootstrap: false });
      const secrets = await seedDemo(gateway.services);
      await gateway.services.catalog.refresh();
      process.stdout.write(banner(gateway.url, secrets.apiKey, secrets.operatorToken, config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL'));
    });
}

function banner(url: string, apiKey: string, operatorToken: string, where: string): string {
  return `
Tollgate demo is running at ${url}  (data: ${where}; Ctrl-C to stop)
Models: sim-mini, sim-large, sim-embed. They are simulated: deterministic text, real token counts.

Customer API key (Acme Robotics), shown once:  ${apiKey}
Operator token (owner), shown once:             ${operatorToken}

Try it with curl:

  curl ${url}/v1/chat/completions \\
    -H "Authorization: Bearer ${apiKey}" \\
    -H "Content-Type: application/json" \\
    -d '{"model":"sim-mini","messages":[{"role":"user","content":"Hello!"}]}'

Or with the openai SDK (npm install openai):

  import OpenAI from 'openai';
  const client = new OpenAI({ baseURL: '${url}/v1', apiKey: '${apiKey}' });
  const reply = await client.chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'Hello!' }] });
  console.log(reply.choices[0].message.content, reply.usage);

Console:    ${url}/console/  (sign in with the operator token)
Admin API:  curl ${url}/admin/v1/customers -H "Authorization: Bearer ${operatorToken}"
OpenAPI:    ${url}/admin/v1/openapi.json
`;
}
