/** `prepare`: a statement compiled once per shape binds each call's values and sends Kysely's own SQL. */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DB, findAssetById, insertAsset } from '../src/index.ts';
import { arrayLiteral, prepare } from '../src/prepared.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await insertAsset(db, laptop('PREP-1'));
  await insertAsset(db, { ...laptop('PREP-2'), stage: 'ordered' });
  await insertAsset(db, { ...laptop('PREP-3'), type: 'monitor' });
});
afterAll(async () => {
  await database?.close();
});

function laptop(tag: string) {
  return { tag, name: `Laptop ${tag}`, type: 'laptop', stage: 'in_stock', condition: 'good' } as const;
}

/** A query whose shape follows its filter: which values are present, how long the lists are. */
const filtered = (db: Kysely<DB>, b: { stages?: readonly string[]; type?: string; take: number }) => {
  let query = db.selectFrom('assets').select('tag').where('tag', 'like', 'PREP-%');
  if (b.stages) query = query.where('stage', 'in', b.stages as never);
  if (b.type !== undefined) query = query.where('type', '=', b.type as never);
  return query.orderBy('tag').limit(b.take);
};
const tags = (rows: { tag: string }[]) => rows.map((r) => r.tag);

describe(`prepare (${describeBackend()})`, () => {
  it('binds the values of each call, for every shape, in a transaction as outside one', async () => {
    const db = database.db;
    const prepared = prepare(filtered);
    expect(tags(await prepared(db, { stages: ['in_stock'], take: 10 }))).toEqual(['PREP-1', 'PREP-3']);
    expect(tags(await prepared(db, { stages: ['ordered'], take: 10 }))).toEqual(['PREP-2']);
    expect(tags(await prepared(db, { stages: ['ordered', 'in_stock'], take: 2 }))).toEqual([
      'PREP-1',
      'PREP-2',
    ]);
    expect(tags(await prepared(db, { type: 'monitor', take: 10 }))).toEqual(['PREP-3']);
    expect(tags(await prepared(db, { stages: ['in_stock'], type: 'laptop', take: 10 }))).toEqual(['PREP-1']);
    expect(tags(await prepared(db, { take: 1 }))).toEqual(['PREP-1']);
    const inTransaction = await db
      .transaction()
      .execute((trx) => prepared(trx, { type: 'laptop', take: 10 }));
    expect(tags(inTransaction)).toEqual(['PREP-1', 'PREP-2']);
  });

  it('sends exactly the SQL and values Kysely builds for the same query, constants included', async () => {
    const db = database.db;
    const sent: { sql: string; parameters: readonly unknown[] }[] = [];
    // why a proxy: it records what reaches `executeQuery` and passes it on to the real database.
    const recording = new Proxy(db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'executeQuery') return typeof value === 'function' ? value.bind(target) : value;
        return (query: { sql: string; parameters: readonly unknown[] }) => {
          sent.push(query);
          return target.executeQuery(query as never);
        };
      },
    });
    const withConstant = (d: Kysely<DB>, b: { stages?: readonly string[]; take: number }) =>
      filtered(d, b).where('condition', '=', 'good');
    const prepared = prepare(withConstant);
    for (const b of [
      { stages: ['in_stock', 'ordered'], take: 5 },
      { stages: ['ordered', 'in_stock'], take: 1 },
    ]) {
      const rows = await prepared(recording, b);
      const expected = withConstant(db, b).compile();
      expect(sent.at(-1)).toEqual(
        expect.objectContaining({ sql: expected.sql, parameters: expected.parameters }),
      );
      expect(rows).toEqual(await withConstant(db, b).execute());
    }
    expect(sent.at(-1)?.parameters).toContain('good');
  });

  it('binds null as a value, so an insert with and without optional values is one statement', async () => {
    const db = database.db;
    const sent: string[] = [];
    const insert = (d: Kysely<DB>, b: { tag: string; model: string | null }) =>
      d
        .insertInto('assets')
        .values({ ...laptop('?'), tag: b.tag, model: b.model })
        .returning(['tag', 'model']);
    const prepared = prepare(insert);
    const recording = new Proxy(db, {
      // why a proxy: it records the SQL that reaches `executeQuery` and passes it on.
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'executeQuery') return typeof value === 'function' ? value.bind(target) : value;
        return (query: { sql: string }) => {
          sent.push(query.sql);
          return target.executeQuery(query as never);
        };
      },
    });
    expect(await prepared(recording, { tag: 'PREP-N1', model: null })).toEqual([
      { tag: 'PREP-N1', model: null },
    ]);
    expect(await prepared(recording, { tag: 'PREP-N2', model: 'T14' })).toEqual([
      { tag: 'PREP-N2', model: 'T14' },
    ]);
    expect(sent).toEqual([
      insert(db, { tag: 'x', model: null }).compile().sql,
      insert(db, { tag: 'x', model: 'y' }).compile().sql,
    ]);
    expect(sent[0]).toBe(sent[1]);
  });

  it('serves the asset lookup by id and the asset insert', async () => {
    const { id, model, location } = await insertAsset(database.db, { ...laptop('PREP-4'), model: 'X1' });
    expect({ model, location }).toEqual({ model: 'X1', location: null });
    expect((await findAssetById(database.db, id))?.tag).toBe('PREP-4');
  });

  it('refuses a builder that does not pass a value through as a parameter', async () => {
    const db = database.db;
    const transformed = prepare((db, b: { tag: string }) =>
      db.selectFrom('assets').select('tag').where('tag', '=', b.tag.toUpperCase()),
    );
    await expect(transformed(db, { tag: 'x' })).rejects.toThrow(/did not become parameters/);
    const computed = prepare((db, b: { tag: string }) =>
      db.selectFrom('assets').select('tag').where('tag', '=', b.tag).where('name', '=', `Laptop ${b.tag}`),
    );
    await expect(computed(db, { tag: 'x' })).rejects.toThrow(/changed before it became a parameter/);
    const inlined = prepare((db, b: { tag: string }) =>
      db
        .selectFrom('assets')
        .select('tag')
        .where(sql<boolean>`${sql.raw(`tag = '${b.tag}'`)}`),
    );
    await expect(inlined(db, { tag: 'x' })).rejects.toThrow(/did not become parameters/);
  });

  it('writes a whole array as one value that PostgreSQL reads back unchanged', async () => {
    const values = ['plain', 'with "quotes"', 'back\\slash', 'comma, brace }', ''];
    const { rows } = await sql<{ back: string[] }>`select ${arrayLiteral(values)}::text[] as back`.execute(
      database.db,
    );
    expect(rows[0]!.back).toEqual(values);
    expect(arrayLiteral([])).toBe('{}');
  });
});
