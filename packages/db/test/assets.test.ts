/**
 * The asset and assignment query modules against a real database: keyset paging, the holder
 * filter, the one-open-assignment index under concurrency, and the order and atomicity of events.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@itam/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AssetFilter,
  appendEvent,
  constraintOf,
  findAssetById,
  insertAsset,
  insertAssignment,
  insertUser,
  latestEventId,
  listAssets,
  listEventsAfter,
  type NewAssetValues,
  sqlState,
} from '../src/index.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;

beforeAll(async () => {
  // Enough connections on PostgreSQL for 20 truly simultaneous transactions.
  database = await createTestDatabase({ poolSize: 25 });
});

afterAll(async () => {
  await database?.close();
});

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${randomUUID().slice(0, 8)}`;

function user(role: Role = 'employee') {
  const username = unique('u');
  return insertUser(database.db, { username, email: `${username}@example.test`, passwordHash: 'x', role });
}

function asset(overrides: Partial<NewAssetValues> = {}) {
  const tag = unique('T').toUpperCase();
  return insertAsset(database.db, {
    tag,
    name: `Asset ${tag}`,
    type: 'laptop',
    stage: 'in_stock',
    condition: 'new',
    ...overrides,
  });
}

describe(`listAssets on ${describeBackend()}`, () => {
  let marker: string;
  const created: string[] = [];

  beforeAll(async () => {
    marker = unique('keyset').toLowerCase();
    // Five of one name and mixed case elsewhere, so the name sort needs its tie-breaker.
    const names = ['same', 'same', 'Zulu', 'same', 'ALPHA', 'same', 'mike', 'alpha', 'same', 'Mike'];
    for (let i = 0; i < 17; i++) {
      const a = await asset({
        tag: `${i % 3 ? marker.toUpperCase() : marker}-${String(i).padStart(2, '0')}`,
        name: `${marker} ${names[i % names.length]}`,
      });
      created.push(a.id);
    }
  });

  async function walk(sort: AssetFilter['sort'], limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: Awaited<ReturnType<typeof listAssets>> = await listAssets(database.db, {
        q: marker,
        sort,
        cursor,
        limit,
      });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging did not end');
  }

  /** The order the database itself gives, without any cursor: the reference for paging. */
  async function reference(orderBy: string): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`select id from assets where search_text like ${`%${marker}%`}
      order by ${sql.raw(orderBy)}`.execute(database.db);
    return rows.map((r) => r.id);
  }

  it.each([
    ['created', 'seq desc'],
    ['tag', 'lower(tag)'],
    ['name', 'lower(name), seq'],
  ] as const)(
    'pages sort=%s in the order "%s", with no duplicates and no misses at any page size',
    async (sort, orderBy) => {
      const expected = await reference(orderBy);
      expect(expected).toHaveLength(created.length);
      for (const limit of [1, 2, 4, 16, 17, 50]) {
        expect(await walk(sort, limit), `limit ${limit}`).toEqual(expected);
      }
      if (sort === 'created') expect(expected).toEqual([...created].reverse());
    },
  );

  it('filters by holder through open assignments only', async () => {
    const holder = await user();
    const held = await asset({ stage: 'deployed' });
    const returned = await asset();
    await insertAssignment(database.db, { assetId: held.id, userId: holder.id });
    const { id } = await insertAssignment(database.db, { assetId: returned.id, userId: holder.id });
    await database.db.updateTable('assignments').set({ ended_at: sql`now()` }).where('id', '=', id).execute();

    const { items } = await listAssets(database.db, { holderId: holder.id, sort: 'created', limit: 50 });
    expect(items.map((a) => a.id)).toEqual([held.id]);
    expect(items[0]?.holder).toEqual({ id: holder.id, username: holder.username, email: holder.email });
    expect((await findAssetById(database.db, returned.id))?.holder).toBeNull();
  });

  it('matches q literally: %, _ and \\ are characters, not patterns', async () => {
    const m = unique('lit').toLowerCase();
    const names = ['100% wool', '1000 wool', 'a_b', 'axb', 'c\\d', 'cd'];
    for (const name of names) await asset({ name: `${m} ${name}` });
    const search = async (q: string) =>
      (await listAssets(database.db, { q, sort: 'name', limit: 50 })).items.map((a) =>
        a.name.slice(m.length + 1),
      );
    expect(await search(`${m} 100%`)).toEqual(['100% wool']);
    expect(await search(`${m} a_b`)).toEqual(['a_b']);
    expect(await search(`${m} c\\d`)).toEqual(['c\\d']);
    expect(await search(`${m.toUpperCase()} A_B`)).toEqual(['a_b']);
  });
});

