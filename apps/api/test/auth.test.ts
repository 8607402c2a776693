/**
 * Sign-up, login, sessions and account management through a real server on port 0 and plain
 * fetch, so cookies, status codes and bodies are what a browser would see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextInner } from '../src/context.ts';
import { appRouter } from '../src/router.ts';
import { createCallerFactory } from '../src/trpc.ts';
import { unique } from './factories.ts';
import { openTestApp, type TestApp } from './harness.ts';
import { bearer, type TrpcHttp, trpcHttp } from './http.ts';

const PASSWORD = 'a long enough password';

interface SignedUp {
  token: string;
  user: { id: string; username: string; email: string; role: string };
}

let testApp: TestApp;
let http: TrpcHttp;
/** Every raw token the server handed out in this file. */
const issuedTokens: string[] = [];

async function signUp(client: TrpcHttp, username = unique('user')): Promise<SignedUp> {
  const res = await client.mutation('auth.signUp', {
    username,
    email: `${username}@example.test`,
    password: PASSWORD,
  });
  expect(res.status, res.text).toBe(200);
  issuedTokens.push(res.data.token);
  return res.data;
}

async function loginToken(username: string, password = PASSWORD): Promise<string> {
  const res = await http.mutation('auth.login', { username, password });
  expect(res.status, res.text).toBe(200);
  issuedTokens.push(res.data.token);
  return res.data.token;
}

function sessionCookie(headers: Headers): string | undefined {
  return headers.getSetCookie().find((c) => c.startsWith('itam_session='));
}

let admin: SignedUp;

beforeAll(async () => {
  testApp = await openTestApp();
  http = trpcHttp(await testApp.start());
});

afterAll(async () => {
  await testApp?.close();
});

