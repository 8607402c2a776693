/**
 * Outbound webhooks against real HTTP receivers on loopback, with the dispatcher running in a
 * real server: signatures, event-type filters, retries with backoff, timeouts, disabling and
 * removing, redelivery, refused URLs, and secrets that never reach the audit trail.
 */
import { createHmac } from 'node:crypto';
import { createTestDatabase, describeBackend } from '@itam/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../src/context.ts';
import { appRouter } from '../src/router.ts';
import { createServer } from '../src/server.ts';
import { createCallerFactory } from '../src/trpc.ts';
import { createUser, login, maxEventId, unique } from './factories.ts';
import { type Caller, openTestApp, type TestApp, testConfig } from './harness.ts';
import { type Receiver, receivedIds, startReceiver } from './webhook-receiver.ts';

// Long enough that the mutations of the hanging-receiver test finish inside one hanging call even
// on a busy machine; the refused and failing receivers answer at once, so it costs only that test.
const TIMEOUT_MS = 3_000;

let testApp: TestApp;
let admin: Caller;
const receivers: Receiver[] = [];

beforeAll(async () => {
  testApp = await openTestApp({
    ITAM_WEBHOOK_INTERVAL_MS: '50',
    ITAM_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
    ITAM_WEBHOOK_MAX_ATTEMPTS: '3',
    ITAM_WEBHOOK_BACKOFF_BASE_MS: '40',
  });
  await testApp.start();
  const user = await createUser(testApp.database.db, { role: 'admin' });
  admin = await testApp.caller(await login(await testApp.caller(), user));
});

