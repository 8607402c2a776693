/**
 * The operators' command-line tool (`pnpm itam`), run as a process against a real database: a
 * fresh embedded one in a temporary folder, or a fresh database on the server named by
 * DATABASE_URL. What it did is then checked through a real server on the same database.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPostgresUrl } from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.ts';
import { testConfig } from './harness.ts';
import { bearer, trpcHttp } from './http.ts';

const apiDir = path.resolve(import.meta.dirname, '..');
const tsx = path.join(apiDir, 'node_modules/.bin/tsx');

let dataDir: string | undefined;
let postgres: TestDatabase | undefined;
let databaseEnv: Record<string, string>;

beforeAll(async () => {
  if (isPostgresUrl(process.env.DATABASE_URL)) {
    postgres = await createTestDatabase({ migrate: false });
    databaseEnv = { DATABASE_URL: postgres.url };
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'itam-cli-'));
    databaseEnv = { ITAM_DATA_DIR: dataDir };
  }
});

afterAll(async () => {
  await postgres?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  // The embedded database's generated secret lives beside its folder.
  if (dataDir) rmSync(`${dataDir}.secret`, { force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function itam(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...databaseEnv, ...env };
  if (!('DATABASE_URL' in databaseEnv)) delete childEnv.DATABASE_URL;
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      ['src/cli.ts', ...args],
      { cwd: apiDir, env: childEnv },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** A real server on the CLI's database, for as long as `use` runs (the embedded one is single-process). */
async function withServer<T>(use: (baseUrl: string) => Promise<T>): Promise<T> {
  const app = await createServer(testConfig(databaseEnv));
  try {
    return await use(await app.start());
  } finally {
    await app.stop();
  }
}

// Each run starts a process and opens the database: seconds each on a busy machine.
describe('pnpm itam', { timeout: 300_000 }, () => {
  it('explains its usage, exiting 2, without a command, with an unknown one or an unknown option', async () => {
    for (const args of [[], ['frobnicate'], ['list-tokens', '--colour']]) {
      const run = await itam(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('usage: pnpm itam <command>');
    }
    const help = await itam(['--help']);
    expect([help.code, help.stdout.includes('create-token --name')]).toEqual([0, true]);
  });

  it('migrates an empty database, then says it is up to date', async () => {
    const first = await itam(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('success: 0001_init');
    expect(first.stderr).toContain('success: 0006_api_tokens');
    const again = await itam(['migrate']);
    expect([again.code, again.stderr.trim()]).toEqual([0, 'the database is up to date']);
  });

  it('creates an admin with the password from the environment; refuses a taken name and a short password', async () => {
    const created = await itam(['create-admin', '--username', 'ops', '--email', 'ops@example.test'], {
      ITAM_PASSWORD: 'first password 1',
    });
    expect(created.code, created.stderr).toBe(0);
    const taken = await itam(['create-admin', '--username', 'OPS', '--email', 'other@example.test'], {
      ITAM_PASSWORD: 'first password 1',
    });
    expect([taken.code, taken.stderr]).toEqual([1, expect.stringContaining('(USERNAME_TAKEN)')]);
    const short = await itam(['create-admin', '--username', 'ops2', '--email', 'ops2@example.test'], {
      ITAM_PASSWORD: 'short',
    });
    expect([short.code, short.stderr]).toEqual([
      2,
      expect.stringContaining('--password: A password has at least 8'),
    ]);
    const missing = await itam(['create-admin', '--email', 'x@example.test'], {
      ITAM_PASSWORD: 'long enough 1',
    });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('username is required')]);
  });

  it('creates, lists and revokes tokens, prints the secret alone on stdout, and a reset password ends sessions', async () => {
    const keep = await itam(['create-token', '--name', 'inventory-sync', '--role', 'manager']);
    expect(keep.code, keep.stderr).toBe(0);
    const keepToken = keep.stdout.trim();
    expect(keepToken).toMatch(/^itam_[A-Za-z0-9_-]{43}$/);
    const gone = await itam([
      'create-token',
      '--name',
      'old-report',
      '--role',
      'read-only',
      '--expires',
      '2099-12-31',
    ]);
    const goneToken = gone.stdout.trim();
    expect(gone.code, gone.stderr).toBe(0);

    const wrongRole = await itam(['create-token', '--name', 'x-svc', '--role', 'admin']);
    expect([wrongRole.code, wrongRole.stderr]).toEqual([
      2,
      expect.stringContaining('--role must be read-only or manager'),
    ]);
    const past = await itam([
      'create-token',
      '--name',
      'x-svc',
      '--role',
      'manager',
      '--expires',
      '2001-01-01',
    ]);
    expect([past.code, past.stderr]).toEqual([1, expect.stringContaining('(VALIDATION_FAILED)')]);

    const revoke = await itam(['revoke-token', 'old-report']);
    expect([revoke.code, revoke.stderr.trim()]).toEqual([0, 'revoked the token of old-report']);
    const unknown = await itam(['revoke-token', 'nobody']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('(NOT_FOUND)')]);

    const listed = await itam(['list-tokens', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const tokens = JSON.parse(listed.stdout) as { name: string; status: string; role: string }[];
    expect(tokens.map((t) => [t.name, t.role, t.status])).toEqual([
      ['old-report', 'read-only', 'revoked'],
      ['inventory-sync', 'manager', 'active'],
    ]);
    expect(listed.stdout).not.toContain(keepToken);
    const table = await itam(['list-tokens']);
    expect(table.stdout).toMatch(/inventory-sync\s+manager\s+active/);

    // A session opened before the reset must end with it.
    const session = await withServer(async (baseUrl) => {
      const http = trpcHttp(baseUrl);
      const login = await http.mutation('auth.login', { username: 'ops', password: 'first password 1' });
      expect(login.status).toBe(200);
      return login.data.token as string;
    });
    const reset = await itam(['reset-password', '--username', 'ops'], { ITAM_PASSWORD: 'second password 2' });
    expect([reset.code, reset.stderr.trim()]).toEqual([0, 'new password set for ops; 1 session(s) ended']);

    await withServer(async (baseUrl) => {
      const http = trpcHttp(baseUrl);
      expect((await http.query('auth.me', undefined, bearer(session))).status).toBe(401);
      const old = await http.mutation('auth.login', { username: 'ops', password: 'first password 1' });
      expect(old.error?.data?.reason).toBe('INVALID_CREDENTIALS');
      const login = await http.mutation('auth.login', { username: 'ops', password: 'second password 2' });
      expect(login.data.user.role).toBe('admin');
      const revoked = await http.query('assets.list', {}, bearer(goneToken));
      expect(revoked.error?.data?.reason).toBe('TOKEN_REVOKED');
      const created = await http.mutation(
        'assets.create',
        { tag: 'CLI-1', name: 'x', type: 'other' },
        bearer(keepToken),
      );
      expect(created.status).toBe(200);
      const events = await http.query('events.list', { entity: 'user' }, bearer(login.data.token));
      const actions = (events.data.items as { action: string; actor: unknown }[]).map((e) => [
        e.action,
        e.actor,
      ]);
      expect(actions).toEqual(
        expect.arrayContaining([
          ['password_reset', null],
          ['token_revoked', null],
          ['token_created', null],
          ['created', null],
        ]),
      );
    });
  });
});
