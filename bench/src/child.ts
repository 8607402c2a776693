/**
 * One server in its own process, so it has an event loop of its own as in production, and the
 * load generator (in the parent) does not share it. Started by `servers.ts` with IPC:
 *   argv: <ours|floor|kysely|zod|caller> <database url> <pool size> (the last three: ladder.ts)
 *   sends { ready: baseUrl }; then
 *   { profile: 'start' } starts the V8 CPU profiler (so start-up and warm-up are left out),
 *   { profile: 'stop', file } writes the profile to `file` and answers { profiled: file },
 *   { gc: 'start' } starts counting garbage collections (answers { gcCounting: true }),
 *   { gc: 'stop' } answers { gcStats } with what was counted since,
 *   'stop' stops the server and exits.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { tuneRuntime } from '@itam/api/runtime';
import { createServer } from '@itam/api/server';
import { loadConfig } from '../../apps/api/src/config.ts';
import { createFloorServer } from './floor.ts';
import { createLadderServer, type LadderStep } from './ladder.ts';

const [kind, url, poolSize] = process.argv.slice(2);
const KINDS = ['ours', 'floor', 'kysely', 'zod', 'caller'];
if (!kind || !KINDS.includes(kind) || !url || !poolSize || !process.send) {
  console.error(
    `usage: child.ts <${KINDS.join('|')}> <database url> <pool size> (started by servers.ts over IPC)`,
  );
  process.exit(2);
}

// Every server runs with the V8 settings the API's entry point applies in production, so the
// ratio compares the code on either side, not runtime settings.
tuneRuntime();

async function start(): Promise<{ url: string; stop(): Promise<void> }> {
  if (kind === 'floor') {
    const floor = await createFloorServer(url!, Number(poolSize));
    return { url: await floor.start(), stop: () => floor.stop() };
  }
  if (kind !== 'ours') {
    const step = await createLadderServer(kind as LadderStep, url!, Number(poolSize));
    return { url: await step.start(), stop: () => step.stop() };
  }
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: poolSize,
    // Production requires a secret to seal product keys; the benchmark's is throwaway.
    ITAM_SECRET: randomBytes(32).toString('base64url'),
  });
  const app = await createServer(config);
  return { url: await app.start(), stop: () => app.stop() };
}

const server = await start();
let session: Session | undefined;

/** Garbage collections by kind: count and milliseconds (the main thread's pause). */
export interface GcStats {
  young: { count: number; ms: number };
  full: { count: number; ms: number };
}
let gc: GcStats | undefined;
const gcObserver = new PerformanceObserver((list) => {
  if (!gc) return;
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail: { kind: number } }).detail.kind;
    const bucket = kind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.young : gc.full;
    if (kind === constants.NODE_PERFORMANCE_GC_WEAKCB) continue;
    bucket.count++;
    bucket.ms += entry.duration;
  }
});

type Message =
  | 'stop'
  | { profile: 'start' }
  | { profile: 'stop'; file: string }
  | { gc: 'start' }
  | { gc: 'stop' };
process.on('message', async (message: Message) => {
  if (message === 'stop') {
    void server.stop().finally(() => process.exit(0));
  } else if ('gc' in message) {
    if (message.gc === 'start') {
      gc = { young: { count: 0, ms: 0 }, full: { count: 0, ms: 0 } };
      gcObserver.observe({ entryTypes: ['gc'] });
      process.send!({ gcCounting: true });
    } else {
      // GC entries are delivered after the collection; let the last ones arrive.
      await new Promise((resolve) => setTimeout(resolve, 50));
      gcObserver.disconnect();
      process.send!({ gcStats: gc });
      gc = undefined;
    }
  } else if (message.profile === 'start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    process.send!({ profiling: true });
  } else if (message.profile === 'stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(message.file, JSON.stringify(profile));
    session.disconnect();
    session = undefined;
    process.send!({ profiled: message.file });
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: server.url });
