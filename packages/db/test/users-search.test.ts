/**
 * `listUsers({ q })` is written as the expression `users_search_idx` is built on, so the trigram
 * index can serve a rare term; a `like` per column was never served by it and read every user.
 */
import { randomUUID } from 'node:crypto';
import { type CompiledQuery, type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, listUsers } from '../src/index.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

/** The statements `run` sends, compiled as the database receives them. */
async function statementsOf(run: (db: TestDatabase['db']) => Promise<unknown>): Promise<CompiledQuery[]> {
  const compiled: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      compiled.push(database.db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await run(database.db.withPlugin(recorder));
  return compiled;
}

/**
 * The plan of `query` when the planner may neither read the whole table nor walk an index in the
 * list's order (which a few test rows make cheapest): whether an index can serve its condition.
 */
async function planOf(query: CompiledQuery): Promise<string> {
  return database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_indexscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<Record<string, string>>({
      ...query,
      sql: `explain ${query.sql}`,
    });
    return rows.map((row) => Object.values(row)[0]).join('\n');
  });
}

describe(`users search (${describeBackend()})`, () => {
  it('finds a person by a rare part of the username or of the email, with the trigram index', async () => {
    const tag = randomUUID().slice(0, 8);
    const byName = await insertUser(database.db, {
      username: `zebra${tag}`,
      email: `one-${tag}@example.com`,
      passwordHash: 'x',
      role: 'employee',
    });
    const byEmail = await insertUser(database.db, {
      username: `other-${tag}`,
      email: `zebra${tag}@example.org`,
      passwordHash: 'x',
      role: 'manager',
    });
    for (const sort of ['username', 'newest'] as const) {
      const found = await listUsers(database.db, { q: `ZEBRA${tag}`, sort, limit: 10 });
      expect(new Set(found.items.map((u) => u.id))).toEqual(new Set([byName.id, byEmail.id]));
      const [query] = await statementsOf((db) => listUsers(db, { q: `zebra${tag}`, sort, limit: 10 }));
      expect(await planOf(query!)).toContain('users_search_idx');
    }
  });

  it('reads `%` and `_` in a term as themselves', async () => {
    const tag = randomUUID().slice(0, 8);
    const percent = await insertUser(database.db, {
      username: `p%c${tag}`,
      email: `p-${tag}@example.com`,
      passwordHash: 'x',
      role: 'employee',
    });
    await insertUser(database.db, {
      username: `pxc${tag}`,
      email: `px-${tag}@example.com`,
      passwordHash: 'x',
      role: 'employee',
    });
    const found = await listUsers(database.db, { q: `p%c${tag}`, limit: 10 });
    expect(found.items.map((u) => u.id)).toEqual([percent.id]);
  });
});
