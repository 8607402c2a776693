import { describe, expect, it } from 'vitest';
import { ASSET_CONDITIONS } from '../assets/schemas.ts';
import {
  ASSIGNMENT_SORTS,
  ASSIGNMENT_STATES,
  Assignment,
  BulkCheckOutInput,
  CheckInInput,
  CheckOutInput,
  DEFAULT_ASSIGNMENT_ORDER,
  ListAssignmentsInput,
  SORT_ORDERS,
} from './schemas.ts';

const ID = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const ID2 = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c';
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `0190b3c4-5d6e-7f80-9a1b-${i.toString(16).padStart(12, '0')}`);

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? [] : [...new Set(result.error!.issues.map((i) => i.path.join('.')))];
}

describe('CheckOutInput', () => {
  it('needs an asset and a person, and nothing else', () => {
    expect(CheckOutInput.parse({ assetId: ID, userId: ID2 })).toEqual({ assetId: ID, userId: ID2 });
    expect(issuePaths(CheckOutInput.safeParse({})).sort()).toEqual(['assetId', 'userId']);
  });

  it('takes an expected return date, or null', () => {
    expect(
      CheckOutInput.parse({ assetId: ID, userId: ID2, expectedReturn: '2026-12-01' }).expectedReturn,
    ).toBe('2026-12-01');
    expect(CheckOutInput.parse({ assetId: ID, userId: ID2, expectedReturn: null }).expectedReturn).toBeNull();
  });

  it.each(['2026-02-29', '2026-12-1', '2026-12-01T00:00:00Z', ''])('refuses the return date %j', (date) => {
    expect(issuePaths(CheckOutInput.safeParse({ assetId: ID, userId: ID2, expectedReturn: date }))).toEqual([
      'expectedReturn',
    ]);
  });

  it('trims the note and turns an empty one into null', () => {
    expect(CheckOutInput.parse({ assetId: ID, userId: ID2, note: '  for the trip ' }).note).toBe(
      'for the trip',
    );
    expect(CheckOutInput.parse({ assetId: ID, userId: ID2, note: '   ' }).note).toBeNull();
    expect(issuePaths(CheckOutInput.safeParse({ assetId: ID, userId: ID2, note: 'x'.repeat(1001) }))).toEqual(
      ['note'],
    );
  });

  it('refuses ids that are not UUIDs and unknown keys', () => {
    expect(issuePaths(CheckOutInput.safeParse({ assetId: 'LT-0001', userId: ID2 }))).toEqual(['assetId']);
    expect(issuePaths(CheckOutInput.safeParse({ assetId: ID, userId: ID2, stage: 'deployed' }))).toEqual([
      '',
    ]);
  });
});

describe('BulkCheckOutInput', () => {
  it.each([1, 2, 200])('accepts %d assets', (n) => {
    expect(BulkCheckOutInput.parse({ assetIds: ids(n), userId: ID }).assetIds).toHaveLength(n);
  });

  it('refuses no assets, with a message', () => {
    const result = BulkCheckOutInput.safeParse({ assetIds: [], userId: ID });
    expect(issuePaths(result)).toEqual(['assetIds']);
    expect(result.error?.issues[0]?.message).toBe('Pick at least one asset.');
  });

  it('refuses more than 200 assets', () => {
    expect(issuePaths(BulkCheckOutInput.safeParse({ assetIds: ids(201), userId: ID }))).toEqual(['assetIds']);
  });

  it('refuses a bad id by its position', () => {
    expect(issuePaths(BulkCheckOutInput.safeParse({ assetIds: [ID, 'x'], userId: ID }))).toEqual([
      'assetIds.1',
    ]);
  });

  // Pinned as it is today: the same asset twice is not refused by the schema (the second check-out
  // meets the open assignment of the first).
  it('does not refuse the same asset twice', () => {
    expect(BulkCheckOutInput.safeParse({ assetIds: [ID, ID], userId: ID2 }).success).toBe(true);
  });

  it('shares the optional fields of a single check-out and refuses unknown keys', () => {
    expect(BulkCheckOutInput.parse({ assetIds: [ID], userId: ID2, expectedReturn: null, note: '' })).toEqual({
      assetIds: [ID],
      userId: ID2,
      expectedReturn: null,
      note: null,
    });
    expect(issuePaths(BulkCheckOutInput.safeParse({ assetIds: [ID], userId: ID2, assetId: ID }))).toEqual([
      '',
    ]);
  });
});

