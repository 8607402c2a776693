// Builds @itam/client for use outside this monorepo: ESM JavaScript in dist/index.js and type
// declarations in dist/index.d.ts and dist/types/.
//
// The client's types come from the API's router (`import type { AppRouter } from '@itam/api'`),
// which is not published. So the declarations of everything the client's types reach (the API's
// routers, the domain's schemas) are emitted too and shipped in dist/types/, with their imports
// rewritten to relative paths. The server's own internals (the database, the logger) reach the
// router's type only through its request context, which no client sees: they are replaced by
// opaque types in dist/types/server-only.d.ts, so nothing server-side has to be installed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const emitted = mkdtempSync(path.join(tmpdir(), 'itam-client-build-'));
const dist = path.join(root, 'dist');

/** Workspace packages whose declarations ship inside this one, by their entry file. */
const BUNDLED = {
  '@itam/api': 'apps/api/src/router-types.d.ts',
  '@itam/domain': 'packages/domain/src/index.d.ts',
};
/** Server-side modules the router's context names; replaced by opaque types. */
const SERVER_ONLY = new Set(['@itam/db', 'kysely', 'fastify', '@electric-sql/pglite', 'pg']);
/** What the shipped declarations may still import: this package's own dependencies. */
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const EXTERNAL = new Set(Object.keys(pkg.dependencies ?? {}));

function fail(message) {
  rmSync(emitted, { recursive: true, force: true });
  console.error(`build: ${message}`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', emitted], {
  cwd: root,
  stdio: 'inherit',
});

// The JavaScript: the client's modules in one ESM file. What it uses of the domain at run time
// (which mutations take idempotency keys) is bundled in; its dependencies stay imports.
const bundled = await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...EXTERNAL],
  write: false,
  logLevel: 'silent',
});
const js = bundled.outputFiles[0].text;
for (const [, specifier] of js.matchAll(/from ["']([^"']+)["']/g)) {
  const bare = specifier.startsWith('node:') || EXTERNAL.has(specifier);
  if (!bare) fail(`dist/index.js imports ${specifier}, which is not a dependency`);
}
mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, 'index.js'), js);

// The declarations: follow imports from the client's entry, copy what is reached, rewrite imports.
const SPECIFIER = /(from\s+'|import\(")([^'"]+)(['"])/g;
const serverNames = new Map(); // name -> highest number of type arguments seen
const queue = ['packages/client/src/index.d.ts'];
const seen = new Set();

/** The shipped location of an emitted declaration file (relative to dist/). */
function shippedPath(file) {
  return file === 'packages/client/src/index.d.ts' ? 'index.d.ts' : path.join('types', file);
}

function relativeImport(fromFile, toShipped) {
  let rel = path.relative(path.dirname(shippedPath(fromFile)), toShipped).replace(/\.d\.ts$/, '.js');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel.split(path.sep).join('/');
}

function noteServerNames(text, specifier) {
  const escaped = specifier.replace(/[/.@-]/g, (c) => `\\${c}`);
  const named = new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+'${escaped}'`, 'g');
  for (const [, list] of text.matchAll(named)) {
    for (const part of list.split(',')) {
      const name = part
        .replace(/\btype\b/, '')
        .trim()
        .split(/\s+as\s+/)[0];
      if (name) serverNames.set(name, Math.max(serverNames.get(name) ?? 0, 0));
    }
  }
  const inline = new RegExp(`import\\("${escaped}"\\)\\.(\\w+)`, 'g');
  for (const [, name] of text.matchAll(inline)) serverNames.set(name, serverNames.get(name) ?? 0);
}

while (queue.length > 0) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const source = path.join(emitted, file);
  if (!existsSync(source)) fail(`no declaration emitted for ${file}`);
  let text = readFileSync(source, 'utf8');
  for (const specifier of new Set([...text.matchAll(SPECIFIER)].map((m) => m[2]))) {
    if (SERVER_ONLY.has(specifier)) noteServerNames(text, specifier);
  }
  text = text.replace(SPECIFIER, (match, open, specifier, close) => {
    if (specifier.startsWith('.')) {
      const target = path.join(path.dirname(file), specifier.replace(/\.ts$/, '.d.ts'));
      queue.push(target);
      return `${open}${relativeImport(file, shippedPath(target))}${close}`;
    }
    if (specifier in BUNDLED) {
      queue.push(BUNDLED[specifier]);
      return `${open}${relativeImport(file, shippedPath(BUNDLED[specifier]))}${close}`;
    }
    if (SERVER_ONLY.has(specifier)) return `${open}${relativeImport(file, 'types/server-only.d.ts')}${close}`;
    if (
      EXTERNAL.has(
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      )
    )
      return match;
    fail(`${file} imports ${specifier}: neither bundled, server-only nor a dependency`);
  });
  const target = path.join(dist, shippedPath(file));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

// Opaque stand-ins: generic ones accept (and ignore) type arguments.
const shims = [...serverNames.keys()]
  .sort()
  .map(
    (name) =>
      `export type ${name}<_A = unknown, _B = unknown, _C = unknown> = { readonly [serverOnly]: '${name}' };`,
  );
writeFileSync(
  path.join(dist, 'types/server-only.d.ts'),
  [
    '// Server-side types that the API router names in its request context; clients never see them.',
    'declare const serverOnly: unique symbol;',
    ...shims,
    '',
  ].join('\n'),
);
rmSync(emitted, { recursive: true, force: true });
console.log(
  `build: dist/index.js and ${seen.size} declaration files (+ ${serverNames.size} server-only stand-ins)`,
);
