import { loadConfig } from '@itam/api/config';
import { createServer } from '@itam/api/server';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItamClient, reasonOf } from '../src/index.ts';

// The client against a real server on port 0 over real HTTP and a real WebSocket.
let database: TestDatabase;
let app: Awaited<ReturnType<typeof createServer>>;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' }), { database });
  url = await app.start();
});

afterAll(async () => {
  await app?.stop();
  await database?.close();
});

describe('createItamClient', () => {
  it('signs up, lists assets with a token, and follows live events', async () => {
    const anonymous = createItamClient({ url });
    const { token, user } = await anonymous.auth.signUp.mutate({
      username: 'service-owner',
      email: 'owner@example.test',
      password: 'correct horse battery',
    });
    expect(user.role).toBe('admin');
    await anonymous.close();

    const client = createItamClient({ url, token });
    const received: string[] = [];
    let ready!: () => void;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const subscription = client.events.onChange.subscribe(
      {},
      {
        onStarted: () => ready(),
        onData: (tracked) => received.push(tracked.data.entityId),
      },
    );
    await started;
    const created = await client.assets.create.mutate({ tag: 'SVC-1', name: 'Build server', type: 'server' });
    const page = await client.assets.list.query({ q: 'svc-1' });
    expect(page.items.map((a) => a.id)).toEqual([created.id]);
    await expect.poll(() => received, { timeout: 10_000 }).toContain(created.id);
    subscription.unsubscribe();
    await client.close();
  });

  it('exposes the domain reason of a refusal', async () => {
    const client = createItamClient({ url, token: 'not-a-session' });
    const error = await client.assets.list.query({}).catch((e: unknown) => e);
    expect(reasonOf(error)).toBe('UNAUTHENTICATED');
    await client.close();
  });
});