afterEach(async () => {
  // Each test's webhooks go quiet, so they do not take later tests' events.
  for (const webhook of await admin.webhooks.list()) await admin.webhooks.remove({ id: webhook.id });
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await testApp?.close();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

const newAsset = () =>
  admin.assets.create({ tag: unique('HOOK').toUpperCase(), name: 'Hooked laptop', type: 'laptop' });

async function until(
  check: () => boolean | Promise<boolean>,
  label: string,
  timeout = 10_000,
): Promise<void> {
  await expect.poll(check, { timeout, interval: 20, message: label }).toBe(true);
}

function expectedSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

describe(`webhooks on ${describeBackend()}`, () => {
  it('signs each delivery with the secret shown once; the receiver verifies it and gets the event as the audit trail has it', async () => {
    const r = await receiver();
    const { webhook, secret } = await admin.webhooks.create({ url: r.url, eventTypes: ['asset.*'] });
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(JSON.stringify(await admin.webhooks.list())).not.toContain(secret);
    const asset = await newAsset();
    await until(() => r.receipts.length === 1, 'one delivery');
    const [receipt] = r.receipts;
    const { headers, body, json } = receipt!;
    const timestamp = headers['x-itam-timestamp'] as string;
    expect(headers['x-itam-signature']).toBe(expectedSignature(secret, timestamp, body));
    expect(headers['x-itam-signature']).not.toBe(expectedSignature(`${secret}x`, timestamp, body));
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-itam-event-id']).toBe(json.id);
    expect(headers['x-itam-event-type']).toBe('asset.created');
    const { items } = await admin.events.list({ entity: 'asset', entityId: asset.id });
    expect(json).toEqual({ id: items[0]!.id, type: 'asset.created', at: items[0]!.at, event: items[0] });
    await until(async () => (await admin.webhooks.list())[0]?.deliveries.succeeded === 1, 'recorded');
    const [listed] = await admin.webhooks.list();
    expect(listed).toMatchObject({
      id: webhook.id,
      active: true,
      lastDelivery: { ok: true, statusCode: 200 },
    });
  });

  it('sends only the subscribed event types, and never a product key', async () => {
    const updates = await receiver();
    const everything = await receiver();
    await admin.webhooks.create({ url: updates.url, eventTypes: ['asset.updated', 'license.created'] });
    await admin.webhooks.create({ url: everything.url, eventTypes: ['*'] });
    const start = await maxEventId(testApp.database.db);
    const asset = await newAsset();
    await admin.assets.update({ id: asset.id, patch: { notes: 'hooked' } });
    await admin.assets.transition({ id: asset.id, to: 'in_maintenance', reason: 'fan' });
    await admin.licenses.create({ name: unique('Suite'), seats: 2, productKey: 'SECRET-PRODUCT-KEY-123' });
    const end = await maxEventId(testApp.database.db);
    await until(() => everything.receipts.length === end - start, 'every event to the * webhook');
    await until(() => updates.receipts.length === 2, 'the two subscribed events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates.receipts.map((r) => r.json.type)).toEqual(['asset.updated', 'license.created']);
    expect(everything.receipts.map((r) => r.json.type).sort()).toEqual(
      ['asset.created', 'asset.transitioned', 'asset.updated', 'license.created'].sort(),
    );
    for (const receipt of [...updates.receipts, ...everything.receipts])
      expect(receipt.body).not.toContain('SECRET-PRODUCT-KEY-123');
  });

  it('retries a receiver that answers 500 twice, and delivers on the third attempt; the log shows all three', async () => {
    const r = await receiver();
    r.answer = (n) => (n < 2 ? 500 : 200);
    const { webhook } = await admin.webhooks.create({ url: r.url, eventTypes: ['asset.created'] });
    await newAsset();
    await until(() => r.receipts.length === 3, 'three attempts');
    // The same event, the same delivery, three attempts.
    expect(new Set(receivedIds(r)).size).toBe(1);
    expect(r.receipts.map((x) => x.headers['x-itam-attempt'])).toEqual(['1', '2', '3']);
    await until(
      async () =>
        (await admin.webhooks.deliveries({ webhookId: webhook.id })).items[0]?.status === 'succeeded',
      'succeeded',
    );
    const [delivery] = (await admin.webhooks.deliveries({ webhookId: webhook.id })).items;
    expect(delivery!.attempts).toBe(3);
    expect(delivery!.deliveredAt).not.toBeNull();
    expect(delivery!.log.map((a) => [a.attempt, a.statusCode, a.ok, a.error])).toEqual([
      [3, 200, true, null],
      [2, 500, false, 'HTTP 500'],
      [1, 500, false, 'HTTP 500'],
    ]);
    // Backoff: each retry waited at least half its scheduled delay (40 ms, then 80 ms).
    const [first, second, third] = r.receipts.map((x) => x.at);
    expect(second! - first!).toBeGreaterThanOrEqual(20);
    expect(third! - second!).toBeGreaterThanOrEqual(40);
  });

  it('marks a delivery failed after the last attempt; redelivering sends it again with a fresh round', async () => {
    const r = await receiver();
    r.answer = () => 503;
    const { webhook } = await admin.webhooks.create({ url: r.url, eventTypes: ['asset.created'] });
    await newAsset();
    const deliveries = () => admin.webhooks.deliveries({ webhookId: webhook.id });
    await until(async () => (await deliveries()).items[0]?.status === 'failed', 'failed');
    expect(r.receipts).toHaveLength(3);
    const [failed] = (await deliveries()).items;
    expect(failed!.log).toHaveLength(3);
    expect(failed!.nextAttemptAt).toBeNull();
    r.answer = () => 204;
    const again = await admin.webhooks.redeliver({ id: failed!.id });
    expect(again.status).toBe('pending');
    await until(
      async () => (await deliveries()).items[0]?.status === 'succeeded',
      'succeeded after redelivery',
    );
    expect(r.receipts).toHaveLength(4);
    expect((await deliveries()).items[0]!.log.map((a) => a.statusCode)).toEqual([204, 503, 503, 503]);
    const { items: events } = await admin.events.list({ entity: 'webhook', entityId: webhook.id });
    expect(events.map((e) => e.action)).toEqual(['redelivered', 'created']);
    expect(events[0]!.after).toEqual({ deliveryId: failed!.id, eventId: failed!.eventId });
  });

  it('a receiver that hangs delays neither mutations nor other webhooks, and times out', async () => {
    const slow = await receiver();
    slow.answer = () => 'hang';
    const fast = await receiver();
    const { webhook: hung } = await admin.webhooks.create({ url: slow.url, eventTypes: ['asset.created'] });
    await admin.webhooks.create({ url: fast.url, eventTypes: ['asset.created'] });
    const first = await newAsset();
    await until(() => slow.receipts.length === 1, 'the slow receiver has the first event');
    // While its call hangs, mutations commit and the other webhook receives them.
    const more = [await newAsset(), await newAsset()];
    expect(slow.receipts).toHaveLength(1);
    await until(() => fast.receipts.length === 3, 'the fast receiver has all three');
    expect(fast.receipts.map((r) => r.json.event.entityId)).toEqual([first.id, ...more.map((a) => a.id)]);
    await until(async () => {
      const { items } = await admin.webhooks.deliveries({ webhookId: hung.id });
      return items.some((d) => d.log.some((a) => a.error === `timed out after ${TIMEOUT_MS} ms`));
    }, 'a timed-out attempt in the log');
    const { items } = await admin.webhooks.deliveries({ webhookId: hung.id });
    const timedOut = items.flatMap((d) => d.log).find((a) => a.error?.startsWith('timed out'))!;
    expect(timedOut.statusCode).toBeNull();
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    slow.release();
  });

  it('logs a refused connection and gives up after the last attempt', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    const { webhook } = await admin.webhooks.create({ url, eventTypes: ['asset.created'] });
    await newAsset();
    await until(
      async () => (await admin.webhooks.deliveries({ webhookId: webhook.id })).items[0]?.status === 'failed',
      'failed',
    );
    const [delivery] = (await admin.webhooks.deliveries({ webhookId: webhook.id })).items;
    expect(delivery!.log).toHaveLength(3);
    for (const attempt of delivery!.log) {
      expect(attempt.statusCode).toBeNull();
      expect(attempt.error).toMatch(/^ECONNREFUSED/);
    }
  });

  it('a disabled webhook stops receiving, and receives again once enabled; a removed one stops for good', async () => {
    const r = await receiver();
    const { webhook } = await admin.webhooks.create({ url: r.url, eventTypes: ['asset.created'] });
    await newAsset();
    await until(() => r.receipts.length === 1, 'first delivery');
    await admin.webhooks.update({ id: webhook.id, patch: { active: false } });
    const whileDisabled = await newAsset();
    const marker = await receiver();
    await admin.webhooks.create({ url: marker.url, eventTypes: ['asset.created'] });
    // The marker webhook sees a later event: by then the disabled one had its chance.
    const later = await newAsset();
    await until(() => marker.receipts.some((x) => x.json.event.entityId === later.id), 'marker delivery');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.receipts).toHaveLength(1);
    expect(r.receipts.map((x) => x.json.event.entityId)).not.toContain(whileDisabled.id);
    await admin.webhooks.update({ id: webhook.id, patch: { active: true } });
    const afterEnable = await newAsset();
    await until(
      () => r.receipts.some((x) => x.json.event.entityId === afterEnable.id),
      'delivery after enabling',
    );
    await admin.webhooks.remove({ id: webhook.id });
    await expect(admin.webhooks.deliveries({ webhookId: webhook.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const afterRemove = await newAsset();
    await until(
      () => marker.receipts.some((x) => x.json.event.entityId === afterRemove.id),
      'marker delivery',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.receipts.map((x) => x.json.event.entityId)).not.toContain(afterRemove.id);
  });

  it('rotating the secret signs later deliveries with the new one; no secret ever reaches the audit trail', async () => {
    const r = await receiver();
    const { webhook, secret } = await admin.webhooks.create({ url: r.url, eventTypes: ['asset.created'] });
    const rotated = await admin.webhooks.rotateSecret({ id: webhook.id });
    expect(rotated.secret).not.toBe(secret);
    await newAsset();
    await until(() => r.receipts.length === 1, 'delivery');
    const { headers, body } = r.receipts[0]!;
    const timestamp = headers['x-itam-timestamp'] as string;
    expect(headers['x-itam-signature']).toBe(expectedSignature(rotated.secret, timestamp, body));
    expect(headers['x-itam-signature']).not.toBe(expectedSignature(secret, timestamp, body));
    await admin.webhooks.update({ id: webhook.id, patch: { eventTypes: ['*'], description: 'CI' } });
    const { items } = await admin.events.list({ entity: 'webhook', entityId: webhook.id });
    expect(items.map((e) => e.action)).toEqual(['updated', 'secret_rotated', 'created']);
    expect(items[0]!.before).toMatchObject({ eventTypes: ['asset.created'] });
    expect(items[0]!.after).toMatchObject({ eventTypes: ['*'], description: 'CI' });
    const trail = JSON.stringify(items);
    expect(trail).not.toContain(secret);
    expect(trail).not.toContain(rotated.secret);
    expect(trail).not.toContain('whsec_');
    // Stored sealed: the database does not hold the secret in clear either.
    const rows = await testApp.database.db.selectFrom('webhooks').select('secret_encrypted').execute();
    expect(JSON.stringify(rows)).not.toContain(rotated.secret);
  });

  it('refuses bad URLs with INVALID_WEBHOOK_URL and the problem, writing nothing', async () => {
    const before = await maxEventId(testApp.database.db);
    for (const [url, problem] of [
      ['not a url', 'malformed'],
      ['ftp://example.com/hook', 'scheme'],
      ['https://user:secret@example.com/hook', 'credentials'],
      [`https://example.com/${'x'.repeat(2_000)}`, 'too_long'],
    ] as const) {
      const error = await admin.webhooks.create({ url, eventTypes: ['*'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
      expect((error as TRPCError).cause).toMatchObject({
        reason: 'INVALID_WEBHOOK_URL',
        details: { problem },
      });
    }
    const r = await receiver();
    const { webhook } = await admin.webhooks.create({ url: r.url, eventTypes: ['*'] });
    const refused = await admin.webhooks
      .update({ id: webhook.id, patch: { url: 'javascript:alert(1)' } })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).cause).toMatchObject({
      reason: 'INVALID_WEBHOOK_URL',
      details: { problem: 'scheme' },
    });
    // Only the one webhook's creation was written.
    expect(await maxEventId(testApp.database.db)).toBe(before + 1);
    expect((await admin.webhooks.list()).map((w) => w.url)).toEqual([r.url]);
  });

  it('re-seals webhook secrets at start when ITAM_SECRET rotates, and signs with the same secret after', async () => {
    const OLD = 'webhook-rotation-old-secret-0123456789abcdef';
    const NEW = 'webhook-rotation-new-secret-0123456789abcdef';
    // A database of its own: the other tests' product keys are sealed with the main server's secret.
    const database = await createTestDatabase();
    const callerOf = async (services: TestApp['services']) => {
      const user = await createUser(database.db, { role: 'admin' });
      const anonymous = createCallerFactory(appRouter)(await createContextInner({ services }));
      const token = await login(anonymous, user);
      return createCallerFactory(appRouter)(await createContextInner({ services, token }));
    };
    const before = await createServer(testConfig({ ITAM_SECRET: OLD }), { database });
    const r = await receiver();
    const { webhook, secret } = await (await callerOf(before.services)).webhooks.create({
      url: r.url,
      eventTypes: ['asset.created'],
    });
    await before.stop();
    const sealedOf = async () =>
      (
        await database.db
          .selectFrom('webhooks')
          .select('secret_encrypted')
          .where('id', '=', webhook.id)
          .executeTakeFirstOrThrow()
      ).secret_encrypted;
    const oldSealed = await sealedOf();
    // Only the old keyring opens it; the main test server has another secret.
    expect(() => testApp.services.keyring.open(oldSealed)).toThrow();
    const after = await createServer(testConfig({ ITAM_SECRET: NEW, ITAM_SECRET_PREVIOUS: OLD }), {
      database,
    });
    try {
      const newSealed = await sealedOf();
      expect(newSealed).not.toBe(oldSealed);
      expect(after.services.keyring.isStale(newSealed)).toBe(false);
      expect(after.services.keyring.open(newSealed)).toBe(secret);
    } finally {
      await after.stop();
      await database.close();
    }
  });
});
