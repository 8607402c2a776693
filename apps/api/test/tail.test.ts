/**
 * The table tail both live hubs read with, on a table of its own: every row once and in id order
 * however long the run, rings during a read folded into one more read, an idle tail that reads
 * nothing, and the catch-up after the listener comes back.
 */
import type { Database } from '@itam/db';
import { createTestDatabase, describeBackend, type TestDatabase } from '@itam/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAIL_BATCH, TableTail, type TailSource } from '../src/live/tail.ts';
import { quiet } from './quiet-log.ts';

interface Row {
  id: number;
  label: string;
}

const CHANNEL = 'tail_test_rows';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  const { db } = testDatabase;
  await sql`create table tail_rows (id bigint generated always as identity primary key, label text not null)`.execute(
    db,
  );
  // Like the events table: one ring per statement, carrying the newest id it inserted.
  await sql`create function tail_rows_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(CHANNEL)}, (select max(id)::text from new_rows));
      return null;
    end $$`.execute(db);
  await sql`create trigger tail_rows_notify after insert on tail_rows referencing new table as new_rows
    for each statement execute function tail_rows_notify()`.execute(db);
});

afterAll(async () => {
  await testDatabase?.close();
});

/** Inserts `count` rows in one statement; `heard: false` inserts them with the doorbell off. */
async function insertRows(count: number, label: string, { heard = true } = {}): Promise<number[]> {
  const { db } = testDatabase;
  if (!heard) await sql`alter table tail_rows disable trigger tail_rows_notify`.execute(db);
  try {
    const { rows } = await sql<{ id: number }>`insert into tail_rows (label)
      select ${label}::text || '-' || n from generate_series(1, ${count}::int) as n returning id`.execute(db);
    return rows.map((row) => row.id).sort((a, b) => a - b);
  } finally {
    if (!heard) await sql`alter table tail_rows enable trigger tail_rows_notify`.execute(db);
  }
}

/** A tail over `tail_rows` that records what it reads and delivers; a poll far beyond any test. */
function openTail(
  options: { idle?: () => boolean; hold?: { until?: Promise<void> }; lingerMs?: number } = {},
) {
  const reads: { afterId: number; count: number }[] = [];
  const latestReads: number[] = [];
  const delivered: Row[] = [];
  let reconnect: (() => void) | undefined;
  const source: TailSource<Row> = {
    name: 'row',
    channel: CHANNEL,
    async latestId(db) {
      const { rows } = await sql<{ id: number | null }>`select max(id) as id from tail_rows`.execute(db);
      latestReads.push(rows[0]?.id ?? 0);
      return rows[0]?.id ?? 0;
    },
    async listAfter(db, afterId, limit) {
      const { rows } = await sql<Row>`select id, label from tail_rows
        where id > ${afterId} order by id limit ${limit}`.execute(db);
      reads.push({ afterId, count: rows.length });
      // The rows are read; the read is not over until the test lets it be.
      await options.hold?.until;
      return rows;
    },
    idOf: (row) => row.id,
  };
  const database: Database = {
    ...testDatabase,
    // why: the embedded database's listener never drops; keeping the callback the listener calls
    // after a reconnect lets the test do what a reconnect does (the real LISTEN still runs).
    listen(channel, onMessage, onReconnect) {
      reconnect = onReconnect;
      return testDatabase.listen(channel, onMessage, onReconnect);
    },
  };
  const tail = new TableTail(database, quiet, source, {
    deliver: (row) => delivered.push(row),
    ...(options.idle ? { idle: options.idle } : {}),
    ...(options.lingerMs === undefined ? {} : { lingerMs: options.lingerMs }),
    pollMs: 3_600_000,
  });
  return { tail, reads, latestReads, delivered, reconnect: () => reconnect?.() };
}

const idsOf = (rows: Row[]) => rows.map((row) => row.id);

