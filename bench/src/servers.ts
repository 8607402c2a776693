import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { GcStats } from './child.ts';

/** The API, the floor, and the steps between them (ladder.ts). */
export type ServerKind = 'ours' | 'floor' | 'kysely' | 'zod' | 'caller';

export interface RunningServer {
  kind: ServerKind;
  url: string;
  pid: number;
  /** Starts the CPU profiler in the server process. */
  startProfile(): Promise<void>;
  /** Stops it and writes the .cpuprofile to `file`. */
  stopProfile(file: string): Promise<void>;
  /** Starts counting garbage collections in the server process. */
  startGc(): Promise<void>;
  /** What was counted since `startGc`. */
  stopGc(): Promise<GcStats>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Starts one server in a child process (the tsx loader is inherited through execArgv). */
export async function startServer(
  kind: ServerKind,
  databaseUrl: string,
  poolSize: number,
): Promise<RunningServer> {
  const child: ChildProcess = fork(CHILD, [kind, databaseUrl, String(poolSize)], {
    execArgv: process.execArgv,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 60 s`)), 60_000);
    child.on('message', (message: { ready?: string }) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve(message.ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with code ${code} before it was ready`));
    });
  });
  let stopped: Promise<void> | undefined;
  const ask = <T = unknown>(message: unknown, answer: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (reply: Record<string, unknown>) => {
        if (!(answer in reply)) return;
        child.off('message', onMessage);
        resolve(reply[answer] as T);
      };
      child.on('message', onMessage);
      child.send(message as object);
    });
  return {
    kind,
    url,
    pid: child.pid!,
    startProfile: () => ask<void>({ profile: 'start' }, 'profiling'),
    stopProfile: (file) => ask<void>({ profile: 'stop', file }, 'profiled'),
    startGc: () => ask<void>({ gc: 'start' }, 'gcCounting'),
    stopGc: () => ask<GcStats>({ gc: 'stop' }, 'gcStats'),
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.send('stop');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}
