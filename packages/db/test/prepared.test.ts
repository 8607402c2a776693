/** `prepare`: a statement compiled once binds each call's values and sends Kysely's own SQL. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAssetById, insertAsset } from '../src/index.ts';
import { prepare } from '../src/prepared.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const laptop = (tag: string) =>
  ({ tag, name: `Laptop ${tag}`, type: 'laptop', stage: 'in_stock', condition: 'good' }) as const;

describe(`prepare (${describeBackend()})`, () => {
  it('binds the values of each call, in a transaction as outside one', async () => {
    const db = database.db;
    const byTagAndStage = prepare(2, (db, tag: string, stage: string) =>
      db
        .selectFrom('assets')
        .select(['tag', 'stage'])
        .where('tag', '=', tag)
        .where('stage', '=', stage as never),
    );
    await insertAsset(db, laptop('PREP-1'));
    await insertAsset(db, laptop('PREP-2'));
    expect(await byTagAndStage(db, 'PREP-1', 'in_stock')).toEqual([{ tag: 'PREP-1', stage: 'in_stock' }]);
    expect(await byTagAndStage(db, 'PREP-2', 'in_stock')).toEqual([{ tag: 'PREP-2', stage: 'in_stock' }]);
    expect(await byTagAndStage(db, 'PREP-2', 'deployed')).toEqual([]);
    const inTransaction = await db.transaction().execute((trx) => byTagAndStage(trx, 'PREP-1', 'in_stock'));
    expect(inTransaction).toHaveLength(1);
  });

  it('keeps the constants the query itself binds', async () => {
    const db = database.db;
    const taggedWithLimit = prepare(1, (db, tag: string) =>
      db
        .selectFrom('assets')
        .select('tag')
        .where('tag', 'like', tag)
        .where('stage', '=', 'in_stock')
        .limit(1),
    );
    expect(await taggedWithLimit(db, 'PREP-%')).toHaveLength(1);
  });

  it('sends exactly the SQL and values Kysely builds for the same query', async () => {
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
    const query = (d: typeof db, tag: string) =>
      d.selectFrom('assets').selectAll().where('tag', '=', tag).limit(5);
    const prepared = prepare(1, query);
    const { id } = await insertAsset(db, laptop('PREP-3'));
    const [row] = await prepared(recording, 'PREP-3');
    const expected = query(db, 'PREP-3').compile();
    expect(sent).toEqual([expect.objectContaining({ sql: expected.sql, parameters: expected.parameters })]);
    expect(row).toEqual(await query(db, 'PREP-3').executeTakeFirst());
    expect((await findAssetById(db, id))?.tag).toBe('PREP-3');
  });

  it('refuses a builder that does not pass a value through as a parameter', async () => {
    const db = database.db;
    const transformed = prepare(1, (db, tag: string) =>
      db.selectFrom('assets').select('tag').where('tag', '=', tag.toUpperCase()),
    );
    await expect(transformed(db, 'x')).rejects.toThrow(/did not become parameters/);
    const inlined = prepare(1, (db, tag: string) =>
      db
        .selectFrom('assets')
        .select('tag')
        .where(sql<boolean>`${sql.raw(`tag = '${tag}'`)}`),
    );
    await expect(inlined(db, 'x')).rejects.toThrow(/did not become parameters/);
  });
});
