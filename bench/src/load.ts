/** The load: autocannon over loopback, bounded in time, with a warm-up that is not counted. */
import autocannon from 'autocannon';
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
  /** Where the CPU went during the measured run (Linux only). */
  cpu?: CpuSplit;
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
  await options.around?.before();
  const before = await cpuSnapshot(options.serverPid);
  const r = await fire(url, token, spec, options.seconds, options.connections, errorSamples);
  const cpu = await cpuSplit(before, options.serverPid, r['2xx'] + r.non2xx);
  await options.around?.after();
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
    busyBeforeStart: quiet.busyCores,
    errorSamples,
    warmup2xx,
  };
}
