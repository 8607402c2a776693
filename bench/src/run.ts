/**
 * `pnpm bench`: seeds a fresh PostgreSQL database, then load-tests the API (tRPC over Fastify) and,
 * beside it, a floor (bare Fastify, hand-written SQL) with the same requests. See ../README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '@itam/db';
import pg from 'pg';
import { hashPassword } from '../../apps/api/src/auth/passwords.ts';
import { type Options, parseArgs, type ScenarioName, USAGE } from './args.ts';
import type { GcStats } from './child.ts';
import { runFanout } from './fanout.ts';
import { FLOOR_SQL } from './floor-sql.ts';
import { benchImport } from './import.ts';
import { type DbStats, type LoadSpec, type Measurement, measure } from './load.ts';
import { type ProfileSummary, summariseProfile } from './profile.ts';
import { printCpu, printProfile, printTable, RESULTS_DIR, type Row, ratio, writeJson } from './report.ts';
import { SCENARIO_LABELS, scaleSpecs, scenarioSpec } from './scenarios.ts';
import {
  BENCH_PASSWORD,
  createBenchDatabase,
  EMPLOYEE_HOLDS,
  loadPools,
  MANAGER,
  redact,
  type SeededUsers,
  seedAssets,
  seedUsers,
  serverUrl,
  vacuumAnalyze,
} from './seed.ts';
import { type ServerKind, startServer } from './servers.ts';
import { checkSql } from './sql-check.ts';
import { verifyServers } from './verify.ts';

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const log = (message: string) => console.log(message);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Bench {
  options: Options;
  url: string;
  database: Database;
  client: pg.Client;
  users: SeededUsers;
  profileDir: string | undefined;
  profiles: Record<string, { ours: ProfileSummary; floor: ProfileSummary }>;
}

/** Which code was measured: the commit, and whether the API's or the database's files had local changes. */
function codeVersion() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, {
        cwd: path.resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
      }).trim();
    } catch {
      return '';
    }
  };
  const changed = git('status', '--porcelain', '--', 'apps/api', 'packages/db', 'packages/domain');
  return { commit: git('rev-parse', 'HEAD'), uncommittedFiles: changed ? changed.split('\n').length : 0 };
}

async function machine(client: pg.Client) {
  const { rows } = await client.query<{ version: string; sb: string; sc: string }>(
    `select version() as version, current_setting('shared_buffers') as sb, current_setting('synchronous_commit') as sc`,
  );
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    postgres: rows[0]!.version,
    postgresSettings: { shared_buffers: rows[0]!.sb, synchronous_commit: rows[0]!.sc },
  };
}

async function login(base: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: MANAGER, password: BENCH_PASSWORD }),
  });
  const body = (await response.json()) as { result?: { data?: { token?: string } } };
  const token = body.result?.data?.token;
  if (!response.ok || !token)
    throw new Error(`auth.login failed: ${response.status} ${JSON.stringify(body)}`);
  return token;
}

/** One server, started in its own process, measured on each spec in turn, then stopped. */
async function measureServer(
  bench: Bench,
  kind: ServerKind,
  token: string,
  specs: LoadSpec[],
  profileName: string,
): Promise<{ results: Measurement[]; profiles: ProfileSummary[] }> {
  const server = await startServer(kind, bench.url, bench.options.pool);
  const results: Measurement[] = [];
  const files: string[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const file = bench.profileDir
        ? path.join(
            bench.profileDir,
            `${profileName}${specs.length > 1 ? `-${i + 1}` : ''}-${kind}.cpuprofile`,
          )
        : undefined;
      let gc: GcStats | undefined;
      const m = await measure(server.url, token, spec, {
        seconds: bench.options.duration,
        warmup: bench.options.warmup,
        connections: bench.options.connections,
        serverPid: server.pid,
        dbStats: () => dbStats(bench.client),
        around: {
          async before() {
            await server.startGc();
            if (file) await server.startProfile();
          },
          async after() {
            if (file) await server.stopProfile(file);
            gc = await server.stopGc();
          },
        },
      });
      if (gc) m.gc = gc;
      results.push(m);
      if (file) files.push(file);
      for (const sample of m.errorSamples) log(`  ${kind} answered: ${sample.slice(0, 400)}`);
    }
  } finally {
    await server.stop();
  }
  const profiles = await Promise.all(
    files.map((file, i) => summariseProfile(file, results[i]!.total2xx + results[i]!.non2xx)),
  );
  return { results, profiles };
}