describe('CheckInInput', () => {
  it('needs only the asset', () => {
    expect(CheckInInput.parse({ assetId: ID })).toEqual({ assetId: ID });
    expect(issuePaths(CheckInInput.safeParse({}))).toEqual(['assetId']);
  });

  it.each(ASSET_CONDITIONS)('takes the condition %s', (condition) => {
    expect(CheckInInput.parse({ assetId: ID, condition }).condition).toBe(condition);
  });

  it('refuses an unknown condition, a null condition, and unknown keys', () => {
    expect(issuePaths(CheckInInput.safeParse({ assetId: ID, condition: 'mint' }))).toEqual(['condition']);
    expect(issuePaths(CheckInInput.safeParse({ assetId: ID, condition: null }))).toEqual(['condition']);
    expect(issuePaths(CheckInInput.safeParse({ assetId: ID, userId: ID }))).toEqual(['']);
  });

  it('trims the note', () => {
    expect(CheckInInput.parse({ assetId: ID, note: ' screen cracked ' }).note).toBe('screen cracked');
  });
});

describe('ListAssignmentsInput', () => {
  it('defaults to open assignments, 50 at a time, with or without an object', () => {
    expect(ListAssignmentsInput.parse(undefined)).toEqual({ state: 'open', sort: 'checkedOut', limit: 50 });
    expect(ListAssignmentsInput.parse({})).toEqual({ state: 'open', sort: 'checkedOut', limit: 50 });
  });

  it('hands out a fresh default each time', () => {
    expect(ListAssignmentsInput.parse(undefined)).not.toBe(ListAssignmentsInput.parse(undefined));
  });

  it('has the states open, overdue, closed and all', () => {
    expect(ASSIGNMENT_STATES).toEqual(['open', 'overdue', 'closed', 'all']);
    for (const state of ASSIGNMENT_STATES) expect(ListAssignmentsInput.parse({ state }).state).toBe(state);
    expect(issuePaths(ListAssignmentsInput.safeParse({ state: 'late' }))).toEqual(['state']);
  });

  it('filters by person and asset, and pages', () => {
    expect(ListAssignmentsInput.parse({ userId: ID, assetId: ID2, cursor: 'abc', limit: 200 })).toEqual({
      userId: ID,
      assetId: ID2,
      state: 'open',
      sort: 'checkedOut',
      cursor: 'abc',
      limit: 200,
    });
    expect(ListAssignmentsInput.parse({ cursor: null }).cursor).toBeNull();
  });

  it.each([0, 201, 1.5])('refuses the limit %d', (limit) => {
    expect(issuePaths(ListAssignmentsInput.safeParse({ limit }))).toEqual(['limit']);
  });

  it('refuses an empty cursor and unknown keys', () => {
    expect(issuePaths(ListAssignmentsInput.safeParse({ cursor: '' }))).toEqual(['cursor']);
    expect(issuePaths(ListAssignmentsInput.safeParse({ search: 'x' }))).toEqual(['']);
  });

  it('sorts by check-out, expected return or return, either way, each with its own default order', () => {
    for (const sort of ASSIGNMENT_SORTS)
      for (const order of SORT_ORDERS)
        expect(ListAssignmentsInput.parse({ sort, order })).toMatchObject({ sort, order });
    expect(ListAssignmentsInput.parse({ sort: 'expectedReturn' }).order).toBeUndefined();
    expect(DEFAULT_ASSIGNMENT_ORDER).toEqual({ checkedOut: 'desc', expectedReturn: 'asc', returned: 'desc' });
    expect(issuePaths(ListAssignmentsInput.safeParse({ sort: 'holder' }))).toEqual(['sort']);
    expect(issuePaths(ListAssignmentsInput.safeParse({ sort: 'expected_return' }))).toEqual(['sort']);
    expect(issuePaths(ListAssignmentsInput.safeParse({ order: 'up' }))).toEqual(['order']);
    expect(issuePaths(ListAssignmentsInput.safeParse({ order: null }))).toEqual(['order']);
  });

  it('searches with trimmed text of at most 200 characters', () => {
    expect(ListAssignmentsInput.parse({ q: '  dana ' }).q).toBe('dana');
    expect(ListAssignmentsInput.parse({ q: 'x'.repeat(200) }).q).toHaveLength(200);
    expect(issuePaths(ListAssignmentsInput.safeParse({ q: 'x'.repeat(201) }))).toEqual(['q']);
    expect(issuePaths(ListAssignmentsInput.safeParse({ q: 42 }))).toEqual(['q']);
  });
});

describe('Assignment (output)', () => {
  const row = {
    id: ID,
    asset: { id: ID2, tag: 'LT-1', name: 'ThinkPad' },
    user: { id: ID, username: 'dana' },
    startedAt: '2026-05-03T09:15:00.000Z',
    endedAt: null,
    expectedReturn: '2026-06-01',
    note: null,
    returnNote: null,
    returnCondition: null,
    overdue: false,
  };

  it('accepts an open assignment', () => {
    expect(Assignment.parse(row)).toEqual(row);
  });

  it('drops fields it does not name, such as a user email', () => {
    const parsed = Assignment.parse({ ...row, user: { ...row.user, email: 'dana@example.com' } });
    expect(parsed.user).toEqual({ id: ID, username: 'dana' });
  });
});
