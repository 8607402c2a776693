/**
 * Fan-out of live events (`--only fanout`): two API instances on the one benchmark database,
 * `subscribers` WebSocket subscribers to `events.onChange` split evenly across them (each with a
 * staff session of its own, so every subscriber receives every event), and `mutations`
 * `assets.create` calls through the first instance, one every `intervalMs`. For each mutation:
 * the time from its commit to the receipt by the LAST subscriber.
 *
 * "Commit" is the moment the mutation's HTTP response arrives at the benchmark: the procedure
 * commits before it answers, so the true commit is a little earlier and the figure is, if anything,
 * a little low; the time from sending the request is reported beside it as an upper bound.
 * Receipts are timestamped in the benchmark process when each socket's message is handled.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import WebSocket from 'ws';
import { MANAGER } from './seed.ts';
import { type RunningServer, startServer } from './servers.ts';

export interface FanoutOptions {
  subscribers: number;
  mutations: number;
  intervalMs: number;
}

export interface FanoutResult {
  subscribers: number;
  instances: number;
  mutations: number;
  intervalMs: number;
  /** Commit (response arrival) → last subscriber's receipt, ms. */
  fromCommit: { p50: number; p99: number; max: number };
  /** Request sent → last subscriber's receipt, ms. */
  fromRequest: { p50: number; p99: number; max: number };
  /** Receipts that never came (must be 0). */
  missing: number;
  connectMs: number;
}

const TIMEOUT_MS = 30_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)!),
  };
}

/** One session per subscriber for the manager (staff): real rows, as logins would leave them. */
async function createSessions(client: pg.Client, count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => randomBytes(32).toString('base64url'));
  const hashes = tokens.map((t) => createHash('sha256').update(t).digest('hex'));
  await client.query(
    `insert into sessions (user_id, token_hash, expires_at)
     select u.id, h, now() + interval '1 day' from users u, unnest($2::text[]) h where u.username = $1`,
    [MANAGER, hashes],
  );
  return tokens;
}

interface Mutation {
  tag: string;
  sentAt: number;
  answeredAt: number;
  received: number;
  lastAt: number;
}

/** Opens one subscriber; calls `onEvent(tag, at)` for every asset creation it receives. */
function subscribe(
  baseUrl: string,
  token: string,
  onEvent: (tag: string, at: number) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/trpc`, {
      headers: { authorization: `Bearer ${token}` },
    });
    socket.on('open', () => {
      socket.send(
        JSON.stringify({ id: 1, method: 'subscription', params: { path: 'events.onChange', input: {} } }),
      );
    });
    socket.on('message', (raw) => {
      const at = performance.now();
      const text = raw.toString();
      // The server's keep-alive: answer it, as the tRPC client does.
      if (text === 'PING') return void socket.send('PONG');
      const message = JSON.parse(text) as {
        // A tracked event: { id, data: the event }.
        result?: {
          type: string;
          data?: { id: string; data?: { entity?: string; action?: string; after?: { tag?: string } } };
        };
        error?: unknown;
      };
      if (message.error) reject(new Error(`subscription failed: ${JSON.stringify(message.error)}`));
      else if (message.result?.type === 'started') resolve(socket);
      else if (message.result?.type === 'data') {
        const event = message.result.data?.data;
        if (event?.entity === 'asset' && event.action === 'created' && event.after?.tag)
          onEvent(event.after.tag, at);
      }
    });
    socket.on('error', reject);
  });
}

async function create(baseUrl: string, token: string, tag: string): Promise<void> {
  const response = await fetch(`${baseUrl}/trpc/assets.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ tag, name: `Fan-out ${tag}`, type: 'laptop' }),
  });
  if (!response.ok) throw new Error(`assets.create answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` or the timeout; true if done. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

export async function runFanout(
  databaseUrl: string,
  client: pg.Client,
  options: FanoutOptions,
  poolSize: number,
  log: (line: string) => void,
): Promise<FanoutResult> {
  const servers: RunningServer[] = [];
  const sockets: WebSocket[] = [];
  try {
    servers.push(await startServer('ours', databaseUrl, poolSize));
    servers.push(await startServer('ours', databaseUrl, poolSize));
    const [writerToken, ...tokens] = await createSessions(client, options.subscribers + 1);
    const byTag = new Map<string, Mutation>();
    const onEvent = (tag: string, at: number) => {
      const mutation = byTag.get(tag);
      if (!mutation) return;
      mutation.received += 1;
      if (at > mutation.lastAt) mutation.lastAt = at;
    };

    const connectStarted = performance.now();
    // Connect in batches, so the upgrade handshakes do not all queue at once.
    for (let i = 0; i < tokens.length; i += 100) {
      const batch = tokens.slice(i, i + 100);
      sockets.push(
        ...(await Promise.all(
          batch.map((token, j) => subscribe(servers[(i + j) % servers.length]!.url, token, onEvent)),
        )),
      );
    }
    const connectMs = performance.now() - connectStarted;
    log(
      `  ${sockets.length} subscribers on ${servers.length} instances in ${(connectMs / 1000).toFixed(1)} s`,
    );

    const writer = servers[0]!.url;
    const run = async (tag: string): Promise<Mutation> => {
      const mutation: Mutation = { tag, sentAt: performance.now(), answeredAt: 0, received: 0, lastAt: 0 };
      byTag.set(tag, mutation);
      await create(writer, writerToken!, tag);
      mutation.answeredAt = performance.now();
      return mutation;
    };
    // Warm-up. A subscriber hears "started" before its subscription has joined its instance's hub,
    // so it is live once it receives an event: repeat until one warm-up event reaches them all.
    const stamp = randomBytes(4).toString('hex');
    for (let attempt = 0; ; attempt++) {
      const warm = await run(`FANOUT-WARM-${stamp}-${attempt}`);
      if (await until(() => warm.received >= sockets.length, 2_000)) break;
      if (attempt >= 15)
        throw new Error(`only ${warm.received} of ${sockets.length} subscribers received a warm-up event`);
    }

    const measured: Mutation[] = [];
    for (let i = 0; i < options.mutations; i++) {
      const started = performance.now();
      measured.push(await run(`FANOUT-${stamp}-${i}`));
      await sleep(Math.max(0, options.intervalMs - (performance.now() - started)));
    }
    const expected = sockets.length;
    await until(() => measured.every((m) => m.received >= expected), TIMEOUT_MS);
    const complete = measured.filter((m) => m.received >= expected);
    return {
      subscribers: sockets.length,
      instances: servers.length,
      mutations: measured.length,
      intervalMs: options.intervalMs,
      fromCommit: summary(complete.map((m) => m.lastAt - m.answeredAt)),
      fromRequest: summary(complete.map((m) => m.lastAt - m.sentAt)),
      missing: measured.reduce((sum, m) => sum + Math.max(0, expected - m.received), 0),
      connectMs,
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await Promise.all(servers.map((s) => s.stop()));
  }
}
