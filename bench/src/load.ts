/** The load: autocannon over loopback, bounded in time, with a warm-up that is not counted. */
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { GcStats } from './child.ts';
import { type CpuSplit, cpuSnapshot, cpuSplit, waitForQuiet } from './cpu.ts';

export interface LoadSpec {
  /** What is measured, for the table. */
  label: string;
  method: 'GET' | 'POST';
  /** A fixed path, or a function giving each request's path (and body for POST). */
  next: () => { path: string; body?: string };
  /** Runs before each load (warm-up and measured), e.g. to re-read the state the requests depend on. */
  prepare?: () => Promise<void>;
  /** Sees every answer (status and body). */
  onResponse?: (status: number, body: string) => void;
}

export interface DbStats {
  transactions: number;
  rowsRead: number;
}

export interface Measurement {
  requestsPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSec: number;
  /** Cores busy on the machine just before the warm-up (other work on a shared machine). */
  busyBeforeStart: number;
  /**
   * Database transactions (each autocommitted statement is one) and rows read (returned by scans
   * plus fetched by index) per request, over the whole database during the measured run; both
   * include autovacuum's work, rows read by far the most.
   */
  db?: { transactionsPerRequest: number; rowsReadPerRequest: number };
  /** Where the CPU went during the measured run (Linux only). */
  cpu?: CpuSplit;
  /** The server's garbage collections during the measured run. */
  gc?: GcStats;
  /** Up to three non-2xx answers (status and body), to say what went wrong. */
  errorSamples: string[];
  /** 2xx answers during the warm-up (for per-request CPU figures of a profiled server). */
  warmup2xx: number;
}

export function trpcInput(input: unknown): string {
  return `?input=${encodeURIComponent(JSON.stringify(input))}`;
}

async function fire(
  url: string,
  token: string,
  spec: LoadSpec,
  seconds: number,
  connections: number,
  errorSamples: string[] = [],
): Promise<autocannon.Result> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (spec.method === 'POST') headers['content-type'] = 'application/json';
  const first = spec.next();
  return autocannon({
    url,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
    method: spec.method,
    headers,
    requests: [
      {
        method: spec.method,
        path: first.path,
        setupRequest: (request) => {
          const { path, body } = spec.next();
          request.path = path;
          if (body !== undefined) request.body = body;
          return request;
        },
        onResponse: (status, body) => {
          spec.onResponse?.(status, body);
          if ((status < 200 || status > 299) && errorSamples.length < 3)
            errorSamples.push(`${status} ${body}`);
        },
      },
    ],
  });
}

/** Warm-up (not counted), then the measured run. */
export async function measure(
  url: string,
  token: string,
  spec: LoadSpec,
  options: {
    seconds: number;
    warmup: number;
    connections: number;
    serverPid: number;
    /** Called right before and after the measured run (not the warm-up): to profile just that. */
    around?: { before(): Promise<void>; after(): Promise<void> };
    /** Reads the database's counters (pg_stat_database), for statements per request. */
    dbStats?: () => Promise<DbStats>;
  },
): Promise<Measurement> {
  const quiet = await waitForQuiet([options.serverPid]);
  let warmup2xx = 0;
  const errorSamples: string[] = [];
  if (options.warmup > 0) {
    await spec.prepare?.();
    const w = await fire(url, token, spec, options.warmup, options.connections, errorSamples);
    warmup2xx = w['2xx'];
    if (w.non2xx) errorSamples.push(`(${w.non2xx} non-2xx during the warm-up)`);
  }
  await spec.prepare?.();
  // PostgreSQL publishes a backend's counters up to a second after its last transaction.
  const settledStats = async () => {
    if (!options.dbStats) return undefined;
    await sleep(1_500);
    return options.dbStats();
  };
  const statsBefore = await settledStats();
  await options.around?.before();
  const before = await cpuSnapshot(options.serverPid);
  const r = await fire(url, token, spec, options.seconds, options.connections, errorSamples);
  const cpu = await cpuSplit(before, options.serverPid, r['2xx'] + r.non2xx);
  await options.around?.after();
  const statsAfter = await settledStats();
  const answered = r['2xx'] + r.non2xx;
  const db =
    statsBefore && statsAfter && answered > 0
      ? {
          transactionsPerRequest: (statsAfter.transactions - statsBefore.transactions) / answered,
          rowsReadPerRequest: (statsAfter.rowsRead - statsBefore.rowsRead) / answered,
        }
      : undefined;
  const statusCodes = Object.fromEntries(
    Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  );
  return {
    requestsPerSec: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: r.latency.average,
    total2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    durationSec: r.duration,
    ...(cpu ? { cpu } : {}),
    ...(db ? { db } : {}),
    busyBeforeStart: quiet.busyCores,
    errorSamples,
    warmup2xx,
  };
}
