/**
 * API tokens over real HTTP and a real WebSocket: created by an admin and shown once, stored
 * hashed, listed without the secret, refused when expired or revoked (at once, also on an open
 * subscription), read-only tokens refused on every change, and every action taken with a token
 * attributed to it in the audit trail.
 */

import { findCredentialsByLogin } from '@itam/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.ts';
import { assetInput, countEvents, createAsset, createUser, login, unique } from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';
import { bearer, type TrpcHttp, trpcHttp } from './http.ts';
import { endUnderSubscription } from './session-end.ts';

let testApp: TestApp;
let http: TrpcHttp;
let wsUrl: string;
let admin: Caller;
let adminToken: string;

beforeAll(async () => {
  testApp = await openTestApp();
  const baseUrl = await testApp.start();
  http = trpcHttp(baseUrl);
  wsUrl = `${baseUrl.replace(/^http/, 'ws')}/trpc`;
  const adminUser = await createUser(testApp.database.db, { role: 'admin' });
  adminToken = await login(await testApp.caller(), adminUser);
  admin = await testApp.caller(adminToken);
});

afterAll(async () => {
  await testApp?.close();
});

async function newToken(role: 'read-only' | 'manager', expiresAt?: string) {
  return admin.tokens.create({ name: unique('svc'), role, ...(expiresAt ? { expiresAt } : {}) });
}

/** Every event's row as text, to search for secrets. */
async function allEventText(): Promise<string> {
  const { rows } = await sql<{
    t: string;
  }>`select coalesce(string_agg(e::text, ' '), '') as t from events e`.execute(testApp.database.db);
  return rows[0]!.t;
}

describe('creating and listing tokens', () => {
  it('shows the secret once, stores only its hash, and lists the token without either', async () => {
    const { token, apiToken } = await newToken('manager', '2099-01-01T00:00:00Z');
    expect(token).toMatch(/^itam_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      role: 'manager',
      status: 'active',
      expiresAt: '2099-01-01T00:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });

    const listed = await http.query('tokens.list', undefined, bearer(adminToken));
    expect(listed.status).toBe(200);
    const mine = (listed.data as { id: string }[]).find((t) => t.id === apiToken.id);
    expect(mine).toMatchObject({ name: apiToken.name, role: 'manager', status: 'active' });
    expect(listed.text).not.toContain(token);
    expect(listed.text).not.toContain(hashToken(token));

    const stored = await testApp.database.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', apiToken.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(token));
    const events = await allEventText();
    expect(events).toContain(apiToken.id);
    expect(events).not.toContain(token);
    expect(events).not.toContain(hashToken(token));
  });

  it('refuses an expiry in the past, a name any account has, and an admin role', async () => {
    const before = await countEvents(testApp.database.db);
    const past = await http.mutation(
      'tokens.create',
      { name: unique('svc'), role: 'manager', expiresAt: '2020-01-01T00:00:00Z' },
      bearer(adminToken),
    );
    expect([past.status, past.error?.data?.reason]).toEqual([400, 'VALIDATION_FAILED']);
    const person = await createUser(testApp.database.db);
    const taken = await http.mutation(
      'tokens.create',
      { name: person.username.toUpperCase(), role: 'manager' },
      bearer(adminToken),
    );
    expect([taken.status, taken.error?.data?.reason]).toEqual([409, 'USERNAME_TAKEN']);
    const adminRole = await http.mutation(
      'tokens.create',
      { name: unique('svc'), role: 'admin' },
      bearer(adminToken),
    );
    expect([adminRole.status, adminRole.error?.data?.reason]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await countEvents(testApp.database.db)).toBe(before);
  });

  it('gives one of several parallel creations with the same name the token, the rest USERNAME_TAKEN', async () => {
    const name = unique('race');
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        http.mutation('tokens.create', { name, role: 'read-only' }, bearer(adminToken)),
      ),
    );
    const outcomes = responses.map((r) => (r.status === 200 ? 'created' : r.error?.data?.reason)).sort();
    expect(outcomes).toEqual(
      [
        'USERNAME_TAKEN',
        'USERNAME_TAKEN',
        'USERNAME_TAKEN',
        'USERNAME_TAKEN',
        'USERNAME_TAKEN',
        'created',
      ].sort(),
    );
    const tokens = await admin.tokens.list();
    expect(tokens.filter((t) => t.name === name)).toHaveLength(1);
  });

  it('keeps service accounts out of the people list', async () => {
    const { apiToken } = await newToken('read-only');
    const { items } = await admin.users.list({ q: apiToken.name });
    expect(items).toEqual([]);
  });

  it('gives a service account no password sign-in, even with its own name', async () => {
    const { apiToken } = await newToken('read-only');
    const response = await http.mutation('auth.login', {
      username: apiToken.name,
      password: 'anything-at-all-1',
    });
    expect(response.status).toBe(401);
    expect(await findCredentialsByLogin(testApp.database.db, apiToken.name)).toBeUndefined();
  });

  it("refuses to change a service account's role or state with SERVICE_ACCOUNT, and writes nothing", async () => {
    const { token, apiToken } = await newToken('read-only');
    const eventsBefore = await countEvents(testApp.database.db);
    const promote = await http.mutation(
      'users.setRole',
      { id: apiToken.accountId, role: 'admin' },
      bearer(adminToken),
    );
    const disable = await http.mutation(
      'users.disable',
      { id: apiToken.accountId, disabled: true },
      bearer(adminToken),
    );
    expect([promote.status, promote.error?.data?.reason]).toEqual([409, 'SERVICE_ACCOUNT']);
    expect([disable.status, disable.error?.data?.reason]).toEqual([409, 'SERVICE_ACCOUNT']);
    expect(await countEvents(testApp.database.db)).toBe(eventsBefore);
    // The token is still the read-only one it was issued as.
    const create = await http.mutation('assets.create', assetInput(), bearer(token));
    expect(create.error?.data?.reason).toBe('READ_ONLY');
  });
});