/**
 * Ours, then the floor, `--rounds` times, on the same specs (`specsOf` gives each server its own
 * requests where they must differ); for each server and spec, the round with the best throughput.
 */
async function compare(
  bench: Bench,
  token: string,
  specsOf: (kind: ServerKind) => LoadSpec[],
  profileName: string,
): Promise<(Row & { rounds: { ours: number[]; floor: number[] } })[]> {
  const runs: Record<'ours' | 'floor', { results: Measurement[]; profiles: ProfileSummary[] }[]> = {
    ours: [],
    floor: [],
  };
  const specs = { ours: specsOf('ours'), floor: specsOf('floor') };
  for (let round = 1; round <= bench.options.rounds; round++) {
    if (bench.options.rounds > 1) log(`  round ${round} of ${bench.options.rounds}`);
    for (const kind of ['ours', 'floor'] as const)
      runs[kind].push(await measureServer(bench, kind, token, specs[kind], profileName));
  }
  const best = (kind: 'ours' | 'floor', i: number) => {
    let pick = runs[kind][0]!;
    for (const run of runs[kind])
      if (run.results[i]!.requestsPerSec > pick.results[i]!.requestsPerSec) pick = run;
    return { result: pick.results[i]!, profile: pick.profiles[i] };
  };
  return specs.ours.map((spec, i) => {
    const ours = best('ours', i);
    const floor = best('floor', i);
    if (ours.profile && floor.profile)
      bench.profiles[specs.ours.length > 1 ? `${profileName}: ${spec.label}` : profileName] = {
        ours: ours.profile,
        floor: floor.profile,
      };
    return {
      label: spec.label,
      ours: ours.result,
      floor: floor.result,
      rounds: {
        ours: runs.ours.map((r) => Math.round(r.results[i]!.requestsPerSec)),
        floor: runs.floor.map((r) => Math.round(r.results[i]!.requestsPerSec)),
      },
    };
  });
}

async function dbStats(client: pg.Client): Promise<DbStats> {
  const { rows } = await client.query<{ x: string; r: string }>(
    `select (xact_commit + xact_rollback)::text as x, (tup_returned + tup_fetched)::text as r
     from pg_stat_database where datname = current_database()`,
  );
  // This query's own transaction counts too; it is one per snapshot, so it is taken off.
  return { transactions: Number(rows[0]!.x) - 1, rowsRead: Number(rows[0]!.r) };
}

async function explain(client: pg.Client, sql: string, params: unknown[]) {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
  const lines = rows.map((r) => r['QUERY PLAN']);
  const time = lines.find((l) => l.startsWith('Execution Time'))?.match(/([\d.]+) ms/)?.[1];
  return { executionMs: Number(time), plan: lines };
}

async function tableSizes(client: pg.Client) {
  const { rows } = await client.query<{ table: string; rows: string; size: string }>(
    `select c.relname as table, c.reltuples::bigint::text as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and c.relname in ('assets', 'assignments', 'users', 'sessions', 'events')
     order by pg_total_relation_size(c.oid) desc`,
  );
  return rows.map((r) => ({ table: r.table, rows: Number(r.rows), size: r.size }));
}

