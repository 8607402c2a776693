/**
 * Where the machine's CPU went during a measured run (Linux /proc): the server process, the
 * PostgreSQL processes, the load generator (this process) and everything else. On a 2-core
 * machine these compete, so this says what a request costs each of them.
 */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';

export const TICK_MS = 10; // USER_HZ is 100 on Linux

export async function ticksOf(pid: number | string): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export async function postgresPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readFile(`/proc/${entry}/comm`, 'utf8')).trim() === 'postgres') pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const v = line.split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

interface Snapshot {
  at: number;
  server: number;
  postgres: Map<number, number>;
  self: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
}

export interface CpuSplit {
  /** Share of the machine's CPU capacity in use (1 = every core busy). */
  machineBusy: number;
  /** Milliseconds of CPU per 1,000 requests, by whom. */
  perKiloRequestMs: { server: number; postgres: number; loadGenerator: number; other: number };
  /** Cores used on average, by whom. */
  cores: { server: number; postgres: number; loadGenerator: number; other: number };
}

export async function cpuSnapshot(serverPid: number): Promise<Snapshot | undefined> {
  if (os.platform() !== 'linux') return undefined;
  const postgres = new Map<number, number>();
  for (const pid of await postgresPids()) postgres.set(pid, await ticksOf(pid));
  return {
    at: performance.now(),
    server: await ticksOf(serverPid),
    postgres,
    self: process.cpuUsage(),
    machine: await machineTicks(),
  };
}

export async function cpuSplit(before: Snapshot | undefined, serverPid: number, requests: number) {
  if (!before) return undefined;
  const after = await cpuSnapshot(serverPid);
  if (!after) return undefined;
  const wallMs = after.at - before.at;
  const server = (after.server - before.server) * TICK_MS;
  let postgres = 0;
  for (const [pid, ticks] of after.postgres) postgres += (ticks - (before.postgres.get(pid) ?? 0)) * TICK_MS;
  const self = process.cpuUsage(before.self);
  const loadGenerator = (self.user + self.system) / 1000;
  const busy = (after.machine.busy - before.machine.busy) * TICK_MS;
  const total = (after.machine.total - before.machine.total) * TICK_MS;
  const other = Math.max(0, busy - server - postgres - loadGenerator);
  const per = (ms: number) => (requests > 0 ? (ms / requests) * 1000 : 0);
  const cores = (ms: number) => ms / wallMs;
  return {
    machineBusy: total > 0 ? busy / total : 0,
    perKiloRequestMs: {
      server: per(server),
      postgres: per(postgres),
      loadGenerator: per(loadGenerator),
      other: per(other),
    },
    cores: {
      server: cores(server),
      postgres: cores(postgres),
      loadGenerator: cores(loadGenerator),
      other: cores(other),
    },
  } satisfies CpuSplit;
}

/** CPU ticks of every process, by pid, with its command name. */
async function allProcessTicks(): Promise<Map<number, { comm: string; ticks: number }>> {
  const result = new Map<number, { comm: string; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result.set(Number(entry), { comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {}
  }
  return result;
}

/**
 * Waits (up to `maxMs`) until the machine is nearly idle before a load starts: on a shared machine
 * another job's CPU would be counted against whichever server runs at that moment. Says who is busy.
 */
export async function waitForQuiet(
  ownPids: readonly number[] = [],
  maxMs = 60_000,
  threshold = 0.15,
): Promise<{ busyCores: number; waitedMs: number }> {
  if (os.platform() !== 'linux') return { busyCores: 0, waitedMs: 0 };
  const started = performance.now();
  const cores = os.cpus().length;
  let busyCores = 0;
  let said = '';
  for (;;) {
    const a = await machineTicks();
    const pa = await allProcessTicks();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const b = await machineTicks();
    const pb = await allProcessTicks();
    busyCores = b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * cores : 0;
    const waitedMs = performance.now() - started;
    if (busyCores <= threshold) return { busyCores, waitedMs };
    const top = [...pb]
      .map(([pid, p]) => ({ pid, comm: p.comm, ms: (p.ticks - (pa.get(pid)?.ticks ?? p.ticks)) * TICK_MS }))
      .filter((p) => p.ms >= 50)
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 3)
      .map(
        (p) =>
          `${p.comm} ${p.pid}${ownPids.includes(p.pid) ? ' (the server under test)' : p.pid === process.pid ? ' (this benchmark)' : ''} ${(p.ms / 1000).toFixed(2)}`,
      )
      .join(', ');
    if (waitedMs >= maxMs) {
      console.log(
        `  (still ${busyCores.toFixed(2)} cores busy after ${Math.round(waitedMs / 1000)} s: ${top}; measuring anyway)`,
      );
      return { busyCores, waitedMs };
    }
    const line = `  (waiting for the machine to go quiet: ${busyCores.toFixed(2)} cores busy: ${top || 'short-lived processes'})`;
    if (!said) console.log(line);
    said = line;
  }
}