describe('using a token', () => {
  it('attributes every action taken with it to the token in the audit trail, and records its use', async () => {
    const { token, apiToken } = await newToken('manager');
    const created = await http.mutation('assets.create', assetInput(), bearer(token));
    expect(created.status).toBe(200);
    const history = await admin.events.list({ entity: 'asset', entityId: created.data.id });
    expect(history.items.map((e) => [e.action, e.actor])).toEqual([
      ['created', { id: apiToken.accountId, username: apiToken.name }],
    ]);
    const byToken = await admin.events.list({ actorId: apiToken.accountId });
    expect(byToken.items.map((e) => e.entityId)).toEqual([created.data.id]);
    await expect
      .poll(async () => (await admin.tokens.list()).find((t) => t.id === apiToken.id)?.lastUsedAt)
      .not.toBeNull();
    const me = await http.query('auth.me', undefined, bearer(token));
    expect(me.data).toMatchObject({ id: apiToken.accountId, username: apiToken.name, role: 'manager' });
  });

  it('lets a read-only token read what staff read, without product keys, and refuses every change with READ_ONLY', async () => {
    const { token } = await newToken('read-only');
    const asset = await createAsset(testApp.database.db);
    const license = await admin.licenses.create({
      name: unique('License'),
      seats: 2,
      productKey: 'SECRET-KEY-1',
    });

    for (const [path, input] of [
      ['assets.list', {}],
      ['assets.history', { id: asset.id }],
      ['events.list', {}],
      ['compliance.report', {}],
      ['users.list', {}],
    ] as const) {
      const res = await http.query(path, input, bearer(token));
      expect(res.status, path).toBe(200);
    }
    const read = await http.query('licenses.get', { id: license.id }, bearer(token));
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('SECRET-KEY-1');

    const before = await countEvents(testApp.database.db);
    for (const [path, input] of [
      ['assets.create', assetInput()],
      ['assets.update', { id: asset.id, patch: { notes: 'changed' } }],
      ['assets.transition', { id: asset.id, to: 'retired', reason: 'old' }],
      ['licenses.update', { id: license.id, patch: { vendor: 'x' } }],
      ['users.disable', { id: (await createUser(testApp.database.db)).id }],
      ['tokens.create', { name: unique('svc'), role: 'manager' }],
    ] as const) {
      const res = await http.mutation(path, input, bearer(token));
      expect([path, res.status, res.error?.data?.reason]).toEqual([path, 403, 'READ_ONLY']);
    }
    expect(await countEvents(testApp.database.db)).toBe(before);
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const { token, apiToken } = await newToken('manager', new Date(Date.now() + 3_600_000).toISOString());
    expect((await http.query('assets.list', {}, bearer(token))).status).toBe(200);
    await testApp.database.db
      .updateTable('api_tokens')
      .set({ created_at: sql`now() - interval '2 hours'`, expires_at: sql`now() - interval '1 hour'` })
      .where('id', '=', apiToken.id)
      .execute();
    const res = await http.query('assets.list', {}, bearer(token));
    expect([res.status, res.error?.data?.reason]).toEqual([401, 'TOKEN_EXPIRED']);
    expect((await admin.tokens.list()).find((t) => t.id === apiToken.id)?.status).toBe('expired');
  });

  it('refuses a revoked token at once over HTTP, and a second revocation writes nothing', async () => {
    const { token, apiToken } = await newToken('manager');
    expect((await http.query('assets.list', {}, bearer(token))).status).toBe(200);
    const revoked = await admin.tokens.revoke({ id: apiToken.id });
    expect(revoked).toMatchObject({ status: 'revoked' });
    expect(revoked.revokedAt).not.toBeNull();
    const res = await http.query('assets.list', {}, bearer(token));
    expect([res.status, res.error?.data?.reason]).toEqual([401, 'TOKEN_REVOKED']);
    const before = await countEvents(testApp.database.db);
    await expect(admin.tokens.revoke({ id: apiToken.id })).resolves.toMatchObject({ status: 'revoked' });
    expect(await countEvents(testApp.database.db)).toBe(before);
  });

  it('writes one revocation event when revocations race', async () => {
    const { apiToken } = await newToken('read-only');
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        http.mutation('tokens.revoke', { id: apiToken.id }, bearer(adminToken)),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const events = await admin.events.list({ entity: 'user', entityId: apiToken.accountId });
    expect(events.items.map((e) => e.action)).toEqual(['token_revoked', 'token_created']);
  });

  it('refuses a token nobody issued, and a session token is not mistaken for one', async () => {
    const res = await http.query('assets.list', {}, bearer(`itam_${'x'.repeat(43)}`));
    expect([res.status, res.error?.data?.reason]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('a token change and its event commit together', () => {
  it('leaves no token, account or revocation behind when the event insert fails', async () => {
    const { db } = testApp.database;
    const { apiToken } = await newToken('read-only');
    await sql`create or replace function test_fail_event() returns trigger language plpgsql as $$
      begin raise exception 'forced failure of the event insert'; end $$`.execute(db);
    await sql`create trigger test_fail_event before insert on events
      for each row execute function test_fail_event()`.execute(db);
    const name = unique('svc');
    try {
      await expect(admin.tokens.create({ name, role: 'manager' })).rejects.toThrow();
      await expect(admin.tokens.revoke({ id: apiToken.id })).rejects.toThrow();
    } finally {
      await sql`drop trigger test_fail_event on events`.execute(db);
    }
    const names = (await admin.tokens.list()).map((t) => [t.name, t.status]);
    expect(names).not.toContainEqual([name, 'active']);
    expect(names).toContainEqual([apiToken.name, 'active']);
    const accounts = await db.selectFrom('users').select('id').where('username', '=', name).execute();
    expect(accounts).toEqual([]);
  });
});

describe('a token ending under an open subscription', () => {
  /** Subscribes with the token, checks events flow, ends the token with `end`, and returns how it ended. */
  async function endTokenUnderSubscription(token: string, end: () => Promise<unknown>) {
    const asset = await createAsset(testApp.database.db);
    return endUnderSubscription({
      wsUrl,
      token,
      sync: () => admin.assets.update({ id: asset.id, patch: { notes: unique('sync') } }),
      end,
    });
  }

  it('ends the subscription with TOKEN_REVOKED and closes the socket within 5 s of a revocation', async () => {
    const { token, apiToken } = await newToken('read-only');
    // Revoked through another path than this instance's own router call: the hub's regular
    // check must find it, as it would for a revocation made on another instance.
    const reason = await endTokenUnderSubscription(token, () =>
      testApp.database.db
        .updateTable('api_tokens')
        .set({ revoked_at: sql`now()` })
        .where('id', '=', apiToken.id)
        .execute(),
    );
    expect(reason).toBe('TOKEN_REVOKED');
  });

  it('ends the subscription with TOKEN_EXPIRED once the token expires', async () => {
    const { token, apiToken } = await newToken('read-only', '2099-01-01T00:00:00Z');
    // why: waiting for a real expiry would take the time it is set ahead; moving it into the past
    // is what the passing of that time does to the row.
    const reason = await endTokenUnderSubscription(token, () =>
      testApp.database.db
        .updateTable('api_tokens')
        .set({ created_at: sql`now() - interval '2 hours'`, expires_at: sql`now() - interval '1 second'` })
        .where('id', '=', apiToken.id)
        .execute(),
    );
    expect(reason).toBe('TOKEN_EXPIRED');
  });
});