describe(`assignments on ${describeBackend()}`, () => {
  it('refuses a second open assignment for one asset through the partial unique index, and allows one after return', async () => {
    const [a, b] = [await user(), await user()];
    const laptop = await asset();
    const first = await insertAssignment(database.db, { assetId: laptop.id, userId: a.id });
    const error = await insertAssignment(database.db, { assetId: laptop.id, userId: b.id }).catch(
      (e: unknown) => e,
    );
    expect(sqlState(error)).toBe('23505');
    expect(constraintOf(error)).toBe('assignments_one_open_per_asset');

    await database.db
      .updateTable('assignments')
      .set({ ended_at: sql`now()` })
      .where('id', '=', first.id)
      .execute();
    await expect(insertAssignment(database.db, { assetId: laptop.id, userId: b.id })).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it('lets exactly one of 20 simultaneous assignments of one asset through (separate sessions on PostgreSQL)', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, () => user()));
    const laptop = await asset();
    const sessions: number[] = [];
    const results = await Promise.allSettled(
      people.map((person) =>
        database.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          sessions.push(rows[0]!.pid);
          await insertAssignment(trx, { assetId: laptop.id, userId: person.id });
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(sqlState(r.reason)).toBe('23505');
        expect(constraintOf(r.reason)).toBe('assignments_one_open_per_asset');
      }
    }
    const open = await database.db
      .selectFrom('assignments')
      .select('user_id')
      .where('asset_id', '=', laptop.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
    // On PostgreSQL the race is real: the attempts ran in separate sessions (PGlite has one).
    expect(sessions).toHaveLength(20);
    if (database.kind === 'postgres') expect(new Set(sessions).size).toBeGreaterThan(1);
  });
});

describe(`events on ${describeBackend()}`, () => {
  it('gives each appended event a larger id than the one before, as a decimal string', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const event = await database.db
        .transaction()
        .execute((trx) =>
          appendEvent(trx, { actor: null, entity: 'asset', entityId: `seq-${i}`, action: 'tested' }),
        );
      ids.push(event.id);
    }
    for (const id of ids) expect(id).toMatch(/^[1-9]\d*$/);
    const numbers = ids.map(Number);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1]!);
    expect(await latestEventId(database.db)).toBe(numbers.at(-1));
  });

  it('keeps ids unique and readable in order when 10 transactions append at once', async () => {
    const from = await latestEventId(database.db);
    const events = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db
          .transaction()
          .execute((trx) =>
            appendEvent(trx, { actor: null, entity: 'asset', entityId: `par-${i}`, action: 'tested' }),
          ),
      ),
    );
    const ids = events.map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(10);
    const read = await listEventsAfter(database.db, from, { limit: 100 });
    expect(read.map((s) => Number(s.event.id))).toEqual([...ids].sort((a, b) => a - b));
  });

  it('leaves no event behind when the transaction that appended it rolls back', async () => {
    const from = await latestEventId(database.db);
    const entityId = unique('rolled-back');
    const outcome = await database.db
      .transaction()
      .execute(async (trx) => {
        await appendEvent(trx, { actor: null, entity: 'asset', entityId, action: 'created' });
        await sql`select 1 / 0`.execute(trx);
      })
      .catch((e: unknown) => e);
    expect(sqlState(outcome)).toBe('22012');
    expect(await latestEventId(database.db)).toBe(from);
    const rows = await database.db
      .selectFrom('events')
      .select('id')
      .where('entity_id', '=', entityId)
      .execute();
    expect(rows).toEqual([]);
  });
});
