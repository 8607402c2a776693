/**
 * `assignments.list` sorted and searched: every sort, both ways, walked page by page at several
 * page sizes, yields each assignment once in the order its index gives (ties by sequence, a
 * missing date after every date); search finds by the asset and by the holder; an employee's
 * search stays within their own assignments. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { encodeCursor, insertAssignment } from '@itam/db';
import { ASSIGNMENT_SORTS, type AssignmentSort, SORT_ORDERS, type SortOrder } from '@itam/domain';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createUser, type TestUser, unique } from './factories.ts';
import { type Caller, useTestApp } from './harness.ts';
import { invalidCursor, walkPages as walk } from './paging.ts';

const used = useTestApp();
const db = () => used.db;

// Timestamps as PostgreSQL writes them (UTC), so they compare as text; some a microsecond apart,
// which a JavaScript Date cannot tell apart.
const T1 = '2026-01-05 09:00:00.000001+00';
const T2 = '2026-01-05 09:00:00.000002+00';
const T3 = '2026-02-10 14:30:00+00';
const E1 = '2026-03-01 08:00:00.000001+00';
const E2 = '2026-03-01 08:00:00.000002+00';

/** started, expected return, ended: repeated values everywhere, and missing dates. */
const ROWS: readonly [string, string | null, string | null][] = [
  [T2, '2026-04-01', null],
  [T1, null, E2],
  [T3, '2026-03-15', E1],
  [T1, '2026-04-01', null],
  [T2, null, E1],
  [T3, '2026-03-15', E2],
  [T1, '2026-04-01', E1],
  [T2, null, null],
  [T3, '2026-03-20', null],
];

describe('assignments.list sorts', () => {
  const marker = unique('srt').toLowerCase();
  const created: {
    id: string;
    seq: number;
    started: string;
    expected: string | null;
    ended: string | null;
  }[] = [];

  beforeAll(async () => {
    // The holder's name carries the marker, so a search for it isolates these rows.
    const holders = [
      await createUser(db(), { username: `${marker}-a` }),
      await createUser(db(), { username: `${marker}-b` }),
    ];
    for (const [i, [started, expected, ended]] of ROWS.entries()) {
      const asset = await createAsset(db(), { stage: ended ? 'in_stock' : 'deployed' });
      const { id } = await insertAssignment(db(), { assetId: asset.id, userId: holders[i % 2]!.id });
      const row = await db()
        .updateTable('assignments')
        .set({
          started_at: sql`${started}::timestamptz`,
          ended_at: ended === null ? null : sql`${ended}::timestamptz`,
          expected_return: expected,
        })
        .where('id', '=', id)
        .returning('seq')
        .executeTakeFirstOrThrow();
      created.push({ id, seq: Number(row.seq), started, expected, ended });
    }
  });

  /** The order the list promises: by key (a missing date after every date), then by sequence. */
  function expected(sort: AssignmentSort, order: SortOrder, state: 'all' | 'open' = 'all') {
    const keyOf = (row: (typeof created)[number]) =>
      (sort === 'checkedOut' ? row.started : sort === 'expectedReturn' ? row.expected : row.ended) ??
      '\uffff';
    const sign = order === 'asc' ? 1 : -1;
    return created
      .filter((row) => state === 'all' || row.ended === null)
      .sort((a, b) => sign * (keyOf(a).localeCompare(keyOf(b)) || a.seq - b.seq))
      .map((row) => row.id);
  }

  for (const sort of ASSIGNMENT_SORTS) {
    for (const order of SORT_ORDERS) {
      it.each([1, 2, 4, 50])(`${sort} ${order}: pages of %d hold each row once, in order`, async (limit) => {
        const items = await walk(
          (cursor) => used.admin.assignments.list({ state: 'all', q: marker, sort, order, cursor, limit }),
          limit,
        );
        expect(items.map((row) => row.id)).toEqual(expected(sort, order));
      });
    }
  }

  it('each sort takes its own order when none is sent; the default is the latest check-out first', async () => {
    const ids = async (input: { sort?: AssignmentSort }) =>
      (await used.admin.assignments.list({ state: 'all', q: marker, ...input })).items.map((row) => row.id);
    expect(await ids({})).toEqual(expected('checkedOut', 'desc'));
    expect(await ids({ sort: 'expectedReturn' })).toEqual(expected('expectedReturn', 'asc'));
    expect(await ids({ sort: 'returned' })).toEqual(expected('returned', 'desc'));
  });

  it('open assignments sorted by return: all tie (none returned), so by sequence', async () => {
    const items = await walk(
      (cursor) =>
        used.admin.assignments.list({
          state: 'open',
          q: marker,
          sort: 'returned',
          order: 'asc',
          cursor,
          limit: 1,
        }),
      1,
    );
    expect(items.map((row) => row.id)).toEqual(expected('returned', 'asc', 'open'));
    expect(items.length).toBe(4);
  });

  it('refuses a cursor of another sort or order, and one whose key is not a date of that sort', async () => {
    const first = await used.admin.assignments.list({
      state: 'all',
      q: marker,
      sort: 'expectedReturn',
      limit: 1,
    });
    expect(first.nextCursor).not.toBeNull();
    for (const other of [
      { sort: 'expectedReturn', order: 'desc' },
      { sort: 'returned', order: 'asc' },
      { sort: 'checkedOut' },
    ] as const) {
      await expect(
        used.admin.assignments.list({ state: 'all', ...other, cursor: first.nextCursor }),
      ).rejects.toMatchObject(invalidCursor);
    }
    for (const [sort, order, key] of [
      ['expectedReturn', 'asc', 'tomorrow'],
      ['expectedReturn', 'asc', '2026-02-30'],
      ['checkedOut', 'desc', 'infinity'],
      ['checkedOut', 'desc', '2026-01-05'],
      ['returned', 'desc', "2026-01-05 09:00:00+00'; drop table assignments; --"],
    ] as const) {
      const cursor = encodeCursor(`assignments-${sort}-${order}`, [key, 1]);
      await expect(used.admin.assignments.list({ state: 'all', sort, order, cursor })).rejects.toMatchObject(
        invalidCursor,
      );
    }
    // The cursor of the list before sorts existed (the sequence alone) is refused too.
    await expect(
      used.admin.assignments.list({ cursor: encodeCursor('assignments', [5]) }),
    ).rejects.toMatchObject(invalidCursor);
  });

  it('refuses an unknown sort, order or field, naming it', async () => {
    for (const [input, path] of [
      [{ sort: 'holder' }, ['sort']],
      [{ order: 'up' }, ['order']],
      [{ q: 'x'.repeat(201) }, ['q']],
      [{ search: marker }, []],
    ] as const) {
      await expect(used.admin.assignments.list(input as never)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        cause: { issues: [{ path }] },
      });
    }
  });
});

