/**
 * Retries against a real server, through a real loopback TCP proxy that can drop a connection
 * the moment the server starts to answer: the server has done the work (and committed), the
 * client gets no response. A keyed mutation is retried with the same key and applies once; a
 * query is retried; a mutation without a key (auth.*) is not.
 */
import { once } from 'node:events';
import net from 'node:net';
import { loadConfig } from '@itam/api/config';
import { createServer } from '@itam/api/server';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createItamClient, type ItamClient } from '../src/index.ts';
import { backoffDelay, isSafeToRetry, withIdempotencyKey } from '../src/retry.ts';

/** A TCP proxy on 127.0.0.1 in front of the server; counts requests, can drop or answer 503. */
class TcpProxy {
  readonly server = net.createServer((client) => this.#connect(client));
  /** Requests that reached the proxy (the first bytes of each start with the HTTP method). */
  requests = 0;
  /** How many of the next responses to drop: the connection closes as the server begins to answer. */
  dropResponses = 0;
  /** How many of the next requests to answer with 503 instead of forwarding. */
  unavailable = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  readonly #sockets = new Set<net.Socket>();

  /** Closes the listener and every open connection (kept alive by either side). */
  stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    return closed;
  }

  #connect(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    }
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.on('data', (chunk: Buffer) => {
      if (/^(GET|POST) /.test(chunk.toString('latin1', 0, 5))) {
        this.requests++;
        if (this.unavailable > 0) {
          this.unavailable--;
          // why a canned answer: a real 503 needs the database gone; this is the body the API
          // sends then (UNAVAILABLE), so the client sees exactly what it would see in production.
          const body = JSON.stringify([
            {
              error: {
                message: 'The database is unavailable; try again shortly.',
                code: -32603,
                data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, reason: 'UNAVAILABLE' },
              },
            },
          ]);
          client.end(
            `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
          );
          upstream.destroy();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.dropResponses > 0) {
        this.dropResponses--;
        close();
        return;
      }
      client.write(chunk);
    });
  }
}

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createServer>>;
let proxy: TcpProxy;
let proxyUrl: string;
let token: string;
let client: ItamClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' }), { database });
  const url = new URL(await app.start());
  proxy = new TcpProxy({ host: url.hostname, port: Number(url.port) });
  proxyUrl = await proxy.start();
  const anonymous = createItamClient({ url: url.toString() });
  ({ token } = await anonymous.auth.signUp.mutate({
    username: 'retry-owner',
    email: 'retry-owner@example.test',
    password: 'correct horse battery',
  }));
  await anonymous.close();
  client = createItamClient({ url: proxyUrl, token, retry: { baseDelayMs: 10, maxDelayMs: 50 } });
});

afterAll(async () => {
  await client?.close();
  await proxy?.stop();
  await app?.stop();
  await database?.close();
});

beforeEach(() => {
  proxy.requests = 0;
  proxy.dropResponses = 0;
  proxy.unavailable = 0;
});

async function assetsTagged(tag: string) {
  return database.db.selectFrom('assets').select('id').where('tag', '=', tag).execute();
}

async function eventsAbout(entityId: string) {
  return database.db.selectFrom('events').select('action').where('entity_id', '=', entityId).execute();
}

describe('a mutation whose response is lost', () => {
  it('is retried with a generated key: the server applied it once, the caller gets its response', async () => {
    proxy.dropResponses = 1;
    const created = await client.assets.create.mutate({
      tag: 'RETRY-1',
      name: 'Dropped once',
      type: 'laptop',
    });
    expect(proxy.requests).toBe(2);
    expect(await assetsTagged('RETRY-1')).toEqual([{ id: created.id }]);
    expect(await eventsAbout(created.id)).toEqual([{ action: 'created' }]);
    const keys = await database.db.selectFrom('idempotency_keys').select(['key', 'procedure']).execute();
    expect(keys.filter((k) => k.procedure === 'assets.create')).toHaveLength(1);
  });

  it("keeps the caller's own key", async () => {
    proxy.dropResponses = 2;
    const created = await client.assets.create.mutate({
      tag: 'RETRY-2',
      name: 'Dropped twice',
      type: 'laptop',
      idempotencyKey: 'caller-key-2',
    });
    expect(proxy.requests).toBe(3);
    expect(await assetsTagged('RETRY-2')).toEqual([{ id: created.id }]);
    const row = await database.db
      .selectFrom('idempotency_keys')
      .select('procedure')
      .where('key', '=', 'caller-key-2')
      .executeTakeFirst();
    expect(row).toEqual({ procedure: 'assets.create' });
  });

  it('a state move (maintenance scheduled, then started) applies once each', async () => {
    const asset = await client.assets.create.mutate({ tag: 'RETRY-3', name: 'Serviced', type: 'laptop' });
    proxy.dropResponses = 1;
    const work = await client.maintenance.schedule.mutate({
      assetId: asset.id,
      scheduledFor: '2030-01-01',
      type: 'repair',
      details: 'dropped once',
    });
    proxy.dropResponses = 1;
    const started = await client.maintenance.start.mutate({ id: work.id });
    expect(started.status).toBe('in_progress');
    expect(await eventsAbout(work.id)).toEqual([{ action: 'scheduled' }, { action: 'started' }]);
  });

  it('a mutation without a key (a login) is not retried: the caller sees the failure', async () => {
    proxy.dropResponses = 1;
    const error = await client.auth.login
      .mutate({ username: 'retry-owner', password: 'correct horse battery' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(proxy.requests).toBe(1);
  });
});

describe('a 503', () => {
  it('is retried for a keyed mutation, which then applies once', async () => {
    proxy.unavailable = 2;
    const created = await client.assets.create.mutate({
      tag: 'RETRY-503',
      name: 'After 503',
      type: 'laptop',
    });
    expect(proxy.requests).toBe(3);
    expect(await assetsTagged('RETRY-503')).toEqual([{ id: created.id }]);
  });

  it('is given up on after the configured retries, with the reason', async () => {
    const limited = createItamClient({ url: proxyUrl, token, retry: { retries: 2, baseDelayMs: 1 } });
    proxy.unavailable = 10;
    const error = await limited.assets.list.query({}).catch((e: unknown) => e);
    expect((error as { data?: { reason?: string } }).data?.reason).toBe('UNAVAILABLE');
    expect(proxy.requests).toBe(3);
    await limited.close();
  });
});

describe('a query whose response is lost', () => {
  it('is read again', async () => {
    proxy.dropResponses = 1;
    const page = await client.assets.list.query({ q: 'retry-1' });
    expect(page.items.map((a) => a.tag)).toEqual(['RETRY-1']);
    expect(proxy.requests).toBe(2);
  });
});

describe('a refusal', () => {
  it('is not retried', async () => {
    const error = await client.assets.create
      .mutate({ tag: 'RETRY-1', name: 'Taken', type: 'laptop' })
      .catch((e: unknown) => e);
    expect((error as { data?: { reason?: string } }).data?.reason).toBe('ASSET_TAG_TAKEN');
    expect(proxy.requests).toBe(1);
  });
});

describe('the rules', () => {
  const op = (type: 'query' | 'mutation', path: string, input: unknown) =>
    ({ id: 1, type, path, input, context: {}, signal: null }) as const;

  it('attach a key to keyed mutations only, and keep a given one', () => {
    expect(withIdempotencyKey(op('mutation', 'assets.create', { tag: 'A' }), () => 'k1').input).toEqual({
      tag: 'A',
      idempotencyKey: 'k1',
    });
    expect(
      withIdempotencyKey(op('mutation', 'assets.create', { idempotencyKey: 'mine' }), () => 'k1').input,
    ).toEqual({ idempotencyKey: 'mine' });
    expect(withIdempotencyKey(op('mutation', 'auth.login', { username: 'a' }), () => 'k1').input).toEqual({
      username: 'a',
    });
    expect(withIdempotencyKey(op('query', 'assets.list', {}), () => 'k1').input).toEqual({});
  });

  it('retry reads and keyed mutations, nothing else', () => {
    expect(isSafeToRetry(op('query', 'assets.list', {}))).toBe(true);
    expect(isSafeToRetry(op('mutation', 'assets.create', { idempotencyKey: 'k' }))).toBe(true);
    expect(isSafeToRetry(op('mutation', 'assets.create', {}))).toBe(false);
    expect(isSafeToRetry(op('mutation', 'auth.signUp', { idempotencyKey: 'k' }))).toBe(false);
  });

  it('back off exponentially up to the ceiling', () => {
    const delays = { baseDelayMs: 100, maxDelayMs: 1_000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1_000, 100 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, delays);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});
