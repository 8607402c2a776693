// Run pnpm at the version pinned in the root package.json ("packageManager": "pnpm@<version>"),
// for scripts that must work from a clean clone with only Node.js and npm (`npm start`, `npm test`).
// The pnpm on PATH is used when it is that version; otherwise pnpm runs through
// `npx -y pnpm@<version>` (corepack is not used: it fails on some machines).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const FALLBACK_VERSION = '12.4.2';
const isWindows = process.platform === 'win32';

/** The pinned pnpm version, from package.json's packageManager field. */
export const pnpmVersion = readPinnedVersion();

function readPinnedVersion() {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? '');
    if (match) return match[1];
  } catch {
    // fall through to the default
  }
  return FALLBACK_VERSION;
}

let resolved;

/** The command (and leading arguments) that runs the pinned pnpm. */
function pnpmCommand() {
  if (resolved) return resolved;
  const probe = spawnSync('pnpm', ['--version'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    shell: isWindows,
  });
  const found = probe.status === 0 ? probe.stdout.trim() : '';
  if (found === pnpmVersion) {
    resolved = { command: 'pnpm', prefix: [] };
  } else {
    console.error(
      `[pnpm] ${found ? `pnpm ${found} is on PATH` : 'no pnpm on PATH'}; using npx -y pnpm@${pnpmVersion}`,
    );
    resolved = { command: 'npx', prefix: ['-y', `pnpm@${pnpmVersion}`] };
  }
  return resolved;
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'];
const DRAIN_TIMEOUT_MS = 30_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while any process of the process group `pgid` is alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * When run by npm (`npm start`, `npm test`): sends SIGTERM to this process (so to a running pnpm
 * child, see `pnpm`) when its parent exits. npm passes a SIGTERM only to the `sh -c` it runs,
 * which dies without passing it on; this keeps us (and the server or tests we run) from living
 * on orphaned. Does nothing when started directly with `node`.
 */
export function stopWhenOrphaned() {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    console.error('[pnpm] parent process exited; stopping');
    process.kill(process.pid, 'SIGTERM');
  }, 1000);
  timer.unref();
}

/**
 * Runs `pnpm ...args` in the repository root with inherited stdio. Resolves when it exits with
 * code 0; otherwise rejects with an Error whose `exitCode` is the child's exit code (128 + the
 * signal number when it was killed by a signal).
 *
 * While the child runs, SIGINT and SIGTERM sent to this process are forwarded to it instead of
 * ending this process. On POSIX the child runs in its own process group and the signal goes to
 * the whole group: pnpm does not pass a SIGTERM on to the script it runs (it exits and leaves
 * the script running), so the script (e.g. the API server) must get the signal itself. After a
 * forwarded signal, this waits (up to 30 s, then SIGKILL) until every process of the group has
 * exited, so a server's graceful shutdown finishes before we return.
 *
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 * @returns {Promise<void>}
 */
export function pnpm(args, options = {}) {
  const { command, prefix } = pnpmCommand();
  const label = `pnpm ${args.join(' ')}`;
  const ownGroup = !isWindows;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: 'inherit',
      shell: isWindows,
      detached: ownGroup,
    });
    let forwarded = false;
    const signalChild = (signal) => {
      if (ownGroup && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // the group is gone already
        }
      } else {
        child.kill(signal);
      }
    };
    const forward = (signal) => {
      forwarded = true;
      signalChild(signal);
    };
    // If this process exits unexpectedly, do not leave the child's group running.
    const killOnExit = () => {
      if (child.exitCode === null && child.signalCode === null) signalChild('SIGTERM');
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    process.on('exit', killOnExit);
    const done = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      process.off('exit', killOnExit);
    };

    child.on('error', (error) => {
      done();
      reject(Object.assign(new Error(`${label}: ${error.message}`), { exitCode: 1 }));
    });
    child.on('exit', async (code, signal) => {
      if (forwarded && ownGroup && child.pid) {
        const deadline = Date.now() + DRAIN_TIMEOUT_MS;
        while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
        if (groupAlive(child.pid)) {
          console.error(`[pnpm] processes of "${label}" still running after 30 s; killing them`);
          signalChild('SIGKILL');
        }
      }
      done();
      if (code === 0) {
        resolve();
        return;
      }
      const exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(Object.assign(new Error(`${label} ${how}`), { exitCode }));
    });
  });
}