async function standard(bench: Bench, report: Record<string, unknown>) {
  const { options, client, users } = bench;
  log(`Seeding ${options.assets.toLocaleString('en-US')} assets…`);
  const seeded = await seedAssets(client, users, 1, options.assets);
  const vacuumStarted = performance.now();
  await vacuumAnalyze(client);
  const vacuumMs = performance.now() - vacuumStarted;
  log(`  seeded in ${seconds(seeded.ms)}, vacuum + analyze ${seconds(vacuumMs)}`);
  const pools = await loadPools(client, options.assets);
  report.seeding = {
    assets: options.assets,
    seedMs: seeded.ms,
    vacuumAnalyzeMs: vacuumMs,
    tables: await tableSizes(client),
  };

  // The floor must send the API's SQL, or the ratio means nothing.
  const sqlCheck = await checkSql(bench.database, { assetId: pools.get[0]!, userId: users.employeeId });
  report.sqlCheck = sqlCheck;
  log(`SQL check (floor sends the statements @itam/db sends): ${sqlCheck.ok ? 'identical' : 'DIFFERENT'}`);
  for (const c of sqlCheck.compared.filter((x) => !x.same))
    log(`  ✗ ${c.procedure}\n    floor: ${c.expected.join(' ; ')}\n    api:   ${c.captured.join(' ; ')}`);

  // A real session, from a real auth.login on the API; then both servers answer the same requests.
  const ours = await startServer('ours', bench.url, options.pool);
  const floor = await startServer('floor', bench.url, options.pool);
  let token: string;
  try {
    token = await login(ours.url);
    const verify = await verifyServers(ours.url, floor.url, token, {
      holderId: users.employeeId,
      assetId: pools.get[0]!,
      transition: pools.transition.at(-1)!,
      login: { username: MANAGER, password: BENCH_PASSWORD },
    });
    report.verify = verify;
    log(`Response check (same requests to both): ${verify.ok ? 'same' : 'DIFFERENT'}`);
    for (const c of verify.checks) log(`  ${c.ok ? '✓' : '✗'} ${c.what}${c.detail ? `\n${c.detail}` : ''}`);
  } finally {
    await Promise.all([ours.stop(), floor.stop()]);
  }

  const ctx = { users, pools, client };
  const rows: (Row & { name: ScenarioName })[] = [];
  for (const name of options.only) {
    log(
      `Running ${SCENARIO_LABELS[name]}: ours, then the floor (${options.warmup} s warm-up + ${options.duration} s each)…`,
    );
    // Each server gets its own spec (its own tags, its own half of the transition pool).
    const [compared] = await compare(bench, token, (kind) => [scenarioSpec(name, kind, ctx)], name);
    const row = { name, ...compared!, label: SCENARIO_LABELS[name] };
    rows.push(row);
    log(
      `  ours ${row.ours.requestsPerSec.toFixed(0)} req/s p99 ${row.ours.p99} ms; floor ${row.floor.requestsPerSec.toFixed(0)} req/s p99 ${row.floor.p99} ms; ratio ${ratio(row).toFixed(2)}${options.rounds > 1 ? ` (rounds: ours ${row.rounds.ours.join(', ')}; floor ${row.rounds.floor.join(', ')})` : ''}`,
    );
  }
  printTable(
    `Results: ${options.assets.toLocaleString('en-US')} assets, ${options.connections} connections, ${options.duration} s per run, pool ${options.pool}, ${os.cpus().length} CPUs shared by load generator, servers and PostgreSQL`,
    rows,
  );
  printCpu(rows);
  for (const [name, p] of Object.entries(bench.profiles)) printProfile(name, p.ours, p.floor);
  report.scenarios = rows.map((r) => ({ ...r, ratio: ratio(r) }));
  if (options.ladder) report.ladder = await ladder(bench, token, ctx);
}

const LADDER: { kind: ServerKind; label: string }[] = [
  { kind: 'floor', label: 'floor (bare Fastify + pg, hand-written SQL)' },
  { kind: 'kysely', label: '+ Kysely (the @itam/db functions)' },
  { kind: 'zod', label: '+ zod input and output schemas' },
  { kind: 'caller', label: "+ tRPC procedures (the API's router via a caller)" },
  { kind: 'ours', label: '+ tRPC HTTP adapter, cookie/WebSocket plugins: the API' },
];

/** Each step between the floor and the API, on the same requests: what each layer costs. */
async function ladder(bench: Bench, token: string, ctx: Parameters<typeof scenarioSpec>[2]) {
  const names = bench.options.only.filter((n) => n !== 'login');
  const results: Record<string, { kind: ServerKind; label: string; best: Measurement; rounds: number[] }[]> =
    {};
  for (const name of names) {
    log(`Ladder, ${SCENARIO_LABELS[name]}: ${LADDER.map((s) => s.kind).join(' → ')}`);
    const specs = LADDER.map((step, slot) => scenarioSpec(name, step.kind, ctx, slot, LADDER.length));
    const runs: Measurement[][] = LADDER.map(() => []);
    for (let round = 1; round <= bench.options.rounds; round++) {
      for (const [i, step] of LADDER.entries()) {
        const { results: r } = await measureServer(bench, step.kind, token, [specs[i]!], `ladder-${name}`);
        runs[i]!.push(r[0]!);
      }
    }
    results[name] = LADDER.map((step, i) => {
      const best = runs[i]!.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a));
      return { ...step, best, rounds: runs[i]!.map((m) => Math.round(m.requestsPerSec)) };
    });
    printLadder(SCENARIO_LABELS[name], results[name]!);
  }
  return results;
}

