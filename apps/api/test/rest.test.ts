/**
 * REST at /api/v1 and its OpenAPI document: the document validates and names every route; plain
 * `fetch` against a real server creates, reads, lists and is refused with tRPC's own reasons and
 * statuses; every route's gate is its procedure's (checked against the permission matrix and
 * against the same call over tRPC).
 */

import { readFileSync } from 'node:fs';
import { can, ROLES, type Role, refusalReasonOf } from '@itam/domain';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../src/rest/openapi.ts';
import { REST_BASE, REST_ROUTES, type RestRoute } from '../src/rest/routes.ts';
import { actionOf, partsOf } from '../src/rest/schemas.ts';
import { countEvents, createAsset, createUser, login } from './factories.ts';
import { bearer } from './http.ts';
import { openServedApp, type ServedApp } from './served.ts';

let app: ServedApp;
const tokens = {} as Record<Role, string>;
let employeeId: string;

beforeAll(async () => {
  app = await openServedApp(2);
  const anonymous = await app.caller();
  for (const role of ROLES) {
    const user = await createUser(app.db, { role });
    if (role === 'employee') employeeId = user.id;
    tokens[role] = await login(anonymous, user);
  }
});

afterAll(async () => {
  await app?.close();
});

interface RestResponse {
  status: number;
  headers: Headers;
  body: any;
}

