/**
 * PostgreSQL restarted under a running API. On a private cluster of its own (initdb into a
 * temporary folder, its own port and socket folder; the machine's shared server is never
 * touched), the API runs as its own process, as in production, while a subscriber listens and
 * writers create assets and schedule maintenance, each write with an idempotency key and retried
 * with it until acknowledged. The cluster is stopped mid-write and started again: the process
 * stays up, /healthz says 503 while the database is gone and 200 after, every acknowledged write
 * exists exactly once under the id its response named, and the subscriber ends with exactly the
 * events table's ids.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDatabase, isPostgresUrl } from '@itam/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { bearer, type TrpcHttp, trpcHttp } from './http.ts';
import {
  expectExactlyTheTable,
  type LiveSubscriber,
  sleep,
  subscribeLive,
  untilEntity,
} from './scale-support.ts';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries installed the Debian way, if any. */
function findServerBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((x, y) => Number(y) - Number(x));
  return versions
    .map((v) => path.join(root, v, 'bin'))
    .find((bin) => existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl')));
}

const serverBin = findServerBin();
// PostgreSQL only (PGlite has no server to restart), and only where a private cluster can be made.
const skipReason = !isPostgresUrl(process.env.DATABASE_URL)
  ? 'DATABASE_URL is not a PostgreSQL server'
  : !serverBin
    ? 'no initdb and pg_ctl in /usr/lib/postgresql/*/bin'
    : undefined;
if (skipReason) console.info(`fault-restart: skipped: ${skipReason}`);

/** Whether something already listens on `port` on 127.0.0.1. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/** A throwaway PostgreSQL cluster: trust auth, a random port, its socket in its own folder. */
class PrivateCluster {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'itam-pg-'));
  readonly data = path.join(this.dir, 'data');
  port = 0;
  /** As root, the server binaries run as the `postgres` OS user (initdb refuses root). */
  readonly asUser = process.getuid?.() === 0 ? 'postgres' : undefined;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async #exec(tool: string, args: string[]): Promise<void> {
    const file = path.join(serverBin!, tool);
    const [command, argv] = this.asUser
      ? ['runuser', ['-u', this.asUser, '--', file, ...args]]
      : [file, args];
    await run(command, argv, { timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } });
  }

  async init(): Promise<void> {
    if (this.asUser) {
      const uid = Number(execFileSync('id', ['-u', this.asUser]).toString());
      const gid = Number(execFileSync('id', ['-g', this.asUser]).toString());
      chownSync(this.dir, uid, gid);
    }
    await this.#exec('initdb', [
      '-D',
      this.data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    for (let attempt = 0; ; attempt++) {
      this.port = 55433 + Math.floor(Math.random() * 2_000);
      if (!(await portTaken(this.port))) break;
      if (attempt > 20) throw new Error('no free port for the private cluster');
    }
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=50',
    ].join(' ');
    await this.#exec('pg_ctl', [
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'server.log'),
      '-o',
      options,
      '-w',
      '-t',
      '30',
      'start',
    ]);
  }

  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.#exec('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  /** Stops the server if it runs, and removes everything. Never throws. */
  async destroy(): Promise<void> {
    if (existsSync(path.join(this.data, 'postmaster.pid'))) await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The API as production runs it: `src/index.ts` in a process of its own. */
class ApiProcess {
  child: ChildProcess | undefined;
  output = '';
  exit: { code: number | null; signal: string | null } | undefined;

  async start(env: Record<string, string>): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const append = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-200_000);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
    });
    // (Plain waiting: this runs in beforeAll, where expect.poll is not available.)
    const deadline = Date.now() + 30_000;
    while (this.exit === undefined && !/running at (http:\/\/\S+)/.test(this.output) && Date.now() < deadline)
      await sleep(50);
    const found = /running at (http:\/\/\S+)/.exec(this.output);
    if (!found) throw new Error(`the API did not start:\n${this.output}`);
    return found[1]!.replace('localhost', '127.0.0.1');
  }

  get alive(): boolean {
    return this.child !== undefined && this.exit === undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exit) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

