/**
 * In-process probe: CPU, bytes allocated and garbage collection per request, the API against the
 * floor (and the ladder's steps), through Fastify's `inject`: no sockets and no load generator, so
 * a change's cost shows without the noise of a full run. Needs a database kept by
 * `pnpm bench -- --keep`:
 *
 *   pnpm --filter @itam/bench probe <database url> [list|get|create] [requests]
 *
 * Environment: ROUNDS (alternations, default 3; the best of each is printed last), CONCURRENCY
 * (requests in flight, default 20), TOP (allocation sites listed per run, default 12),
 * ONLY=ours,floor,… (which servers), LADDER=kysely,zod,caller (adds those steps).
 */
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { tuneRuntime } from '@itam/api/runtime';
import { createServer } from '@itam/api/server';
import pg from 'pg';
import { loadConfig } from '../../apps/api/src/config.ts';
import { createFloorServer } from './floor.ts';
import { createLadderServer, type LadderStep } from './ladder.ts';
import { BENCH_PASSWORD, EMPLOYEE, MANAGER } from './seed.ts';

tuneRuntime();
const [url, scenario = 'list', countText = '5000'] = process.argv.slice(2).filter((a) => a !== '--');
if (!url) throw new Error('usage: probe.ts <database url> [list|get|create] [requests]');
const count = Number(countText);

const client = new pg.Client(url);
await client.connect();
const employee = (await client.query('select id from users where username = $1', [EMPLOYEE])).rows[0].id;
const assetIds = (await client.query('select id from assets order by seq limit 1000')).rows.map((r) => r.id);
await client.end();

const ours = await createServer(
  loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '10',
    ITAM_SECRET: randomBytes(32).toString('base64url'),
    ITAM_NOTIFICATION_INTERVAL_SECONDS: '0',
  }),
);
const floor = await createFloorServer(url, 10);
await ours.server.ready();
await floor.app.ready();

const login = await ours.server.inject({
  method: 'POST',
  url: '/trpc/auth.login',
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify({ username: MANAGER, password: BENCH_PASSWORD }),
});
const token = JSON.parse(login.body).result.data.token as string;

const stamp = Date.now().toString(36);
let created = 0;
/** The request for the i-th call: a page by holder, one asset, or a new asset (a unique tag). */
function request(i: number): InjectOptions {
  const headers = { authorization: `Bearer ${token}` };
  if (scenario === 'create')
    return {
      method: 'POST',
      url: '/trpc/assets.create',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ tag: `PRB-${stamp}-${created++}`, name: 'Probe laptop', type: 'laptop' }),
    };
  const input =
    scenario === 'list' ? { holderId: employee, limit: 50 } : { id: assetIds[i % assetIds.length] };
  return {
    method: 'GET',
    url: `/trpc/assets.${scenario}?input=${encodeURIComponent(JSON.stringify(input))}`,
    headers,
  };
}

interface InjectOptions {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}
type Inject = (o: InjectOptions) => Promise<{ statusCode: number; body: string }>;
async function run(
  inject: Inject,
  n: number,
  concurrency = Number(process.env.CONCURRENCY ?? 20),
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const res = await inject(request(next++));
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${res.body.slice(0, 300)}`);
      }
    }),
  );
}

const inspector = new Session();
inspector.connect();
const best = new Map<string, number>();
const bestKb = new Map<string, number>();
async function measure(name: string, inject: Inject) {
  await run(inject, 1000);
  globalThis.gc?.();
  const gc = new Map<string, { n: number; ms: number }>();
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[(entry as unknown as { detail: { kind: number } }).detail.kind] ?? '?';
      const g = gc.get(kind) ?? { n: 0, ms: 0 };
      g.n++;
      g.ms += entry.duration;
      gc.set(kind, g);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(inject, count);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  const gcText = [...gc]
    .map(([k, g]) => `${k} ${g.n}× ${((g.ms * 1000) / count).toFixed(0)} µs/req`)
    .join(', ');
  await inspector.post('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await run(inject, Math.min(count, 2000));
  const { profile } = await inspector.post('HeapProfiler.stopSampling');
  type Node = {
    selfSize: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children: Node[];
  };
  let total = 0;
  const byFrame = new Map<string, number>();
  const walk = (node: Node, owner: string) => {
    const u = node.callFrame.url;
    const mine =
      u && !u.startsWith('node:')
        ? `${u.replace(/.*node_modules\//, '').replace(/.*\/work\/[^/]+\//, '')}:${node.callFrame.lineNumber + 1} ${node.callFrame.functionName}`
        : owner;
    total += node.selfSize;
    byFrame.set(mine, (byFrame.get(mine) ?? 0) + node.selfSize);
    for (const c of node.children) walk(c, mine);
  };
  walk(profile.head as Node, '(root)');
  const n = Math.min(count, 2000);
  const us = (cpu.user + cpu.system) / count;
  best.set(name, Math.min(best.get(name) ?? Infinity, us));
  bestKb.set(name, Math.min(bestKb.get(name) ?? Infinity, total / n / 1024));
  console.log(
    `${name}: ${((cpu.user + cpu.system) / count).toFixed(0)} µs CPU/request (user ${(cpu.user / count).toFixed(0)}), ${((wall * 1000) / count).toFixed(0)} µs wall; ~${(total / n / 1024).toFixed(0)} KB allocated/request; GC: ${gcText}`,
  );
  for (const [k, v] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 12)))
    console.log(`   ${(v / n / 1024).toFixed(1).padStart(7)} KB  ${k}`);
}
const servers: [string, Inject][] = [
  ['ours', ours.server.inject.bind(ours.server) as unknown as Inject],
  ['floor', floor.app.inject.bind(floor.app) as unknown as Inject],
];
// LADDER=kysely,zod,caller adds the steps between the floor and the API (see ladder.ts).
const steps = (process.env.LADDER ?? '').split(',').filter(Boolean) as LadderStep[];
const ladder = await Promise.all(steps.map((step) => createLadderServer(step, url, 10)));
ladder.forEach((step, i) => {
  servers.push([steps[i]!, step.app.inject.bind(step.app) as unknown as Inject]);
});
const only = process.env.ONLY?.split(',');
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  for (const [name, inject] of servers)
    if (!only || only.includes(name)) await measure(name.padEnd(6), inject);
}
await Promise.all(ladder.map((step) => step.stop()));
console.log(
  `best: ${[...best].map(([k, v]) => `${k.trim()} ${v.toFixed(0)} µs ${bestKb.get(k)!.toFixed(0)} KB`).join(', ')}`,
);
await ours.stop();
await floor.stop();
