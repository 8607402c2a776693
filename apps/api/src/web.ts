import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Hashed build output: a changed file gets a new name, so a copy never needs checking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (the HTML shell, the icon): kept, but checked (ETag) before each use. */
export const REVALIDATE = 'no-cache';

/** Where the built dashboard is, if it was built. */
export function webDist(configured: string | undefined): string | undefined {
  const candidates = configured ? [configured] : [path.resolve(import.meta.dirname, '../../web/dist')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

/**
 * Serves the built dashboard from `dist`. The build writes a brotli (`.br`) and a gzip (`.gz`)
 * copy beside each text asset (`apps/web/scripts/precompress.mjs`); the one the request's
 * `Accept-Encoding` prefers is sent, the file itself when it accepts neither, always with
 * `Vary: Accept-Encoding`. Nothing is compressed per request. Files under `assets/` carry a hash
 * in their name and are cached for a year; the rest is revalidated. Any other GET that wants HTML
 * gets the shell: the dashboard routes on the client.
 */
export async function registerDashboard(server: FastifyInstance, dist: string): Promise<void> {
  await server.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    preCompressed: true,
    // The compressed copies are chosen by negotiation, not requested by name.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, file) => {
      const hashed = path.relative(dist, file).startsWith(`assets${path.sep}`);
      reply.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
    },
  });
  const index = await readFile(path.join(dist, 'index.html'));
  server.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
      return reply.type('text/html').header('cache-control', REVALIDATE).send(index);
    }
    return reply.code(404).send({ error: 'Not found' });
  });
}