async function health(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

describe.skipIf(skipReason)('PostgreSQL restarted while the API runs', () => {
  const cluster = skipReason ? undefined : new PrivateCluster();
  const api = new ApiProcess();
  let baseUrl: string;
  let http: TrpcHttp;
  let auth: Record<string, string>;
  let token: string;
  let wsUrl: string;
  let subscriber: LiveSubscriber | undefined;

  beforeAll(async () => {
    await cluster!.init();
    await cluster!.start();
    baseUrl = await api.start({
      DATABASE_URL: cluster!.url,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '4',
      ITAM_SECRET: 'fault-restart-test-secret-0123456789abcdef',
    });
    http = trpcHttp(baseUrl);
    // The first account on an empty database is the admin.
    const signUp = await http.mutation('auth.signUp', {
      username: 'restart-admin',
      email: 'restart-admin@example.test',
      password: 'correct horse battery staple',
    });
    expect(signUp.status).toBe(200);
    token = signUp.data.token as string;
    auth = bearer(token);
    wsUrl = `${baseUrl.replace('http', 'ws')}/trpc`;
    // One subscription for the whole file: it must live through every restart.
    subscriber = subscribeLive(wsUrl, token);
    await subscriber.started;
  });

  afterAll(async () => {
    await subscriber?.close().catch(() => {});
    await api.stop();
    await cluster?.destroy();
  });

  // `fast` is a clean restart (sessions are told, transactions roll back); `immediate` is a crash
  // (no goodbye, crash recovery at start: a commit may be durable though its response never left).
  it.each(['fast', 'immediate'] as const)(
    'stopped with -m %s and started: the API stays up, /healthz says 503 then 200, no write is lost or doubled, the subscriber misses no event',
    async (mode) => {
      onTestFailed(() => {
        console.error(`--- API output (last 6000 characters) ---\n${api.output.slice(-6_000)}`);
      });
      expect(await health(baseUrl)).toBe(200);
      // Writers alternate between creating an asset (a unique tag) and scheduling maintenance on
      // an asset of their own (nothing unique: a retry without a key would schedule it twice).
      // Each write carries an idempotency key; an attempt that fails (503, or no response at all)
      // is retried with the same key until it is acknowledged.
      const prefix = `RESTART-${mode.toUpperCase()}`;
      const ownAssets = await Promise.all(
        [0, 1, 2].map(async (w) => {
          const own = await http.mutation(
            'assets.create',
            {
              tag: `${prefix}-OWN-${w}`,
              name: `Writer ${w}`,
              type: 'laptop',
              idempotencyKey: `${prefix}-own-${w}`,
            },
            auth,
          );
          expect(own.status).toBe(200);
          return own.data.id as string;
        }),
      );
      const sync = await http.mutation(
        'assets.create',
        { tag: `SYNC-${mode}`, name: 'Sync', type: 'laptop' },
        auth,
      );
      expect(sync.status).toBe(200);
      await untilEntity(subscriber!, sync.data.id);
      const start = Number(subscriber!.received.at(-1)!.id);
      expect(subscriber!.received.at(-1)!.data.entityId).toBe(sync.data.id);

      /** Acknowledged writes: the asset tag or maintenance details, and the id the response named. */
      const committed: { kind: 'asset' | 'maintenance'; name: string; id: string }[] = [];
      const failedAttempts: Record<string, number> = {};
      let retriedThenAcknowledged = 0;
      let writing = true;
      const writer = async (w: number) => {
        for (let i = 0; writing; i++) {
          const name = `${prefix}-${w}-${i}`;
          const kind = i % 2 === 0 ? 'asset' : 'maintenance';
          const [path, input] =
            kind === 'asset'
              ? ['assets.create', { tag: name, name: `Restart ${w}/${i}`, type: 'laptop' }]
              : [
                  'maintenance.schedule',
                  { assetId: ownAssets[w]!, scheduledFor: '2030-01-01', type: 'inspection', details: name },
                ];
          const idempotencyKey = `key-${name}`;
          for (let attempt = 1; ; attempt++) {
            const response = await http
              .mutation(path, { ...input, idempotencyKey }, auth)
              .catch((error: Error) => ({
                status: 0,
                data: undefined,
                error: { message: error.message, data: undefined },
              }));
            if (response.status === 200) {
              committed.push({ kind, name, id: response.data.id as string });
              if (attempt > 1) retriedThenAcknowledged++;
              break;
            }
            const reason = response.error?.data?.reason as string | undefined;
            const key = `${response.status} ${reason ?? response.error?.message ?? ''}`;
            failedAttempts[key] = (failedAttempts[key] ?? 0) + 1;
            if (attempt > 600) throw new Error(`${name} never succeeded: ${JSON.stringify(failedAttempts)}`);
            await sleep(50);
          }
        }
      };
      const writers = Promise.all([0, 1, 2].map(writer));
      let resumed: LiveSubscriber | undefined;
      try {
        await expect.poll(() => committed.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(30);
        await cluster!.stop(mode);

        // Down long enough for the hub's 2-second poll and session check to fail at least once.
        const downSince = Date.now();
        const whileDown: number[] = [];
        while (Date.now() - downSince < 2_500) {
          whileDown.push(await health(baseUrl));
          await sleep(250);
        }
        expect(api.alive, 'the API process is still running').toBe(true);
        expect(new Set(whileDown)).toEqual(new Set([503]));
        // A client whose socket dropped comes back now, with its last event id: its session cannot
        // be checked yet, so its subscription waits (it must not fail) until the database is back.
        resumed = subscribeLive(wsUrl, token, { lastEventId: String(start) });
        await sleep(1_000);
        const committedWhileDown = committed.length;

        await cluster!.start();
        await expect.poll(() => health(baseUrl), { timeout: 20_000, interval: 100 }).toBe(200);
        // Writes go through again.
        await expect
          .poll(() => committed.length, { timeout: 20_000 })
          .toBeGreaterThanOrEqual(committedWhileDown + 30);
      } finally {
        writing = false;
        await writers;
      }
      expect(api.alive, 'the API process is still running').toBe(true);

      // While it was down, writes were refused as unavailable: never a 500, never a dropped request.
      const failures = Object.keys(failedAttempts);
      expect(failures.length, 'some writes failed while the database was down').toBeGreaterThan(0);
      expect(failures.filter((key) => !key.startsWith('503 UNAVAILABLE'))).toEqual([]);

      const side = await createDatabase(cluster!.url, { poolSize: 1, migrate: false });
      try {
        // Every acknowledged write is there exactly once, under the id its response named; no other.
        const assets = committed.filter((c) => c.kind === 'asset');
        const { rows } = await sql<{ tag: string; id: string; n: number }>`
          select tag, min(id::text) as id, count(*)::int as n from assets
          where tag like ${`${prefix}-%`} and tag not like ${`${prefix}-OWN-%`}
          group by tag order by tag`.execute(side.db);
        expect(rows.filter((r) => r.n !== 1)).toEqual([]);
        expect(rows.map((r) => [r.tag, r.id]).sort()).toEqual(assets.map((c) => [c.name, c.id]).sort());
        const scheduled = committed.filter((c) => c.kind === 'maintenance');
        const { rows: work } = await sql<{ details: string; id: string; n: number }>`
          select details, min(id::text) as id, count(*)::int as n from maintenance
          where details like ${`${prefix}-%`} group by details order by details`.execute(side.db);
        expect(work.filter((r) => r.n !== 1)).toEqual([]);
        expect(work.map((r) => [r.details, r.id]).sort()).toEqual(
          scheduled.map((c) => [c.name, c.id]).sort(),
        );
        // One event per write, each about the record its response named.
        const { rows: events } = await sql<{ entity_id: string }>`
          select entity_id::text from events
          where id > ${start} and action in ('created', 'scheduled') order by id`.execute(side.db);
        expect(events.map((e) => e.entity_id).sort()).toEqual(committed.map((c) => c.id).sort());

        // Both subscribers have exactly the table's events after the start: none lost, none twice.
        await expectExactlyTheTable(subscriber!, side.db, start, { label: 'subscriber', timeout: 20_000 });
        await expectExactlyTheTable(resumed!, side.db, start, {
          label: 'resumed subscriber',
          timeout: 20_000,
        });
        expect(resumed!.received.length).toBeGreaterThan(0);
        expect(resumed!.opens, 'the resumed subscriber waited on its one socket').toBe(1);
      } finally {
        await side.close();
        await resumed?.close();
      }
      expect(api.alive).toBe(true);
      console.info(
        `fault-restart (${mode}): ${committed.length} writes acknowledged, ${retriedThenAcknowledged} of them after a retry with their key; ` +
          `failed attempts ${JSON.stringify(failedAttempts)}; subscriber sockets opened so far: ${subscriber!.opens}`,
      );
    },
  );
});