describe(`a table tail (${describeBackend()})`, () => {
  it('delivers every row once, in id order, reading a run longer than a batch in batches', async () => {
    const { tail, reads, delivered } = openTail();
    await tail.start();
    const demand = tail.want();
    await demand.ready;
    try {
      const start = tail.lastId;
      const inserted = await insertRows(2 * TAIL_BATCH + 234, 'run');
      await expect.poll(() => delivered.length, { timeout: 10_000, interval: 10 }).toBe(inserted.length);
      await tail.settle();
      expect(idsOf(delivered)).toEqual(inserted);
      expect(new Set(idsOf(delivered)).size).toBe(inserted.length);
      expect(reads.filter((read) => read.count > 0)).toEqual([
        { afterId: start, count: TAIL_BATCH },
        { afterId: inserted[TAIL_BATCH - 1], count: TAIL_BATCH },
        { afterId: inserted[2 * TAIL_BATCH - 1], count: 234 },
      ]);
      expect(tail.lastId).toBe(inserted.at(-1));
    } finally {
      await tail.stop();
    }
  });

  it('folds the rings that come during a read into one more read, which delivers what they rang for', async () => {
    let release!: () => void;
    const hold: { until?: Promise<void> } = {};
    const { tail, reads, delivered } = openTail({ hold });
    let rings = 0;
    tail.onRing(() => rings++);
    await tail.start();
    const demand = tail.want();
    await demand.ready;
    await tail.settle();
    reads.length = 0;
    // From here each read waits for the test.
    hold.until = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const start = tail.lastId;
      const first = await insertRows(3, 'first');
      await expect.poll(() => reads.length, { timeout: 5_000, interval: 10 }).toBe(1);
      // The first read is in flight: a commit's ring and ten more come and wait.
      const ringsBefore = rings;
      const second = await insertRows(4, 'second');
      await expect.poll(() => rings, { timeout: 5_000, interval: 10 }).toBe(ringsBefore + 1);
      for (let i = 0; i < 10; i++) tail.ring();
      expect(rings).toBe(ringsBefore + 11);
      expect(reads).toHaveLength(1);
      release();
      await tail.settle();
      expect(reads).toEqual([
        { afterId: start, count: 3 },
        { afterId: first.at(-1), count: 4 },
      ]);
      expect(idsOf(delivered)).toEqual([...first, ...second]);
    } finally {
      release();
      await tail.stop();
    }
  });

  it('reads nothing while idle, yet moves on by the ids the rings carry; then reads only what follows', async () => {
    let idle = true;
    const { tail, reads, latestReads, delivered } = openTail({ idle: () => idle });
    let rings = 0;
    tail.onRing(() => rings++);
    await tail.start();
    const demand = tail.want();
    await demand.ready;
    try {
      const unread = await insertRows(5, 'unread');
      await expect.poll(() => tail.lastId, { timeout: 5_000, interval: 10 }).toBe(unread.at(-1));
      tail.ring(); // a poll
      await tail.settle();
      expect(rings).toBeGreaterThanOrEqual(3);
      expect(reads).toEqual([]);
      expect(latestReads).toHaveLength(2); // at start, and when it began to listen

      idle = false;
      const read = await insertRows(2, 'read');
      await expect.poll(() => delivered.length, { timeout: 5_000, interval: 10 }).toBe(2);
      expect(idsOf(delivered)).toEqual(read);
      expect(reads[0]).toEqual({ afterId: unread.at(-1), count: 2 });
    } finally {
      await tail.stop();
    }
  });

  it('after the listener comes back, an idle tail skips to the newest id and a busy one reads what it missed', async () => {
    let idle = true;
    const { tail, reads, latestReads, delivered, reconnect } = openTail({ idle: () => idle });
    await tail.start();
    const demand = tail.want();
    await demand.ready;
    try {
      const before = tail.lastId;
      const unheard = await insertRows(3, 'unheard-idle', { heard: false });
      await tail.settle();
      expect(tail.lastId).toBe(before);
      reconnect();
      await tail.settle();
      expect(tail.lastId).toBe(unheard.at(-1));
      expect(latestReads).toEqual([before, before, unheard.at(-1)]);
      expect(reads).toEqual([]);

      // Busy, it would read on any ring; only the reconnect rings here.
      idle = false;
      const missed = await insertRows(3, 'unheard-busy', { heard: false });
      expect(delivered).toEqual([]);
      reconnect();
      await expect.poll(() => delivered.length, { timeout: 5_000, interval: 10 }).toBe(3);
      expect(idsOf(delivered)).toEqual(missed);
      expect(delivered.map((row) => row.label)).toEqual([
        'unheard-busy-1',
        'unheard-busy-2',
        'unheard-busy-3',
      ]);
      expect(latestReads).toHaveLength(3);
    } finally {
      await tail.stop();
    }
  });

  it('listens only while someone wants it, a while longer after the last leaves, and starts a newcomer at the newest id', async () => {
    const { tail, reads, delivered } = openTail({ lingerMs: 200 });
    let rings = 0;
    tail.onRing(() => rings++);
    await tail.start();
    try {
      // Nobody wants it: commits ring nothing, and nothing is read.
      const unheard = await insertRows(3, 'nobody');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(rings).toBe(0);
      expect(reads).toEqual([]);

      // The first to want it starts after what was committed meanwhile: owed to nobody.
      const first = tail.want();
      await first.ready;
      expect(tail.lastId).toBe(unheard.at(-1));
      const heard = await insertRows(2, 'heard');
      await expect.poll(() => delivered.length, { timeout: 5_000, interval: 10 }).toBe(2);
      expect(idsOf(delivered)).toEqual(heard);
      expect(rings).toBeGreaterThanOrEqual(1);

      // Two want it; one leaves: still listening.
      const second = tail.want();
      await second.ready;
      first.release();
      first.release(); // a second release of the same demand changes nothing
      const stillHeard = await insertRows(1, 'still');
      await expect.poll(() => delivered.length, { timeout: 5_000, interval: 10 }).toBe(3);
      expect(idsOf(delivered).at(-1)).toBe(stillHeard[0]);

      // The last leaves: it listens on for the linger, then no more.
      second.release();
      const ringsAtRelease = rings;
      await insertRows(1, 'lingering');
      await expect.poll(() => rings, { timeout: 5_000, interval: 10 }).toBeGreaterThan(ringsAtRelease);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const ringsAfterLinger = rings;
      await insertRows(2, 'gone');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(rings).toBe(ringsAfterLinger);
    } finally {
      await tail.stop();
    }
  });
});
