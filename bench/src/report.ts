/** Printing tables and writing the JSON result. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Measurement } from './load.ts';
import type { ProfileSummary } from './profile.ts';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (s: string, n: number) => s.padStart(n);

export interface Row {
  label: string;
  ours: Measurement;
  floor: Measurement;
}

export function ratio(row: Row): number {
  return row.floor.requestsPerSec > 0 ? row.ours.requestsPerSec / row.floor.requestsPerSec : 0;
}

/** Other work on the machine took more than a quarter of a core during the run. */
export const NOISY_CORES = 0.25;
const noisy = (m: Measurement) => (m.cpu?.cores.other ?? 0) > NOISY_CORES;

export function printTable(title: string, rows: Row[], target = 0.8): void {
  const w = Math.max(28, ...rows.map((r) => r.label.length));
  console.log(`\n${title}`);
  console.log(
    `${'scenario'.padEnd(w)} │ ${pad('ours req/s', 10)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} │ ${pad('floor req/s', 11)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} │ ${pad('ratio', 5)} ${pad('non-2xx', 9)}`,
  );
  console.log(`${'─'.repeat(w)}─┼─${'─'.repeat(26)}─┼─${'─'.repeat(27)}─┼─${'─'.repeat(16)}`);
  for (const row of rows) {
    const r = ratio(row);
    const bad = row.ours.non2xx + row.ours.errors + row.floor.non2xx + row.floor.errors;
    console.log(
      `${row.label.padEnd(w)} │ ${pad(num(row.ours.requestsPerSec), 10)} ${pad(num(row.ours.p50), 7)} ${pad(num(row.ours.p99), 7)} │ ${pad(num(row.floor.requestsPerSec), 11)} ${pad(num(row.floor.p50), 7)} ${pad(num(row.floor.p99), 7)} │ ${pad(r.toFixed(2), 5)}${r < target ? '!' : ' '}${pad(`${row.ours.non2xx + row.ours.errors}/${row.floor.non2xx + row.floor.errors}`, 8)}${bad ? ' ✗' : ''}${noisy(row.ours) || noisy(row.floor) ? ' ~' : ''}`,
    );
  }
  console.log(
    `(ratio = ours/floor throughput; "!" below the ${target} target; non-2xx = ours/floor, incl. socket errors; "~" other work took > ${NOISY_CORES} core meanwhile)`,
  );
}

/** CPU per request by process: the server, PostgreSQL, the load generator, the rest of the machine. */
export function printCpu(rows: Row[]): void {
  if (!rows.some((r) => r.ours.cpu && r.floor.cpu)) return;
  const w = Math.max(28, ...rows.map((r) => r.label.length));
  console.log(
    '\nCPU per request (µs) during the measured runs: server / PostgreSQL / load generator / other; machine busy',
  );
  const cell = (m: Measurement) => {
    const c = m.cpu;
    if (!c) return pad('n/a', 30);
    const k = c.perKiloRequestMs;
    return `${pad(num(k.server), 5)} /${pad(num(k.postgres), 5)} /${pad(num(k.loadGenerator), 5)} /${pad(num(k.other), 4)}; ${pad(`${Math.round(c.machineBusy * 100)}%`, 4)}`;
  };
  console.log(`${'scenario'.padEnd(w)} │ ${'ours'.padEnd(33)} │ floor`);
  for (const row of rows) console.log(`${row.label.padEnd(w)} │ ${cell(row.ours)} │ ${cell(row.floor)}`);
  if (rows.some((r) => r.ours.gc && r.floor.gc)) {
    console.log(
      '\nServer garbage collection during the measured runs: µs of main-thread pause per request; young / full collections per 1,000 requests',
    );
    const gc = (m: Measurement) => {
      const g = m.gc;
      const n = m.total2xx + m.non2xx;
      if (!g || n === 0) return 'n/a';
      const per = (count: number) => ((count * 1000) / n).toFixed(1);
      return `${pad(num(((g.young.ms + g.full.ms) * 1000) / n), 5)} µs; ${pad(per(g.young.count), 5)} / ${pad(per(g.full.count), 4)}`;
    };
    console.log(`${'scenario'.padEnd(w)} │ ${'ours'.padEnd(22)} │ floor`);
    for (const row of rows)
      console.log(`${row.label.padEnd(w)} │ ${gc(row.ours).padEnd(22)} │ ${gc(row.floor)}`);
  }
  if (!rows.some((r) => r.ours.db && r.floor.db)) return;
  console.log(
    '\nDatabase work per request, whole database: transactions (each autocommitted statement is one) / rows read\n(autovacuum counts too: read small differences as noise)',
  );
  const db = (m: Measurement) =>
    m.db
      ? `${m.db.transactionsPerRequest.toFixed(2).padStart(6)} / ${num(m.db.rowsReadPerRequest).padStart(6)}`
      : 'n/a';
  console.log(`${'scenario'.padEnd(w)} │ ${'ours'.padEnd(15)} │ floor`);
  for (const row of rows)
    console.log(`${row.label.padEnd(w)} │ ${db(row.ours).padEnd(15)} │ ${db(row.floor)}`);
}

export function printProfile(label: string, ours: ProfileSummary, floor: ProfileSummary): void {
  console.log(
    `\n  Server CPU, ${label}: µs per request by who caused it (Node internals and V8 builtins charged to their caller)`,
  );
  const cats = new Map<string, { ours: number; floor: number }>();
  for (const c of ours.byOwner) cats.set(c.category, { ours: c.usPerRequest, floor: 0 });
  for (const c of floor.byOwner) {
    const e = cats.get(c.category) ?? { ours: 0, floor: 0 };
    e.floor = c.usPerRequest;
    cats.set(c.category, e);
  }
  const total = (s: ProfileSummary) => (s.requests ? (s.busyMs * 1000) / s.requests : 0);
  console.log(`    ${'owner'.padEnd(26)} ${pad('ours', 8)} ${pad('floor', 8)}`);
  console.log(`    ${'(all busy CPU)'.padEnd(26)} ${pad(num(total(ours)), 8)} ${pad(num(total(floor)), 8)}`);
  const sorted = [...cats].sort((a, b) => b[1].ours - a[1].ours);
  for (const [category, v] of sorted.filter(([, v]) => Math.max(v.ours, v.floor) >= 1).slice(0, 16)) {
    console.log(`    ${category.padEnd(26)} ${pad(num(v.ours), 8)} ${pad(num(v.floor), 8)}`);
  }
}

export async function writeJson(name: string, data: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
