import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/** The repo (or image) root: the nearest directory above `from` whose package.json is this project's. */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'migration-tracker') return dir;
    }
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** Where `vite build` puts the dashboard (apps/dashboard/vite.config.ts). */
export const dashboardDir = (root: string = projectRoot()): string => join(root, 'dist', 'dashboard');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body><main><h1>The dashboard has not been built</h1>
<p>Run <code>npm run build:dashboard</code> (or <code>npm start</code>, which builds it) and reload.
The HTTP API works without it.</p></main></body></html>`;

/**
 * Serves the dashboard at `/` with its hashed assets under `/assets/`. Only the files present at start get
 * routes (no wildcard), so every other path still reaches the API and unknown ones get its JSON 404. These
 * are plain Fastify routes, outside Nest's guards: the page is public and signs in with a key of its own.
 */
export async function registerDashboard(
  app: NestFastifyApplication,
  dir: string = dashboardDir(),
  warn: (message: string) => void = () => undefined,
): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) {
    warn(`dashboard not built (no ${join(dir, 'index.html')}): run "npm run build:dashboard"; / answers 503`);
    app
      .getHttpAdapter()
      .getInstance()
      .get('/', (_request, reply: FastifyReply) => {
        void reply
          .code(503)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(NOT_BUILT_PAGE);
      });
    return false;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    cacheControl: false,
    // Assets carry a content hash in their name, so they never change; the page itself must always be revalidated.
    setHeaders: (reply, path) => {
      const immutable = /[\\/]assets[\\/]/.test(path);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
