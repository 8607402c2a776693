/**
 * CSV import over real HTTP (`POST /import/<kind>.csv`): a dry run reports every problem with its
 * line, column and reason and writes nothing; an apply writes every row with its event, or nothing.
 */
import { findLicenseById } from '@itam/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../src/csv/import.ts';
import { countEvents, createAsset, createUser, login, type TestUser, unique } from './factories.ts';
import { openTestApp, type TestApp } from './harness.ts';

let testApp: TestApp;
let baseUrl: string;
let admin: TestUser;
const tokens: Record<'admin' | 'manager' | 'employee', string> = { admin: '', manager: '', employee: '' };

beforeAll(async () => {
  testApp = await openTestApp();
  baseUrl = await testApp.start();
  const { db } = testApp.database;
  admin = await createUser(db, { role: 'admin' });
  const anonymous = await testApp.caller();
  tokens.admin = await login(anonymous, admin);
  tokens.manager = await login(anonymous, await createUser(db, { role: 'manager' }));
  tokens.employee = await login(anonymous, await createUser(db, { role: 'employee' }));
});

afterAll(async () => {
  await testApp?.close();
});

async function upload(
  kind: string,
  csv: string,
  mode: 'dry-run' | 'apply',
  token: string | null = tokens.admin,
) {
  const response = await fetch(`${baseUrl}/import/${kind}.csv?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: csv,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function countAssets(): Promise<number> {
  const { n } = await testApp.database.db
    .selectFrom('assets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function snapshot() {
  return { assets: await countAssets(), events: await countEvents(testApp.database.db) };
}

const brief = (p: { line: number; column: number | null; field: string | null; reason: string }) =>
  [p.line, p.column, p.field, p.reason] as const;

describe('import of assets', () => {
  it('dry run: reports each problem of a file with its line, column and reason, and changes nothing', async () => {
    const existing = await createAsset(testApp.database.db);
    const p = unique('D').toUpperCase();
    const csv = [
      'tag,name,type,stage,purchaseCost,notes',
      `${p}-1,Good laptop,laptop,in_stock,999.99,`,
      `${p}-2,,laptop,in_stock,,missing name`,
      `${existing.tag.toLowerCase()},Taken tag,monitor,ordered,,`,
      `${p}-1,Same tag again,laptop,in_stock,,`,
      `${p}-3,Phone,phone,deployed,,"a note, with a comma`,
      `and a second line"`,
      `${p}-4,Toaster,toaster,in_stock,-5,`,
      `${p}-5,Stray,laptop,in_stock,1,bad"quote`,
    ].join('\r\n');
    const before = await snapshot();
    const { status, body } = await upload('assets', csv, 'dry-run');
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'assets', dryRun: true, rows: 7, created: 0, importId: null });
    expect(body.problems.map(brief)).toEqual([
      [3, 2, 'name', 'VALIDATION_FAILED'],
      [4, 1, 'tag', 'ASSET_TAG_TAKEN'],
      [5, 1, 'tag', 'DUPLICATE_IN_FILE'],
      [6, 4, 'stage', 'CHECK_OUT_REQUIRED'],
      [8, 3, 'type', 'VALIDATION_FAILED'],
      [8, 5, 'purchaseCost', 'VALIDATION_FAILED'],
      [9, 6, 'notes', 'INVALID_CSV'],
    ]);
    expect(body.problems.every((p: { message: string }) => p.message.length > 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('apply: a file with one bad row writes nothing, and says why', async () => {
    const p = unique('B').toUpperCase();
    const rows = Array.from({ length: 50 }, (_, i) => `${p}-${i},Laptop ${i},laptop`);
    rows[37] = `${p}-37,Laptop 37,spaceship`;
    const before = await snapshot();
    const { status, body } = await upload('assets', ['tag,name,type', ...rows].join('\n'), 'apply');
    expect(status).toBe(400);
    expect(body.error.reason).toBe('IMPORT_REJECTED');
    expect(body.error.details.report.problems.map(brief)).toEqual([[39, 3, 'type', 'VALIDATION_FAILED']]);
    expect(await snapshot()).toEqual(before);
  });

  it('apply: writes every row with one created event each, naming the import', async () => {
    const p = unique('A').toUpperCase();
    const csv = `tag,name,type,stage,condition,purchaseDate,warrantyEnd,location\n${p}-1,One,laptop,retired,fair,2024-01-02,2027-01-02,Lisbon\n${p}-2,Two,monitor,,,,,\n`;
    const before = await snapshot();
    const { status, body } = await upload('assets', csv, 'apply', tokens.manager);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: false, rows: 2, created: 2, problems: [] });
    expect(await snapshot()).toEqual({ assets: before.assets + 2, events: before.events + 2 });
    const manager = await testApp.caller(tokens.manager);
    const { items } = await manager.assets.list({ q: p, sort: 'tag' });
    expect(items.map((a) => [a.tag, a.stage, a.condition, a.location])).toEqual([
      [`${p}-1`, 'retired', 'fair', 'Lisbon'],
      [`${p}-2`, 'in_stock', 'new', null],
    ]);
    const history = await manager.assets.history({ id: items[0]!.id });
    expect(history.items.map((e) => [e.action, e.reason, e.actor?.username])).toEqual([
      ['created', `CSV import ${body.importId}`, expect.any(String)],
    ]);
  });

  it('a tag taken between the dry run and the apply is refused at apply, and nothing is written', async () => {
    const p = unique('R').toUpperCase();
    const csv = `tag,name,type\n${p}-1,One,laptop\n${p}-2,Two,laptop\n`;
    expect((await upload('assets', csv, 'dry-run')).body.problems).toEqual([]);
    await createAsset(testApp.database.db, { tag: `${p}-2` });
    const before = await snapshot();
    const { status, body } = await upload('assets', csv, 'apply');
    expect(status).toBe(400);
    expect(body.error.details.report.problems.map(brief)).toEqual([[3, 1, 'tag', 'ASSET_TAG_TAKEN']]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('import of licenses and users', () => {
  it('seals product keys as the API does, and never puts them in events', async () => {
    const name = unique('Suite');
    const { body } = await upload(
      'licenses',
      `name,vendor,seats,productKey\n${name},Acme,3,KEY-123-SECRET\n`,
      'apply',
    );
    expect(body.created).toBe(1);
    const admin = await testApp.caller(tokens.admin);
    const { items } = await admin.licenses.list({ q: name });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name, vendor: 'Acme', seats: 3, productKey: 'KEY-123-SECRET' });
    const stored = await findLicenseById(testApp.database.db, items[0]!.id);
    expect(stored?.productKeyEncrypted).toMatch(/^v1\./);
    expect(stored?.productKeyEncrypted).not.toContain('KEY-123');
    const events = await admin.events.list({ entity: 'license', entityId: items[0]!.id });
    expect(JSON.stringify(events.items)).not.toContain('KEY-123');
  });

  it('refuses a license of the same name and vendor as one in the database (running a file twice)', async () => {
    const csv = `name,vendor\n${unique('Twice')},Acme\n`;
    expect((await upload('licenses', csv, 'apply')).status).toBe(200);
    const { status, body } = await upload('licenses', csv, 'apply');
    expect(status).toBe(400);
    expect(body.error.details.report.problems.map(brief)).toEqual([[2, 1, 'name', 'LICENSE_EXISTS']]);
  });

  it('creates users without a password: they cannot sign in; taken usernames and emails are problems', async () => {
    const name = unique('imp');
    const csv = `username,email,role,disabled\n${name},${name}@example.test,manager,false\n${admin.username.toUpperCase()},x-${name}@example.test,,\n${name}-2,${admin.email},employee,true\n`;
    const dry = await upload('users', csv, 'dry-run');
    expect(dry.body.problems.map(brief)).toEqual([
      [3, 1, 'username', 'USERNAME_TAKEN'],
      [4, 2, 'email', 'EMAIL_TAKEN'],
    ]);
    const { body } = await upload(
      'users',
      `username,email,role\n${name},${name}@example.test,manager\n`,
      'apply',
    );
    expect(body.created).toBe(1);
    const anonymous = await testApp.caller();
    for (const password of ['', 'password', 'correct horse battery staple']) {
      await expect(anonymous.auth.login({ username: name, password: password || 'x' })).rejects.toMatchObject(
        {
          code: 'UNAUTHORIZED',
        },
      );
    }
    const users = await (await testApp.caller(tokens.admin)).users.list({ q: name });
    expect(users.items.map((u) => [u.username, u.role, u.disabled])).toEqual([[name, 'manager', false]]);
  });

  it('a plain function with a stream, for the command-line tool: bytes split anywhere, even inside a character', async () => {
    const p = unique('S').toUpperCase();
    const bytes = Buffer.from(`tag,name,type\n${p}-1,Écran für Zoë,monitor\n`);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const report = await importCsv(
      { db: testApp.database.db, keyring: testApp.services.keyring, actor: null },
      'assets',
      chunks(),
      { dryRun: false },
    );
    expect(report).toMatchObject({ rows: 1, created: 1, problems: [] });
    const { items } = await (await testApp.caller(tokens.admin)).assets.list({ q: p });
    expect(items.map((a) => a.name)).toEqual(['Écran für Zoë']);
  });

  it('reports a file that is not UTF-8 and an empty file as problems, not errors', async () => {
    const deps = { db: testApp.database.db, keyring: testApp.services.keyring, actor: null };
    async function* latin1() {
      yield Buffer.from('tag,name,type\nA,caf\xe9,laptop\n', 'latin1');
    }
    const bad = await importCsv(deps, 'assets', latin1(), { dryRun: true });
    expect(bad.problems.map((p) => p.reason)).toContain('INVALID_CSV');
    const empty = await importCsv(deps, 'users', '', { dryRun: true });
    expect(empty.problems.map(brief)).toEqual([
      [1, null, 'username', 'MISSING_COLUMN'],
      [1, null, 'email', 'MISSING_COLUMN'],
    ]);
  });
});

describe('parallel imports', () => {
  it('two uploads of one license file at once: one imports, the other is refused, each license exists once', async () => {
    // No unique index guards license names: imports of one kind take turns (an advisory lock), so
    // the second one's check sees the first one's rows. The file is long enough for the two to overlap.
    const name = unique('Parallel');
    const rows = Array.from({ length: 3000 }, (_, i) => `${name}-${i},Acme,4`);
    const csv = ['name,vendor,seats', ...rows].join('\n');
    const results = await Promise.all([upload('licenses', csv, 'apply'), upload('licenses', csv, 'apply')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = results.find((r) => r.status === 400)!.body.error.details.report.problems;
    expect(refused).toHaveLength(3000);
    expect(refused[0]).toMatchObject({ line: 2, column: 1, field: 'name', reason: 'LICENSE_EXISTS' });
    const { n } = await testApp.database.db
      .selectFrom('licenses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'like', `${name}-%`)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(3000);
  });

  it('two uploads of one asset file at once: one imports, the other writes nothing', async () => {
    const p = unique('PAR').toUpperCase();
    const csv = ['tag,name,type', ...Array.from({ length: 300 }, (_, i) => `${p}-${i},Laptop,laptop`)].join(
      '\n',
    );
    const results = await Promise.all([upload('assets', csv, 'apply'), upload('assets', csv, 'apply')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const { items } = await (await testApp.caller(tokens.admin)).assets.list({ q: p, limit: 200 });
    expect(items).toHaveLength(200);
    const { n } = await testApp.database.db
      .selectFrom('assets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tag', 'like', `${p}-%`)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(300);
  });
});

describe('who may import', () => {
  const cases = [
    ['assets', 'employee', 403],
    ['assets', 'manager', 200],
    ['assets', 'admin', 200],
    ['licenses', 'employee', 403],
    ['licenses', 'manager', 200],
    ['users', 'employee', 403],
    ['users', 'manager', 403],
    ['users', 'admin', 200],
  ] as const;

  it.each(cases)('%s as %s: %i', async (kind, who, status) => {
    const header = { assets: 'tag,name,type', licenses: 'name', users: 'username,email' }[kind];
    const result = await upload(kind, `${header}\n`, 'dry-run', tokens[who]);
    expect(result.status).toBe(status);
    if (status === 403) expect(result.body.error.reason).toBe('FORBIDDEN');
  });

  it('refuses anonymous callers, unknown kinds, other content types and modes', async () => {
    expect((await upload('assets', 'tag,name,type\n', 'dry-run', null)).body.error.reason).toBe(
      'UNAUTHENTICATED',
    );
    expect((await upload('events', 'id\n', 'dry-run')).status).toBe(404);
    const plain = await fetch(`${baseUrl}/import/assets.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${tokens.admin}` },
      body: 'tag,name,type\n',
    });
    expect(plain.status).toBe(400);
    const mode = await fetch(`${baseUrl}/import/assets.csv?mode=now`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${tokens.admin}` },
      body: 'tag,name,type\n',
    });
    expect(((await mode.json()) as any).error.reason).toBe('VALIDATION_FAILED');
  });
});

describe('no input gives a 500', () => {
  it('any text as a file gets a dry-run report (200) with problems, never an error', async () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        'B',
        '1',
        ',',
        '"',
        '\n',
        '\r',
        '=',
        ' ',
        '\u0000',
        'é',
        'tag',
        'name',
        'type',
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('assets', 'licenses', 'users'), text, async (kind, csv) => {
        const { status, body } = await upload(kind, csv, 'dry-run');
        expect(status).toBe(200);
        expect(Array.isArray(body.problems)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('values the schemas pass but the database cannot store are problems of the dry run, and nothing is written', async () => {
    const csv = `tag,name,type,purchaseDate\nNUL-1,a\u0000b,laptop,\nY0-1,Year zero,laptop,0000-01-01\n`;
    const dry = await upload('assets', csv, 'dry-run');
    expect(dry.body.problems.map(brief)).toEqual([
      [2, 2, 'name', 'VALIDATION_FAILED'],
      [3, 4, 'purchaseDate', 'VALIDATION_FAILED'],
    ]);
    const before = await snapshot();
    expect((await upload('assets', csv, 'apply')).body.error.reason).toBe('IMPORT_REJECTED');
    expect(await snapshot()).toEqual(before);
  });
});
