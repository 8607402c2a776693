import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The API reference at `/docs`: Swagger UI from the pinned `swagger-ui-dist` package, served by
 * this server (no CDN, so it works offline), reading `/openapi.json`. "Try it out" sends the
 * dashboard's session cookie, or a token entered under "Authorize".
 */
const ASSETS = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>itam API reference</title>
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to an outside validator.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});
`;

function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

export async function registerDocs(server: FastifyInstance): Promise<void> {
  const dir = swaggerUiDir();
  const files = await Promise.all(
    Object.entries(ASSETS).map(async ([name, type]) => ({
      name,
      type,
      body: await readFile(path.join(dir, name)),
    })),
  );
  server.get('/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  server.get('/docs/init.js', async (_req, reply) =>
    reply.type('application/javascript; charset=utf-8').send(INIT),
  );
  for (const file of files) {
    server.get(`/docs/assets/${file.name}`, async (_req, reply) =>
      // The package is pinned, so a file's content changes only with an upgrade and a restart.
      reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body),
    );
  }
}
