/**
 * `maintenance.list` searched with `q`: by the asset's tag, name and serial number, by the
 * record's own details and note; `%` and `_` are literal; an employee's search stays within what
 * they hold; a term matching more assets than the id lookup takes still finds every record.
 * Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { insertMaintenance } from '@itam/db';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHeldAsset, createUser, type TestUser, unique } from './factories.ts';
import { type Caller, useTestApp } from './harness.ts';
import { walkPages as walk } from './paging.ts';

let dana: TestUser;
let employee: Caller;
const used = useTestApp();
const db = () => used.db;

const marker = unique('mnt').toLowerCase();
const record: Record<'screen' | 'battery' | 'fan' | 'lee', { id: string; assetId: string }> = {} as never;
let tags: { danaLaptop: string; leeLaptop: string };

beforeAll(async () => {
  dana = await createUser(db(), { role: 'employee' });
  const lee = await createUser(db(), { role: 'employee' });
  employee = await used.signIn(dana);

  const danaLaptop = await createHeldAsset(db(), dana.id, {
    tag: unique('MS-DANA').toUpperCase(),
    name: `ThinkPad ${marker}`,
    serialNumber: `SN-${marker}-7`,
  });
  const leeLaptop = await createHeldAsset(db(), lee.id, { tag: unique('MS-LEE').toUpperCase() });
  tags = { danaLaptop: danaLaptop.tag, leeLaptop: leeLaptop.tag };
  const add = async (key: keyof typeof record, assetId: string, details: string) => {
    const created = await insertMaintenance(db(), {
      assetId,
      type: 'repair',
      scheduledFor: '2030-01-01',
      details,
    });
    record[key] = { id: created.id, assetId };
  };
  await add('screen', danaLaptop.id, 'Replace the cracked screen');
  await add('battery', danaLaptop.id, 'Battery swells: replace it');
  await add('fan', leeLaptop.id, `Noisy fan, ticket ${marker}-fan 100%_sure`);
  await add('lee', leeLaptop.id, 'Keyboard cleaning');
});

const found = async (caller: Caller, q: string, input: { assetId?: string } = {}) =>
  (await caller.maintenance.list({ q, ...input, limit: 200 })).items.map((m) => m.id).sort();
const ids = (...keys: (keyof typeof record)[]) => keys.map((key) => record[key].id).sort();

describe('maintenance.list search', () => {
  it('finds by the asset tag (any case), name and serial number', async () => {
    expect(await found(used.admin, tags.danaLaptop.toLowerCase())).toEqual(ids('screen', 'battery'));
    expect(await found(used.admin, `thinkpad ${marker}`)).toEqual(ids('screen', 'battery'));
    expect(await found(used.admin, `sn-${marker}-7`)).toEqual(ids('screen', 'battery'));
    expect(await found(used.admin, tags.leeLaptop)).toEqual(ids('fan', 'lee'));
  });

  it('finds by the record’s details (any case) and its note', async () => {
    expect(await found(used.admin, `${marker.toUpperCase()}-FAN`)).toEqual(ids('fan'));
    expect(await found(used.admin, 'cracked screen', { assetId: record.screen.assetId })).toEqual(
      ids('screen'),
    );
    await used.admin.maintenance.cancel({ id: record.lee.id, note: `Duplicate of ${marker}-dup` });
    expect(await found(used.admin, `${marker}-dup`)).toEqual(ids('lee'));
  });

  it('combines with the other filters, and takes % and _ literally', async () => {
    expect(await found(used.admin, 'replace', { assetId: record.battery.assetId })).toEqual(
      ids('screen', 'battery'),
    );
    expect(await found(used.admin, `${marker}-fan 100%_sure`)).toEqual(ids('fan'));
    expect(await found(used.admin, `${marker}%fan`)).toEqual([]);
    expect(await found(used.admin, `${marker}_fan`)).toEqual([]);
    expect(await found(used.admin, '100%')).toContain(record.fan.id);
    expect(await found(used.admin, 'nothing-is-called-this')).toEqual([]);
  });

  it('an employee’s search never shows maintenance of what another person holds', async () => {
    expect(await found(employee, marker)).toEqual(ids('screen', 'battery'));
    expect(await found(employee, tags.leeLaptop)).toEqual([]);
    expect(await found(employee, `${marker}-fan`)).toEqual([]);
    expect(await found(employee, 'replace', { assetId: record.fan.assetId })).toEqual([]);
  });

  it('refuses a search longer than 200 characters, naming the field', async () => {
    await expect(used.admin.maintenance.list({ q: 'x'.repeat(201) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [{ path: ['q'] }] },
    });
  });

  it('finds every record when the term matches more assets than the id lookup takes', async () => {
    // 1,001 assets with the term in their name: the search reads the list in its order instead.
    const common = unique('cmn').toLowerCase();
    await sql`insert into assets (tag, name, type, stage, condition)
      select ${common} || '-' || i, 'Dock ' || ${common}, 'peripheral', 'in_stock', 'good'
      from generate_series(1, 1001) as i`.execute(db());
    const docks = await sql<{ id: string }>`select id from assets where tag like ${`${common}-%`}
      order by seq limit 3`.execute(db());
    const expected: string[] = [];
    for (const { id } of docks.rows) {
      const created = await insertMaintenance(db(), {
        assetId: id,
        type: 'inspection',
        scheduledFor: '2030-02-01',
        details: 'Check the ports',
      });
      expected.push(created.id);
    }
    const items = await walk((cursor) => used.admin.maintenance.list({ q: common, cursor, limit: 2 }), 2);
    expect(items.map((m) => m.id)).toEqual(expected.reverse());
  });
});