function printLadder(title: string, steps: { label: string; best: Measurement }[]) {
  console.log(`\n${title}: each step adds one layer`);
  console.log(
    `  ${'step'.padEnd(56)} ${'req/s'.padStart(7)} ${'p99 ms'.padStart(7)} ${'server µs/req'.padStart(14)} ${'Δ µs'.padStart(6)}`,
  );
  let previous: number | undefined;
  for (const step of steps) {
    const cpu = step.best.cpu ? step.best.cpu.perKiloRequestMs.server : Number.NaN;
    const delta =
      previous === undefined || Number.isNaN(cpu)
        ? ''
        : `${cpu - previous >= 0 ? '+' : ''}${Math.round(cpu - previous)}`;
    console.log(
      `  ${step.label.padEnd(56)} ${Math.round(step.best.requestsPerSec).toString().padStart(7)} ${String(step.best.p99).padStart(7)} ${Math.round(cpu).toString().padStart(14)} ${delta.padStart(6)}${step.best.non2xx + step.best.errors ? `  ✗ ${step.best.non2xx + step.best.errors} non-2xx` : ''}`,
    );
    previous = cpu;
  }
}

async function scale(bench: Bench, report: Record<string, unknown>) {
  const { options, client, users } = bench;
  const sizes = [...options.scaleSizes].sort((a, b) => a - b);
  const steps: unknown[] = [];
  const summary: { size: number; rows: Row[]; explain: Record<string, number> }[] = [];
  let token: string | undefined;
  let seededUpTo = 0;
  for (const size of sizes) {
    log(`\nSeeding up to ${size.toLocaleString('en-US')} assets…`);
    const seeded = await seedAssets(client, users, seededUpTo + 1, size);
    seededUpTo = size;
    const vacuumStarted = performance.now();
    await vacuumAnalyze(client);
    const vacuumMs = performance.now() - vacuumStarted;
    log(`  +${seconds(seeded.ms)} seeding, ${seconds(vacuumMs)} vacuum + analyze`);
    if (!token) {
      const ours = await startServer('ours', bench.url, options.pool);
      try {
        token = await login(ours.url);
      } finally {
        await ours.stop();
      }
    }
    const deepSeq = Math.max(2, Math.floor(size * 0.1));
    const specs = scaleSpecs(users, deepSeq);
    const plans = {
      holder: await explain(client, FLOOR_SQL.listByHolder, [users.employeeId, 51]),
      first: await explain(client, FLOOR_SQL.listFirst, [51]),
      deep: await explain(client, FLOOR_SQL.listAfter, [deepSeq, 51]),
      depot: await explain(client, FLOOR_SQL.listByHolder, [users.depotId, 51]),
    };
    log(
      `  EXPLAIN ANALYZE execution: ${Object.entries(plans)
        .map(([k, p]) => `${k} ${p.executionMs.toFixed(2)} ms`)
        .join(', ')}`,
    );
    const rows = await compare(bench, token, () => specs.map((s) => s.spec), `scale-${size}`);
    printTable(`assets.list at ${size.toLocaleString('en-US')} assets`, rows);
    printCpu(rows);
    summary.push({
      size,
      rows,
      explain: Object.fromEntries(Object.entries(plans).map(([k, p]) => [k, p.executionMs])),
    });
    steps.push({
      size,
      seedMs: seeded.ms,
      vacuumAnalyzeMs: vacuumMs,
      tables: await tableSizes(client),
      plans,
      results: rows.map((r, i) => ({ key: specs[i]!.key, ...r, ratio: ratio(r) })),
    });
  }
  console.log('\nScaling of assets.list p99 (ms), ours / floor, and the query alone (EXPLAIN ANALYZE, ms):');
  const keys = scaleSpecs(users, 2);
  const w = Math.max(...keys.map((k) => k.spec.label.length));
  console.log(`${''.padEnd(w)} ${sizes.map((s) => s.toLocaleString('en-US').padStart(24)).join('')}`);
  keys.forEach((k, i) => {
    const cells = summary.map((s) => {
      const r = s.rows[i]!;
      return `${r.ours.p99}/${r.floor.p99} (${(s.explain[k.key] ?? 0).toFixed(2)})`.padStart(24);
    });
    console.log(`${k.spec.label.padEnd(w)} ${cells.join('')}`);
  });
  for (const [name, p] of Object.entries(bench.profiles)) printProfile(name, p.ours, p.floor);
  report.scale = steps;
}