describe('sign-up', () => {
  it('makes the first account on an empty database admin and every later one employee', async () => {
    admin = await signUp(http);
    expect(admin.user.role).toBe('admin');
    expect((await signUp(http)).user.role).toBe('employee');
    expect((await signUp(http)).user.role).toBe('employee');
  });

  it('makes exactly one admin when 5 people sign up at once on a fresh empty database', async () => {
    // why a second database: the first-account rule needs an empty one, and this file's is not.
    const fresh = await openTestApp();
    try {
      const client = trpcHttp(await fresh.start());
      const results = await Promise.all(Array.from({ length: 5 }, () => signUp(client)));
      expect(results.filter((r) => r.user.role === 'admin')).toHaveLength(1);
      expect(results.filter((r) => r.user.role === 'employee')).toHaveLength(4);
      const roles = await fresh.database.db.selectFrom('users').select('role').execute();
      expect(roles.map((r) => r.role).sort()).toEqual([
        'admin',
        'employee',
        'employee',
        'employee',
        'employee',
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a taken username or email, whatever its case', async () => {
    const taken = await signUp(http);
    const sameName = await http.mutation('auth.signUp', {
      username: taken.user.username.toUpperCase(),
      email: `${unique('other')}@example.test`,
      password: PASSWORD,
    });
    expect([sameName.status, sameName.error?.data.reason]).toEqual([409, 'USERNAME_TAKEN']);
    const sameEmail = await http.mutation('auth.signUp', {
      username: unique('other'),
      email: taken.user.email.toUpperCase(),
      password: PASSWORD,
    });
    expect([sameEmail.status, sameEmail.error?.data.reason]).toEqual([409, 'EMAIL_TAKEN']);
  });
});

describe('login', () => {
  let user: SignedUp;
  beforeAll(async () => {
    user = await signUp(http);
  });

  it('accepts the username (in any case) or the email', async () => {
    for (const login of [user.user.username, user.user.username.toUpperCase(), user.user.email]) {
      const res = await http.mutation('auth.login', { username: login, password: PASSWORD });
      expect(res.status, login).toBe(200);
      expect(res.data.user.id).toBe(user.user.id);
      issuedTokens.push(res.data.token);
    }
  });

  it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await http.mutation('auth.login', {
      username: user.user.username,
      password: 'not it at all',
    });
    const unknown = await http.mutation('auth.login', { username: unique('nobody'), password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.error.data.reason).toBe('INVALID_CREDENTIALS');
      expect(sessionCookie(res.headers)).toBeUndefined();
    }
    expect(unknown.error.message).toBe(wrong.error.message);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, holding the token it returns', async () => {
    const res = await http.mutation('auth.login', { username: user.user.username, password: PASSWORD });
    issuedTokens.push(res.data.token);
    const cookie = sessionCookie(res.headers);
    expect(cookie).toBeDefined();
    const attributes = cookie!.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    expect(cookie!.split(';')[0]).toBe(`itam_session=${res.data.token}`);
  });

  it('authenticates auth.me with the cookie alone, and with a bearer token alone', async () => {
    const token = await loginToken(user.user.username);
    const byCookie = await http.query('auth.me', undefined, { cookie: `itam_session=${token}` });
    const byBearer = await http.query('auth.me', undefined, bearer(token));
    expect([byCookie.status, byCookie.data?.id]).toEqual([200, user.user.id]);
    expect([byBearer.status, byBearer.data?.id]).toEqual([200, user.user.id]);
    const anonymous = await http.query('auth.me');
    expect([anonymous.status, anonymous.error.data.reason]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('sessions', () => {
  let user: SignedUp;
  beforeAll(async () => {
    user = await signUp(http);
  });

  it('logout kills the token: the next call with it is 401, and the cookie is cleared', async () => {
    const token = await loginToken(user.user.username);
    const other = await loginToken(user.user.username);
    const res = await http.mutation('auth.logout', undefined, bearer(token));
    expect(res.status, res.text).toBe(200);
    const cleared = sessionCookie(res.headers);
    expect(cleared).toMatch(/^itam_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    for (const headers of [bearer(token), { cookie: `itam_session=${token}` }]) {
      const after = await http.query('auth.me', undefined, headers);
      expect([after.status, after.error?.data.reason]).toEqual([401, 'UNAUTHENTICATED']);
    }
    // Only that session ended.
    expect((await http.query('auth.me', undefined, bearer(other))).status).toBe(200);
  });

  it('refuses an expired session with 401 SESSION_EXPIRED', async () => {
    const expiring = await signUp(http);
    await testApp.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('user_id', '=', expiring.user.id)
      .execute();
    const res = await http.query('auth.me', undefined, bearer(expiring.token));
    expect([res.status, res.error.data.reason]).toEqual([401, 'SESSION_EXPIRED']);
  });

  it("ends a disabled user's sessions and refuses their login with 403 ACCOUNT_DISABLED", async () => {
    const victim = await signUp(http);
    const second = await loginToken(victim.user.username);
    const disabled = await http.mutation('users.disable', { id: victim.user.id }, bearer(admin.token));
    expect([disabled.status, disabled.data?.disabled]).toEqual([200, true]);
    for (const token of [victim.token, second]) {
      const res = await http.query('auth.me', undefined, bearer(token));
      expect(res.status).toBe(401);
    }
    const sessions = await testApp.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', victim.user.id)
      .execute();
    expect(sessions).toEqual([]);
    const login = await http.mutation('auth.login', { username: victim.user.username, password: PASSWORD });
    expect([login.status, login.error?.data.reason]).toEqual([403, 'ACCOUNT_DISABLED']);
    expect(sessionCookie(login.headers)).toBeUndefined();

    // Enabled again, the same password works.
    await http.mutation('users.disable', { id: victim.user.id, disabled: false }, bearer(admin.token));
    expect(await loginToken(victim.user.username)).toEqual(expect.any(String));
  });
});

describe('account management guards', () => {
  it('refuses users.setRole and users.disable on oneself with CANNOT_CHANGE_SELF', async () => {
    const setRole = await http.mutation(
      'users.setRole',
      { id: admin.user.id, role: 'employee' },
      bearer(admin.token),
    );
    const disable = await http.mutation('users.disable', { id: admin.user.id }, bearer(admin.token));
    for (const res of [setRole, disable]) {
      expect([res.status, res.error?.data.reason]).toEqual([403, 'CANNOT_CHANGE_SELF']);
    }
    const me = await http.query('auth.me', undefined, bearer(admin.token));
    expect(me.data).toMatchObject({ role: 'admin', disabled: false });
  });

  it('refuses to demote or disable the last active admin (LAST_ADMIN)', async () => {
    // Two admins; B's request context is taken while B is still admin, then A demotes B. B's
    // request, already past the gate, then tries to demote A, who is by now the last admin.
    const b = await signUp(http);
    const promoted = await http.mutation(
      'users.setRole',
      { id: b.user.id, role: 'admin' },
      bearer(admin.token),
    );
    expect(promoted.data?.role).toBe('admin');
    const staleB = createCallerFactory(appRouter)(
      await createContextInner({ services: testApp.services, token: b.token }),
    );
    const demoted = await http.mutation(
      'users.setRole',
      { id: b.user.id, role: 'manager' },
      bearer(admin.token),
    );
    expect(demoted.data?.role).toBe('manager');

    for (const attempt of [
      () => staleB.users.setRole({ id: admin.user.id, role: 'employee' }),
      () => staleB.users.disable({ id: admin.user.id }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CONFLICT', cause: { reason: 'LAST_ADMIN' } });
    }
    const me = await http.query('auth.me', undefined, bearer(admin.token));
    expect(me.data).toMatchObject({ role: 'admin', disabled: false });
  });

  it('keeps an active admin when two admins demote each other at the same moment', async () => {
    const a = await signUp(http);
    const b = await signUp(http);
    for (const u of [a, b]) {
      await http.mutation('users.setRole', { id: u.user.id, role: 'admin' }, bearer(admin.token));
    }
    // The file's first admin steps aside, so a and b are the only active admins.
    const c = await signUp(http);
    await http.mutation('users.setRole', { id: c.user.id, role: 'admin' }, bearer(admin.token));
    await http.mutation('users.setRole', { id: admin.user.id, role: 'manager' }, bearer(c.token));
    await http.mutation('users.setRole', { id: c.user.id, role: 'manager' }, bearer(a.token));

    const [ab, ba] = await Promise.all([
      http.mutation('users.setRole', { id: b.user.id, role: 'employee' }, bearer(a.token)),
      http.mutation('users.setRole', { id: a.user.id, role: 'employee' }, bearer(b.token)),
    ]);
    expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
    const refused = ab.status === 200 ? ba : ab;
    expect(['LAST_ADMIN', 'FORBIDDEN', 'STALE_STATE']).toContain(refused.error?.data.reason);
    const admins = await testApp.database.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', false)
      .execute();
    expect(admins).toHaveLength(1);

    // Restore the file's first admin for the tests after this one.
    const remaining = ab.status === 200 ? a : b;
    await http.mutation('users.setRole', { id: admin.user.id, role: 'admin' }, bearer(remaining.token));
  });
});

describe('secrets at rest and on the wire', () => {
  it('stores passwords as argon2id with the OWASP parameters', async () => {
    const rows = await testApp.database.db.selectFrom('users').select('password_hash').execute();
    expect(rows.length).toBeGreaterThan(5);
    for (const { password_hash } of rows)
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('never sends a password hash in any response body', async () => {
    // Exercise the answers that carry users, then look at every body this file received.
    await http.query('users.list', { limit: 200 }, bearer(admin.token));
    await http.query('events.list', { limit: 200 }, bearer(admin.token));
    await http.query('auth.me', undefined, bearer(admin.token));
    const hashes = await testApp.database.db.selectFrom('users').select('password_hash').execute();
    expect(http.bodies.length).toBeGreaterThan(20);
    for (const body of http.bodies) {
      expect(body).not.toContain('$argon2');
      expect(body).not.toMatch(/password_?hash/i);
      for (const { password_hash } of hashes) expect(body).not.toContain(password_hash.split('$').at(-1));
    }
  });

  it('stores session tokens hashed: no sessions row holds a token it was issued for', async () => {
    const rows = await testApp.database.db.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBeGreaterThan(5);
    expect(issuedTokens.length).toBeGreaterThan(5);
    const stored = JSON.stringify(rows);
    for (const token of issuedTokens) expect(stored).not.toContain(token);
  });
});
