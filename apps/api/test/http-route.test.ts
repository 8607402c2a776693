/**
 * Plain calls (one query by GET, one mutation by POST) take a short path that runs the procedure
 * without tRPC's fetch adapter; everything else goes through the adapter. Both must answer the
 * same: each request here is sent twice, once plainly and once with `batch=0` in the query string,
 * which tRPC reads as "not a batch" but which sends the request through the adapter. Status,
 * content type, `vary` and body must be identical (for writes: the same outcome on both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetInput, createAsset, createUser, login, unique } from './factories.ts';
import { bearer, type TrpcHttpResponse } from './http.ts';
import { openServedApp, type ServedApp } from './served.ts';

let app: ServedApp;
let admin: string;
let employee: string;
let assetId: string;

beforeAll(async () => {
  app = await openServedApp(2);
  const anonymous = await app.caller();
  admin = await login(anonymous, await createUser(app.db, { role: 'admin' }));
  employee = await login(anonymous, await createUser(app.db));
  assetId = (await createAsset(app.db)).id;
});

afterAll(async () => {
  await app?.close();
});

/** The same request by the short path and through the adapter (`batch=0`). */
async function both(path: string, init: RequestInit & { input?: unknown }) {
  const search = init.input === undefined ? '' : `input=${encodeURIComponent(JSON.stringify(init.input))}`;
  const plain = await app.http.send(search ? `${path}?${search}` : path, init);
  const adapter = await app.http.send(`${path}?batch=0${search ? `&${search}` : ''}`, init);
  return { plain, adapter };
}

function comparable(res: TrpcHttpResponse) {
  const body = res.body ?? res.text;
  // Stacks (outside production) name the code that threw, which differs between the two paths.
  if (body?.error?.data?.stack) body.error.data.stack = '<stack>';
  return {
    status: res.status,
    // The short path names the charset (`; charset=utf-8`); JSON is UTF-8 either way.
    contentType: res.headers.get('content-type')?.replace('; charset=utf-8', ''),
    vary: res.headers.get('vary'),
    body,
  };
}

const json = { 'content-type': 'application/json' };

describe('the short path for plain calls answers as tRPC does', () => {
  const reads: [string, string, RequestInit & { input?: unknown }][] = [
    ['a query', 'assets.get', { method: 'GET' }],
    ['a query with no session', 'assets.list', { method: 'GET', input: { limit: 5 } }],
    ['a query with an unknown token', 'assets.list', { method: 'GET', headers: bearer('nope') }],
    ['a query an employee may not make', 'users.list', { method: 'GET' }],
    ['input that fails the schema', 'assets.list', { method: 'GET', input: { limit: 'many' } }],
    ['input with an unknown key', 'assets.get', { method: 'GET', input: { id: 'x', extra: 1 } }],
    ['an unknown procedure', 'assets.nope', { method: 'GET' }],
    ['a query by POST', 'assets.list', { method: 'POST', headers: json, body: '{}' }],
    ['a mutation by GET', 'assets.create', { method: 'GET' }],
    ['input that is not JSON', 'assets.list?input=%7Bnot', { method: 'GET' }],
  ];

  for (const [what, path, init] of reads) {
    it(what, async () => {
      const token = what.includes('no session') ? undefined : what.includes('employee') ? employee : admin;
      const headers = { ...(token ? bearer(token) : {}), ...(init.headers as object) };
      const request = what === 'a query' ? { ...init, input: { id: assetId } } : init;
      const { plain, adapter } = await both(path, { ...request, headers });
      expect(comparable(plain)).toEqual(comparable(adapter));
    });
  }

  it('a mutation: same status and shape, and both writes happen', async () => {
    const create = (input: unknown) => ({
      method: 'POST',
      headers: { ...json, ...bearer(admin) },
      body: JSON.stringify(input),
    });
    const plain = await app.http.send('assets.create', create(assetInput()));
    const adapter = await app.http.send('assets.create?batch=0', create(assetInput()));
    expect([plain.status, adapter.status]).toEqual([200, 200]);
    expect(Object.keys(plain.data).sort()).toEqual(Object.keys(adapter.data).sort());
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(adapter.headers.get('content-type')).toBe('application/json');
    const got = await app.http.query('assets.get', { id: plain.data.id }, bearer(admin));
    expect(got.data.tag).toBe(plain.data.tag);
  });

  it('a refused mutation: the same error, nothing written', async () => {
    const tag = unique('TAG').toUpperCase();
    const init = {
      method: 'POST',
      headers: { ...json, ...bearer(employee) },
      body: JSON.stringify(assetInput({ tag })),
    };
    const plain = await app.http.send('assets.create', init);
    const adapter = await app.http.send('assets.create?batch=0', init);
    expect(comparable(plain)).toEqual(comparable(adapter));
    expect(plain.status).toBe(403);
  });

  it('a mutation whose body is not JSON, or empty', async () => {
    for (const body of ['{oops', '']) {
      const init = { method: 'POST', headers: { ...json, ...bearer(admin) }, body };
      const plain = await app.http.send('assets.create', init);
      const adapter = await app.http.send('assets.create?batch=0', init);
      expect(comparable(plain)).toEqual(comparable(adapter));
      expect(plain.status).toBe(400);
    }
  });

  it('a login sets the cookie on the short path, and logout clears it', async () => {
    const user = await createUser(app.db);
    const res = await app.http.mutation('auth.login', { username: user.username, password: user.password });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^itam_session=[\w-]+; Expires=[^;]+ GMT; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
    const out = await app.http.mutation('auth.logout', undefined, bearer(res.data.token));
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()).toEqual([
      'itam_session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax',
    ]);
  });
});