describe('assignments.list search', () => {
  const marker = unique('fnd').toLowerCase();
  let dana: TestUser;
  let lee: TestUser;
  let employee: Caller;
  const asset: Record<'danaLaptop' | 'danaPhone' | 'leeLaptop', { id: string; tag: string }> = {} as never;

  beforeAll(async () => {
    dana = await createUser(db(), { username: `dana-${marker}`, email: `dana.${marker}@north.example` });
    lee = await createUser(db(), { username: `lee-${marker}`, email: `lee.${marker}@south.example` });
    employee = await used.signIn(dana);
    const make = async (key: keyof typeof asset, holder: TestUser, serialNumber: string) => {
      asset[key] = await createAsset(db(), {
        tag: unique(`AS-${key}`).toUpperCase(),
        name: `${key} ${marker}`,
        serialNumber,
      });
      await used.admin.assignments.checkOut({ assetId: asset[key].id, userId: holder.id });
    };
    await make('danaLaptop', dana, `SN-${marker}-1`);
    await make('danaPhone', dana, `SN-${marker}-2`);
    await make('leeLaptop', lee, `SN-${marker}-3`);
  });

  const found = async (caller: Caller, q: string, input: { userId?: string } = {}) =>
    (await caller.assignments.list({ state: 'all', q, ...input })).items.map((row) => row.asset.id).sort();
  const ids = (...keys: (keyof typeof asset)[]) => keys.map((key) => asset[key].id).sort();

  it('finds by the asset tag (any case), name and serial number', async () => {
    expect(await found(used.admin, asset.leeLaptop.tag.toLowerCase())).toEqual(ids('leeLaptop'));
    expect(await found(used.admin, `danaPhone ${marker}`)).toEqual(ids('danaPhone'));
    expect(await found(used.admin, `sn-${marker}-1`)).toEqual(ids('danaLaptop'));
  });

  it('finds by the holder’s username and email', async () => {
    expect(await found(used.admin, `DANA-${marker}`)).toEqual(ids('danaLaptop', 'danaPhone'));
    expect(await found(used.admin, `lee.${marker}@south`)).toEqual(ids('leeLaptop'));
    // The marker is in every username: all three.
    expect(await found(used.admin, marker)).toEqual(ids('danaLaptop', 'danaPhone', 'leeLaptop'));
  });

  it('combines with the holder filter, and takes % and _ literally', async () => {
    expect(await found(used.admin, `laptop ${marker}`, { userId: lee.id })).toEqual(ids('leeLaptop'));
    expect(await found(used.admin, `dana%${marker}`)).toEqual([]);
    expect(await found(used.admin, `dana_${marker}`)).toEqual([]);
    expect(await found(used.admin, 'nothing-is-called-this')).toEqual([]);
  });

  it('an employee’s search never shows another person’s rows, whatever they send', async () => {
    expect(await found(employee, marker)).toEqual(ids('danaLaptop', 'danaPhone'));
    expect(await found(employee, `lee-${marker}`)).toEqual([]);
    expect(await found(employee, asset.leeLaptop.tag)).toEqual([]);
    expect(await found(employee, `lee.${marker}`, { userId: lee.id })).toEqual([]);
    expect(await found(employee, 'laptop', { userId: lee.id })).toEqual(ids('danaLaptop'));
    for (const sort of ASSIGNMENT_SORTS) {
      const items = await walk(
        (cursor) => employee.assignments.list({ state: 'all', q: marker, sort, cursor, limit: 1 }),
        1,
      );
      expect(new Set(items.map((row) => row.user.id))).toEqual(new Set([dana.id]));
    }
  });
});
