import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TollgateError } from '../core/errors.js';

/** console/dist of this installation: two folders up from this file, whether it runs from src/ or dist/. */
export const defaultConsoleDir = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** Vite puts content-hashed files in assets/: they never change, so browsers may keep them for a year. */
const HASHED = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Serves the built console at /console/ (any unknown page is the app's), and sends / there. */
export async function consoleStaticPlugin(app: FastifyInstance, options: { dir: string | null }): Promise<void> {
  const root = resolve(options.dir ?? defaultConsoleDir);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 302));
  const built = existsSync(join(root, 'index.html'));
  await app.register(async (scope) => (built ? serveApp(scope, root) : serveHelp(scope, root)), { prefix: '/console' });
}

async function serveApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    cacheControl: false,
    schemaHide: true,
    setHeaders: (reply, path) => {
      reply.header('cache-control', relative(root, path).startsWith(`assets${sep}`) ? HASHED : REVALIDATE);
    },
  });
  // Relative links in the app resolve against /console/, so the bare /console gets its slash.
  app.addHook('onRequest', async (request, reply) => {
    const [path, query] = splitUrl(request.url);
    if (path === '/console') return reply.redirect(`/console/${query}`, 301);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (!isAppPage(request)) return notFound(request, reply);
    return reply.header('cache-control', REVALIDATE).sendFile('index.html');
  });
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}

/** A page of the single-page app: a GET that is neither an API call nor a missing asset. */
function isAppPage(request: FastifyRequest): boolean {
  const [path] = splitUrl(request.url);
  return (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/console/api/') && !path.startsWith('/console/assets/');
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = new TollgateError('route_not_found', `Unknown request URL: ${request.method} ${request.url.split('?')[0]}.`);
  return reply.code(error.status).send(error.toBody());
}

async function serveHelp(app: FastifyInstance, root: string): Promise<void> {
  const page = helpPage(root);
  const help = async (_request: FastifyRequest, reply: FastifyReply) => reply.code(404).header('content-type', 'text/html; charset=utf-8').header('cache-control', REVALIDATE).send(page);
  app.get('/', { schema: { hide: true } }, help);
  app.get('/*', { schema: { hide: true } }, help);
}

function helpPage(root: string): string {
  const where = root.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tollgate console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The console has not been built</h1>
<p>Tollgate looked for it in <code>${where}</code> and found no <code>index.html</code>.</p>
<p>Run <code>npm run build</code> in the Tollgate folder, then restart <code>tollgate serve</code>.
Or point <code>TOLLGATE_CONSOLE_DIR</code> at a built console.</p>
<p>The APIs work without it: <code>/v1</code>, <code>/admin/v1</code> and <code>/portal/v1</code>.</p>
</body></html>
`;
}
