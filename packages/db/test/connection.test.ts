import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent, insertAsset, insertUser, isUniqueViolation, sqlState } from '../src/index.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`connection on ${describeBackend()}`, () => {
  it('parses int8 as number, numeric as number, date as an ISO string and timestamptz as Date', async () => {
    const { rows } = await sql<{
      big: unknown;
      money: unknown;
      day: unknown;
      moment: unknown;
    }>`select 9007199254740991::int8 as big, 1234.50::numeric(12,2) as money, '2024-03-01'::date as day, '2024-03-01T10:00:00Z'::timestamptz as moment`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({
      big: 9007199254740991,
      money: 1234.5,
      day: '2024-03-01',
      moment: new Date('2024-03-01T10:00:00Z'),
    });
  });

  it('refuses an int8 beyond 2^53 instead of rounding it', async () => {
    await expect(sql`select 9007199254740993::int8 as big`.execute(database.db)).rejects.toThrow(
      /beyond 2\^53/,
    );
  });

  it('reports a duplicate asset tag as a unique violation on the tag index, case-insensitively', async () => {
    await insertAsset(database.db, {
      tag: 'DUP-1',
      name: 'A',
      type: 'laptop',
      stage: 'in_stock',
      condition: 'new',
    });
    const error = await insertAsset(database.db, {
      tag: 'dup-1',
      name: 'B',
      type: 'laptop',
      stage: 'in_stock',
      condition: 'new',
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'assets_tag_key')).toBe(true);
  });

  it('keeps the events table append-only', async () => {
    const user = await insertUser(database.db, {
      username: 'auditor',
      email: 'auditor@example.test',
      passwordHash: 'x',
      role: 'admin',
    });
    const event = await database.db
      .transaction()
      .execute((trx) =>
        appendEvent(trx, { actor: user, entity: 'user', entityId: user.id, action: 'created' }),
      );
    const update = await sql`update events set action = 'tampered' where id = ${Number(event.id)}`
      .execute(database.db)
      .catch((e: unknown) => e);
    expect(sqlState(update)).toBe('P0001');
    const remove = await sql`delete from events where id = ${Number(event.id)}`
      .execute(database.db)
      .catch((e: unknown) => e);
    expect(sqlState(remove)).toBe('P0001');
  });

  it('rings the doorbell only when the transaction commits', async () => {
    const heard: string[] = [];
    const stop = await database.listen('itam_events', (payload) => heard.push(payload));
    try {
      await database.db
        .transaction()
        .execute(async (trx) => {
          await appendEvent(trx, {
            actor: null,
            entity: 'asset',
            entityId: 'rolled-back',
            action: 'created',
          });
          throw new Error('roll back');
        })
        .catch(() => {});
      const committed = await database.db
        .transaction()
        .execute((trx) =>
          appendEvent(trx, { actor: null, entity: 'asset', entityId: 'kept', action: 'created' }),
        );
      await expect.poll(() => heard, { timeout: 5_000 }).toContain(committed.id);
      expect(heard).toEqual([committed.id]);
    } finally {
      await stop();
    }
  });
});
