/**
 * `pnpm bench -- --only import`: CSV import of N asset rows (default 100,000) on the real
 * PostgreSQL, through the same `importCsv` the upload route and the command-line tool call:
 * a dry run (parse, validate, duplicate checks against the database), then the apply (the same
 * checks again, then multi-row inserts of the assets and of one audit event each, in one
 * transaction). Timed from the CSV text to the commit.
 */
import type { Database } from '@itam/db';
import { ASSET_COLUMNS, ASSET_CONDITIONS, ASSET_TYPES, csvLine } from '@itam/domain';
import type pg from 'pg';
import { importCsv } from '../../apps/api/src/csv/import.ts';
import { createKeyring } from '../../apps/api/src/secrets.ts';
import { postgresPids, TICK_MS, ticksOf, waitForQuiet } from './cpu.ts';

export interface ImportResult {
  rows: number;
  bytes: number;
  dryRunMs: number;
  applyMs: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  /**
   * CPU time the apply used: this process (parsing, validating, building statements) and the
   * PostgreSQL backends connected to the bench database. On a shared machine the wall time grows
   * with other work; this does much less, and their sum is about what the apply takes alone.
   */
  applyCpuMs: { node: number; postgres: number };
  /** Cores other processes kept busy just before the apply (the machine may be shared). */
  busyCoresBefore: number;
  assetsWritten: number;
  eventsWritten: number;
}

const STAGES = ['in_stock', 'ordered', 'retired', 'in_maintenance', 'lost'] as const;

/** A realistic file: every column filled, values that need quoting now and then. */
export function importFile(rows: number): string {
  const lines = [csvLine(ASSET_COLUMNS)];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(6, '0');
    lines.push(
      csvLine([
        `CSV-${n}`,
        i % 10 === 0 ? `Laptop ${n}, spare` : `Laptop ${n}`,
        'ThinkPad T14 Gen 4',
        ASSET_TYPES[i % ASSET_TYPES.length]!,
        `SN${n}X`,
        STAGES[i % STAGES.length]!,
        ASSET_CONDITIONS[i % ASSET_CONDITIONS.length]!,
        '2024-03-15',
        (999.99 + (i % 100)).toFixed(2),
        '2027-03-15',
        `Building ${i % 7}, floor ${i % 5}`,
        i % 20 === 0 ? 'Bought with the "Q1" order\nsecond line' : null,
      ]),
    );
  }
  return lines.join('');
}

async function count(client: pg.Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql);
  return Number(rows[0]!.n);
}

/** The server processes serving connections to the bench database (the import's pool among them). */
async function backendsOf(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

export async function benchImport(
  database: Database,
  client: pg.Client,
  actor: { id: string; username: string },
  rows: number,
): Promise<ImportResult> {
  const csv = importFile(rows);
  const deps = {
    db: database.db,
    keyring: createKeyring('bench secret, at least 32 characters long'),
    actor,
  };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const eventsBefore = await count(client, 'select count(*) as n from events');
  try {
    await waitForQuiet();
    const dryStarted = performance.now();
    const dry = await importCsv(deps, 'assets', csv, { dryRun: true });
    const dryRunMs = performance.now() - dryStarted;
    if (dry.problems.length > 0)
      throw new Error(`The bench file has problems: ${JSON.stringify(dry.problems[0])}`);
    const quiet = await waitForQuiet();
    const pgBefore = new Map<number, number>();
    for (const pid of await postgresPids()) pgBefore.set(pid, await ticksOf(pid));
    const nodeBefore = process.cpuUsage();
    const applyStarted = performance.now();
    const applied = await importCsv(deps, 'assets', csv, { dryRun: false });
    const applyMs = performance.now() - applyStarted;
    const node = process.cpuUsage(nodeBefore);
    let postgres = 0;
    for (const pid of await backendsOf(client))
      postgres += ((await ticksOf(pid)) - (pgBefore.get(pid) ?? 0)) * TICK_MS;
    if (applied.created !== rows) throw new Error(`Imported ${applied.created} of ${rows} rows`);
    return {
      rows,
      bytes: Buffer.byteLength(csv),
      dryRunMs,
      applyMs,
      rowsPerSecond: rows / (applyMs / 1000),
      peakRssMiB: Math.round(peak / 2 ** 20),
      applyCpuMs: { node: Math.round((node.user + node.system) / 1000), postgres },
      busyCoresBefore: quiet.busyCores,
      assetsWritten: await count(client, `select count(*) as n from assets where tag like 'CSV-%'`),
      eventsWritten: (await count(client, 'select count(*) as n from events')) - eventsBefore,
    };
  } finally {
    clearInterval(sampler);
  }
}
