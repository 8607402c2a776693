/**
 * The example service (examples/asset-sync.ts) as its own process, with a read-only API token,
 * against a real server: it reads every asset page by page, then reports each change it hears
 * about live, and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '@itam/api/config';
import { createServer } from '@itam/api/server';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItamClient, type ItamClient } from '../src/index.ts';

const packageDir = path.resolve(import.meta.dirname, '..');

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createServer>>;
let url: string;
let admin: ItamClient;
let child: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' }), { database });
  url = await app.start();
  const anonymous = createItamClient({ url });
  const { token } = await anonymous.auth.signUp.mutate({
    username: 'example-admin',
    email: 'example-admin@example.test',
    password: 'correct horse battery',
  });
  await anonymous.close();
  admin = createItamClient({ url, token });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await admin?.close();
  await app?.stop();
  await database?.close();
});

/** Starts the example and collects its JSON lines. */
function startExample(env: Record<string, string>) {
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const proc = spawn(path.join(packageDir, 'node_modules/.bin/tsx'), ['examples/asset-sync.ts'], {
    cwd: packageDir,
    env: { ...process.env, ...env },
  });
  createInterface({ input: proc.stdout }).on('line', (line) => lines.push(JSON.parse(line)));
  proc.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, lines, stderr, exited };
}

describe('the asset-sync example', () => {
  it('pages through every asset, follows live changes, and stops on SIGTERM', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      ids.push(
        (await admin.assets.create.mutate({ tag: `SYNC-${i}`, name: `Asset ${i}`, type: 'laptop' })).id,
      );
    }
    const { token } = await admin.tokens.create.mutate({ name: 'asset-sync', role: 'read-only' });
    const example = startExample({ ITAM_URL: url, ITAM_TOKEN: token, ITAM_PAGE_SIZE: '2' });
    child = example.proc;
    await expect
      .poll(() => example.lines.find((l) => l.type === 'synced'), { timeout: 30_000 })
      .toEqual({ type: 'synced', count: 5 });

    const added = await admin.assets.create.mutate({ tag: 'SYNC-NEW', name: 'New one', type: 'monitor' });
    await admin.assets.transition.mutate({ id: ids[0]!, to: 'retired', reason: 'old' });
    await admin.assets.remove.mutate({ id: ids[1]! });
    await expect
      .poll(() => example.lines.filter((l) => l.type !== 'synced'), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'updated', id: added.id, tag: 'SYNC-NEW', stage: 'in_stock' }),
          expect.objectContaining({ type: 'updated', id: ids[0], stage: 'retired' }),
          { type: 'removed', id: ids[1] },
        ]),
      );
    expect(example.lines.filter((l) => l.type === 'error')).toEqual([]);

    example.proc.kill('SIGTERM');
    expect(await example.exited).toBe(0);
    child = undefined;
  });

  it('explains its usage and exits 2 without a token', async () => {
    const example = startExample({ ITAM_URL: url, ITAM_TOKEN: '' });
    expect(await example.exited).toBe(2);
    expect(example.stderr.join('')).toMatch(/usage: ITAM_URL=/);
  });
});
