/**
 * The published shape of @itam/client: built, packed with `pnpm pack`, installed with npm into a
 * folder outside the monorepo, where a TypeScript program type-checks against the tarball's
 * declarations (strict) and runs against a real server with an API token. Needs the npm registry
 * for the client's dependencies.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@itam/api/config';
import { createServer } from '@itam/api/server';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = path.resolve(import.meta.dirname, '..');
const tsc = path.join(packageDir, 'node_modules/.bin/tsc');

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createServer>>;
let url: string;
let project: string;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    // tRPC's own declarations need it (they name Node's http types and DOM's RequestInfo);
    // the check below type-checks this package's declarations without it.
    skipLibCheck: true,
    outDir: 'out',
  },
  files: ['consumer.ts'],
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' }), { database });
  url = await app.start();

  project = mkdtempSync(path.join(tmpdir(), 'itam-client-consumer-'));
  await run('node', ['scripts/build.mjs'], { cwd: packageDir });
  await run('pnpm', ['pack', '--pack-destination', project], { cwd: packageDir });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  cpSync(path.join(packageDir, 'test/consumer/consumer.ts'), path.join(project, 'consumer.ts'));
  // --legacy-peer-deps: TypeScript (a peer of tRPC) is the compiler below, not installed again.
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--legacy-peer-deps',
      `./${tarball}`,
      '@types/node@20.19.43',
      '@types/ws@8.18.2',
    ],
    { cwd: project },
  );
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await database?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed client', () => {
  it('ships ESM JavaScript and declarations only, and no workspace dependency', async () => {
    const installed = path.join(project, 'node_modules/@itam/client');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@trpc/client', '@trpc/server', 'ws', 'zod']);
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
    const files = readdirSync(installed, { recursive: true }).map(String);
    expect(files).toContain(path.join('dist', 'index.js'));
    expect(files).toContain(path.join('dist', 'index.d.ts'));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('has declarations that resolve on their own: not one error in them with skipLibCheck off', async () => {
    const strict = {
      ...TSCONFIG,
      compilerOptions: { ...TSCONFIG.compilerOptions, skipLibCheck: false, noEmit: true },
    };
    writeFileSync(path.join(project, 'tsconfig.strict.json'), JSON.stringify(strict));
    const result = await run(tsc, ['-p', 'tsconfig.strict.json'], { cwd: project }).then(
      (r) => r.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    // Errors inside tRPC's own declarations are tRPC's (see TSCONFIG); ours and the program's must be none.
    const ours = result
      .split('\n')
      .filter((line) => /^(node_modules\/@itam\/client\/|consumer\.ts)/.test(line));
    expect(ours).toEqual([]);
  });

  it('type-checks a strict program against the tarball and runs it against a real server with a token', async () => {
    await run(tsc, ['-p', '.'], { cwd: project });
    const admin = await signUpAdmin();
    const { token } = await admin.tokens.create.mutate({ name: 'packed-consumer', role: 'manager' });
    for (const tag of ['PKG-A', 'PKG-B', 'PKG-C'])
      await admin.assets.create.mutate({ tag, name: tag, type: 'laptop' });
    const { stdout } = await run('node', ['out/consumer.js'], {
      cwd: project,
      env: { ...process.env, ITAM_URL: url, ITAM_TOKEN: token, ITAM_NEW_TAG: 'PKG-NEW' },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(report.tags.sort()).toEqual(['PKG-A', 'PKG-B', 'PKG-C']);
    expect(report.live).toBe(true);
    expect(report.refused).toBe('INVALID_TRANSITION');
    const history = await admin.events.list.query({ entity: 'asset', entityId: report.created });
    expect(history.items[0]?.actor?.username).toBe('packed-consumer');
  });
});

async function signUpAdmin() {
  const { createItamClient } = await import('../src/index.ts');
  const anonymous = createItamClient({ url });
  const { token } = await anonymous.auth.signUp.mutate({
    username: 'packed-admin',
    email: 'packed-admin@example.test',
    password: 'correct horse battery',
  });
  await anonymous.close();
  return createItamClient({ url, token });
}