/** The CSV import, timed, into the fresh database (before any other scenario seeds assets). */
async function importBench(bench: Bench, report: Record<string, unknown>, rows: number) {
  log(
    `Importing ${rows.toLocaleString('en-US')} asset rows from CSV: dry run, then apply in one transaction…`,
  );
  const result = await benchImport(
    bench.database,
    bench.client,
    { id: bench.users.managerId, username: MANAGER },
    rows,
  );
  report.import = result;
  log(
    `  ${(result.bytes / 2 ** 20).toFixed(1)} MiB of CSV; dry run ${seconds(result.dryRunMs)}; apply ${seconds(result.applyMs)} (${Math.round(result.rowsPerSecond).toLocaleString('en-US')} rows/s); ${result.assetsWritten.toLocaleString('en-US')} assets and ${result.eventsWritten.toLocaleString('en-US')} events written; peak RSS ${result.peakRssMiB} MiB\n  CPU of the apply: ${seconds(result.applyCpuMs.node)} in this process + ${seconds(result.applyCpuMs.postgres)} in PostgreSQL = ${seconds(result.applyCpuMs.node + result.applyCpuMs.postgres)} (${result.busyCoresBefore.toFixed(2)} cores were busy with other work before it)`,
  );
}

/** Two instances, many subscribers, mutations through one: commit → last subscriber's receipt. */
async function fanout(bench: Bench, report: Record<string, unknown>) {
  const { options } = bench;
  log(
    `\nFan-out: ${options.subscribers} WebSocket subscribers on 2 API instances, ${options.mutations} assets.create through one, one every 100 ms…`,
  );
  const result = await runFanout(
    bench.url,
    bench.client,
    { subscribers: options.subscribers, mutations: options.mutations, intervalMs: 100 },
    options.pool,
    log,
  );
  report.fanout = result;
  const ms = (n: number) => `${n} ms`;
  log(
    `  commit → last subscriber: p50 ${ms(result.fromCommit.p50)}, p99 ${ms(result.fromCommit.p99)}, max ${ms(result.fromCommit.max)}${result.fromCommit.p99 < 250 ? '' : '  ! target p99 < 250 ms'}`,
  );
  log(
    `  request sent → last subscriber: p50 ${ms(result.fromRequest.p50)}, p99 ${ms(result.fromRequest.p99)}, max ${ms(result.fromRequest.max)}`,
  );
  if (result.missing > 0) log(`  ✗ ${result.missing} receipts never arrived (within 30 s)`);
}

async function main() {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  log(`PostgreSQL server: ${redact(serverUrl())}`);
  const created = await createBenchDatabase();
  log(`Database ${created.name} created${options.keep ? ' (kept afterwards: --keep)' : ''}`);
  let database: Database | undefined;
  const client = new pg.Client({ connectionString: created.url });
  const report: Record<string, unknown> = { startedAt: new Date().toISOString(), options };
  try {
    database = await createDatabase(created.url, { poolSize: 4 });
    await client.connect();
    report.machine = await machine(client);
    report.code = codeVersion();
    const m = report.machine as Awaited<ReturnType<typeof machine>>;
    log(`Machine: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.postgres.split(' on ')[0]}`);
    if (m.cpus <= 2)
      log(
        '  Note: the load generator, the server under test and PostgreSQL share these cores: figures are relative.',
      );
    const users = await seedUsers(client, await hashPassword(BENCH_PASSWORD));
    report.employeeHolds = EMPLOYEE_HOLDS;
    let profileDir: string | undefined;
    if (options.profile) {
      profileDir = path.join(RESULTS_DIR, `profiles-${stamp}`);
      await mkdir(profileDir, { recursive: true });
    }
    const bench: Bench = { options, url: created.url, database, client, users, profileDir, profiles: {} };
    if (options.importRows !== null) await importBench(bench, report, options.importRows);
    if (options.scale) await scale(bench, report);
    else {
      if (options.only.length > 0) await standard(bench, report);
      if (options.fanout) await fanout(bench, report);
    }
    report.profiles = bench.profiles;
    report.finishedAt = new Date().toISOString();
    const file = await writeJson(`${stamp}${options.scale ? '-scale' : ''}`, report);
    log(`\nJSON: ${path.relative(process.cwd(), file)}`);
    if (profileDir)
      log(`CPU profiles: ${path.relative(process.cwd(), profileDir)} (open in Chrome DevTools)`);
  } finally {
    await client.end().catch(() => {});
    await database?.close().catch(() => {});
    if (options.keep) log(`Kept: ${redact(created.url)}`);
    else await created.drop();
  }
}

await main();