async function rest(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<RestResponse> {
  const headers: Record<string, string> = options.token ? bearer(options.token) : {};
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${app.baseUrl}${REST_BASE}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const result = await validate(structuredClone(buildOpenApiDocument()) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names every route of the table, with its path parameters, security and error shape', () => {
    const document = buildOpenApiDocument();
    for (const route of REST_ROUTES) {
      const operation = (document.paths[route.path] as Record<string, any> | undefined)?.[
        route.method.toLowerCase()
      ];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.operationId).toBe(route.procedure);
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathParams = operation.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name);
      expect(pathParams).toEqual(inPath);
      expect(operation.responses['400'].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/Error',
      });
      if (route.public) expect(operation.security).toEqual([]);
      else expect(operation.security).toBeUndefined();
    }
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'itam_session',
    });
  });

  it('describes query parameters and bodies from the procedures’ own schemas', () => {
    const document = buildOpenApiDocument();
    const list = (document.paths['/assets'] as any).get;
    const stage = list.parameters.find((p: any) => p.name === 'stage');
    expect(stage).toMatchObject({ in: 'query', required: false, schema: { type: 'array' } });
    expect(stage.schema.items.enum).toContain('in_stock');
    const transition = (document.paths['/assets/{id}/transition'] as any).post;
    const body = transition.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual(['idempotencyKey', 'reason', 'to']);
    expect(body.required.sort()).toEqual(['reason', 'to']);
    const update = (document.paths['/assets/{id}'] as any).patch;
    expect(update.requestBody.content['application/json'].schema.properties).toHaveProperty('location');
  });

  it('is what the server serves at /openapi.json', async () => {
    const response = await fetch(`${app.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});

describe('/docs', () => {
  it('answers with HTML whose scripts and styles are served by this server', async () => {
    const response = await fetch(`${app.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toContain('/docs/assets/swagger-ui-bundle.js');
    for (const source of sources) {
      expect(source, 'no outside host').toMatch(/^\/docs\//);
      const asset = await fetch(`${app.baseUrl}${source}`);
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(0);
    }
    const init = await (await fetch(`${app.baseUrl}/docs/init.js`)).text();
    expect(init).toContain("url: '/openapi.json'");
  });
});

describe('REST over plain fetch', () => {
  it('creates (201), gets and lists with a filter; the audit trail names the caller', async () => {
    const before = await countEvents(app.db);
    const created = await rest('POST', '/assets', {
      token: tokens.manager,
      body: { tag: 'REST-1', name: 'Laptop over REST', type: 'laptop', stage: 'ordered' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tag: 'REST-1', stage: 'ordered', holder: null });
    expect(await countEvents(app.db)).toBe(before + 1);

    const got = await rest('GET', `/assets/${created.body.id}`, { token: tokens.admin });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    await createAsset(app.db, { stage: 'in_stock' });
    const ordered = await rest('GET', '/assets?stage=ordered&limit=10', { token: tokens.admin });
    expect(ordered.status).toBe(200);
    expect(ordered.body.items.length).toBeGreaterThan(0);
    expect(ordered.body.items.every((a: any) => a.stage === 'ordered')).toBe(true);
    expect(ordered.body.items.map((a: any) => a.id)).toContain(created.body.id);

    const two = await rest('GET', '/assets?stage=ordered&stage=in_stock&limit=1', { token: tokens.admin });
    expect(two.body.items).toHaveLength(1);
    expect(typeof two.body.nextCursor).toBe('string');

    const events = await rest('GET', `/events?entity=asset&entityId=${created.body.id}`, {
      token: tokens.admin,
    });
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      action: 'created',
      actor: { username: expect.any(String) },
    });
  });

  it('a refused transition: 400 INVALID_TRANSITION with the allowed targets, nothing written', async () => {
    const asset = await createAsset(app.db, { stage: 'ordered' });
    const before = await countEvents(app.db);
    const refused = await rest('POST', `/assets/${asset.id}/transition`, {
      token: tokens.manager,
      body: { to: 'deployed', reason: 'skip the stock room' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ reason: 'INVALID_TRANSITION', status: 400 });
    expect(refused.body.error.details).toHaveProperty('allowed');
    expect(await countEvents(app.db)).toBe(before);
    // The same call over tRPC is refused with the same reason and status.
    const trpc = await app.http.mutation(
      'assets.transition',
      { id: asset.id, to: 'deployed', reason: 'skip the stock room' },
      bearer(tokens.manager),
    );
    expect([trpc.status, trpc.error.data.reason]).toEqual([400, 'INVALID_TRANSITION']);
    expect(trpc.error.data.details).toEqual(refused.body.error.details);
  });

  it('check-out and check-in move the asset', async () => {
    const asset = await createAsset(app.db, { stage: 'in_stock' });
    const out = await rest('POST', `/assets/${asset.id}/check-out`, {
      token: tokens.manager,
      body: { userId: employeeId },
    });
    expect(out.status).toBe(200);
    expect(out.body.asset).toMatchObject({ stage: 'deployed', holder: { id: employeeId } });
    const again = await rest('POST', `/assets/${asset.id}/check-out`, {
      token: tokens.manager,
      body: { userId: employeeId },
    });
    expect([again.status, again.body.error.reason]).toEqual([409, 'ALREADY_ASSIGNED']);
    const mine = await rest('GET', '/me/holdings', { token: tokens.employee });
    expect(mine.body.assets.map((a: any) => a.id)).toContain(asset.id);
    const back = await rest('POST', `/assets/${asset.id}/check-in`, { token: tokens.manager, body: {} });
    expect(back.status).toBe(200);
    expect(back.body.asset).toMatchObject({ stage: 'in_stock', holder: null });
  });

  it('assignments: sorted and searched from the query string; an employee finds only their own', async () => {
    const other = await createUser(app.db);
    const assets = [await createAsset(app.db), await createAsset(app.db), await createAsset(app.db)];
    for (const [asset, userId, expectedReturn] of [
      [assets[0]!, employeeId, '2031-05-02'],
      [assets[1]!, employeeId, '2031-05-01'],
      [assets[2]!, other.id, '2031-04-30'],
    ] as const) {
      const out = await rest('POST', `/assets/${asset.id}/check-out`, {
        token: tokens.manager,
        body: { userId, expectedReturn },
      });
      expect(out.status).toBe(200);
    }
    const tags = (body: any) => body.items.map((a: any) => a.asset.tag);
    const byDue = await rest('GET', `/assignments?sort=expectedReturn&order=asc&userId=${employeeId}`, {
      token: tokens.manager,
    });
    expect(byDue.status).toBe(200);
    expect(tags(byDue.body).filter((t: string) => assets.some((a) => a.tag === t))).toEqual([
      assets[1]!.tag,
      assets[0]!.tag,
    ]);
    const found = await rest('GET', `/assignments?state=all&q=${assets[2]!.tag.toLowerCase()}`, {
      token: tokens.manager,
    });
    expect(tags(found.body)).toEqual([assets[2]!.tag]);
    const mine = await rest('GET', `/assignments?q=${assets[2]!.tag}`, { token: tokens.employee });
    expect([mine.status, mine.body.items]).toEqual([200, []]);
    const bad = await rest('GET', '/assignments?sort=holder', { token: tokens.manager });
    expect([bad.status, bad.body.error.reason, bad.body.error.issues[0].path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'sort',
    ]);
    const document = buildOpenApiDocument();
    const names = (document.paths['/assignments'] as any).get.parameters.map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(['q', 'sort', 'order', 'state', 'userId', 'assetId']));
  });

  it('an unauthenticated call: 401 UNAUTHENTICATED; an unknown token likewise', async () => {
    const none = await rest('GET', '/assets');
    expect([none.status, none.body.error.reason]).toEqual([401, 'UNAUTHENTICATED']);
    const unknown = await rest('GET', '/me', { token: 'not-a-token' });
    expect([unknown.status, unknown.body.error.reason]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('the session cookie works as the bearer token does', async () => {
    const response = await fetch(`${app.baseUrl}${REST_BASE}/me`, {
      headers: { cookie: `itam_session=${tokens.employee}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: employeeId, role: 'employee' });
  });

  it('a bad body: 400 VALIDATION_FAILED with the field, nothing written', async () => {
    const before = await countEvents(app.db);
    const missing = await rest('POST', '/assets', { token: tokens.admin, body: { name: 'No tag' } });
    expect([missing.status, missing.body.error.reason]).toEqual([400, 'VALIDATION_FAILED']);
    expect(missing.body.error.issues.map((i: any) => i.path)).toContain('tag');
    const notJson = await rest('POST', '/assets', { token: tokens.admin, rawBody: '{"tag": ' });
    expect([notJson.status, notJson.body.error.reason]).toEqual([400, 'VALIDATION_FAILED']);
    const array = await rest('POST', '/assets', { token: tokens.admin, body: [1, 2] });
    expect([array.status, array.body.error.reason]).toEqual([400, 'VALIDATION_FAILED']);
    const badId = await rest('GET', '/assets/not-a-uuid', { token: tokens.admin });
    expect([badId.status, badId.body.error.reason]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await countEvents(app.db)).toBe(before);
  });

  it('login over REST returns a token that works', async () => {
    const user = await createUser(app.db, { role: 'manager' });
    const session = await rest('POST', '/auth/login', {
      body: { username: user.username, password: user.password },
    });
    expect(session.status).toBe(200);
    const me = await rest('GET', '/me', { token: session.body.token });
    expect(me.body).toMatchObject({ id: user.id, role: 'manager' });
    const wrong = await rest('POST', '/auth/login', {
      body: { username: user.username, password: 'wrong one' },
    });
    expect([wrong.status, wrong.body.error.reason]).toEqual([401, 'INVALID_CREDENTIALS']);
  });

  it('an unknown route: 404 NOT_FOUND as JSON', async () => {
    const response = await rest('GET', '/nothing-here', { token: tokens.admin });
    expect([response.status, response.body.error.reason]).toEqual([404, 'NOT_FOUND']);
  });
});

const NIL = '00000000-0000-0000-0000-000000000000';

/** The route's path with every parameter a well-formed id of nothing. */
function concretePath(route: RestRoute): string {
  return route.path.replace(/\{\w+\}/g, NIL);
}

/** The input tRPC gets for the same request: the path's parameters only (no query, no body). */
function trpcInput(route: RestRoute): unknown {
  if (partsOf(route.procedure).inputs.length === 0) return undefined;
  return Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], NIL]));
}

describe('every route is gated as its procedure is', () => {
  // Logging out would end the shared session; its gate is `authenticated`, like `/me`'s.
  const routes = REST_ROUTES.filter((r) => r.procedure !== 'auth.logout');
  const WHO = ['anonymous', ...ROLES] as const;

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const action = actionOf(partsOf(route.procedure));
      for (const who of WHO) {
        const token = who === 'anonymous' ? undefined : tokens[who];
        // No body and ids of nothing: an allowed call is refused later (input or not found) and writes nothing.
        const response = await rest(route.method, concretePath(route), { token });
        const outcome = `${response.status} ${response.body?.error?.reason ?? ''}`;
        let expected: string | undefined;
        if (!route.public && who === 'anonymous') expected = '401 UNAUTHENTICATED';
        else if (!route.public && action && who !== 'anonymous' && !can({ id: 'x', role: who }, action))
          expected = `403 ${refusalReasonOf({ id: 'x', role: who }, action)}`;
        if (expected) expect(outcome, who).toBe(expected);
        else expect(response.status, `${who}: ${outcome}`).not.toBeOneOf([401, 403]);
        expect(response.status, `${who}: never a 500`).toBeLessThan(500);

        const headers = token ? bearer(token) : {};
        const type = partsOf(route.procedure).type;
        const trpc =
          type === 'query'
            ? await app.http.query(route.procedure, trpcInput(route), headers)
            : await app.http.mutation(route.procedure, trpcInput(route), headers);
        expect(outcome, `${who}: as over tRPC`).toBe(`${trpc.status} ${trpc.error?.data?.reason ?? ''}`);

        // A body that is no object is refused by the procedure's schema, after its gates.
        if (route.method === 'GET' || partsOf(route.procedure).inputs.length === 0) continue;
        const bad = await rest(route.method, concretePath(route), { token, rawBody: '[]' });
        const badOutcome = `${bad.status} ${bad.body?.error?.reason ?? ''}`;
        expect(badOutcome, `${who}, a bad body`).toBe(expected ?? '400 VALIDATION_FAILED');
      }
    });
  }
});

describe('no client input produces a 500', () => {
  const bodies = ['[]', '"text"', 'null', '{"unknown": 1}', '{"id": 5, "patch": []}', '{"tag": "\\u0000"}'];
  for (const route of REST_ROUTES.filter((r) => r.procedure !== 'auth.logout')) {
    it(`${route.method} ${route.path}`, async () => {
      const path = concretePath(route);
      const attempts =
        route.method === 'GET'
          ? ['?limit=-1', '?limit=1e999', '?stage=nope', '?cursor=%00', '?unknown=1', '?q=a&q=b'].map((q) =>
              rest('GET', path + q, { token: tokens.admin }),
            )
          : bodies.map((rawBody) => rest(route.method, path, { token: tokens.admin, rawBody }));
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBeLessThan(500);
        expect(response.body.error?.reason ?? 'ok').toBeTypeOf('string');
      }
      const weird = await rest(route.method, route.path.replace(/\{\w+\}/g, '%00'), { token: tokens.admin });
      expect(weird.status).toBeLessThan(500);
    });
  }
});

describe('the README', () => {
  it('lists every REST route of the table, in order', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n## REST and OpenAPI\n');
    expect(start).toBeGreaterThanOrEqual(0);
    const section = readme.slice(start + 1).split(/\n## /)[0]!;
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.match(/`([^`]+)`/g)!.map((cell) => cell.slice(1, -1)));
    expect(rows).toEqual(REST_ROUTES.map((r) => [r.method, r.path, r.procedure]));
  });
});
