import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reason } from '../reasons.ts';
import { decideSeatAssignment, decideSeatCount, isExpired, type SeatFacts } from './rules.ts';

const TODAY = '2026-11-25';

describe('isExpired', () => {
  it.each([
    [null, false],
    ['2026-11-24', true],
    ['2026-11-25', false], // expiring today: still valid today
    ['2026-11-26', false],
    ['2025-12-31', true],
    ['2027-01-01', false],
  ])('expiry %j, on %s', (expiryDate, expired) => {
    expect(isExpired(expiryDate, TODAY)).toBe(expired);
  });

  it('compares days across a leap day and a year end', () => {
    expect(isExpired('2024-02-29', '2024-02-29')).toBe(false);
    expect(isExpired('2024-02-29', '2024-03-01')).toBe(true);
    expect(isExpired('2026-12-31', '2027-01-01')).toBe(true);
  });
});

const facts = (over: Partial<SeatFacts> = {}): SeatFacts => ({
  seats: 10,
  used: 3,
  expiryDate: '2027-06-30',
  alreadyHeld: false,
  assignee: { disabled: false },
  ...over,
});

describe('decideSeatAssignment, the order of the reasons', () => {
  // Every combination of the four problems, written out: the first one in the order expired,
  // disabled assignee, seat already held, no seat free, is the reason given.
  // biome-ignore format: an aligned table reads better than a wrapped one.
  const TABLE: [expired: boolean, disabled: boolean, alreadyHeld: boolean, full: boolean, Reason | 'ok'][] = [
    [false, false, false, false, 'ok'],
    [false, false, false, true,  'SEATS_EXHAUSTED'],
    [false, false, true,  false, 'SEAT_ALREADY_ASSIGNED'],
    [false, false, true,  true,  'SEAT_ALREADY_ASSIGNED'],
    [false, true,  false, false, 'USER_DISABLED'],
    [false, true,  false, true,  'USER_DISABLED'],
    [false, true,  true,  false, 'USER_DISABLED'],
    [false, true,  true,  true,  'USER_DISABLED'],
    [true,  false, false, false, 'LICENSE_EXPIRED'],
    [true,  false, false, true,  'LICENSE_EXPIRED'],
    [true,  false, true,  false, 'LICENSE_EXPIRED'],
    [true,  false, true,  true,  'LICENSE_EXPIRED'],
    [true,  true,  false, false, 'LICENSE_EXPIRED'],
    [true,  true,  false, true,  'LICENSE_EXPIRED'],
    [true,  true,  true,  false, 'LICENSE_EXPIRED'],
    [true,  true,  true,  true,  'LICENSE_EXPIRED'],
  ];

  it.each(TABLE)(
    'expired %s, disabled %s, already held %s, full %s: %s',
    (expired, disabled, held, full, want) => {
      const verdict = decideSeatAssignment(
        facts({
          expiryDate: expired ? '2026-11-24' : '2026-11-25',
          assignee: { disabled },
          alreadyHeld: held,
          used: full ? 10 : 9,
        }),
        TODAY,
      );
      if (want === 'ok') expect(verdict).toEqual({ ok: true, value: undefined });
      else expect(verdict).toMatchObject({ ok: false, reason: want });
    },
  );
});

describe('decideSeatAssignment, messages and details', () => {
  it('LICENSE_EXPIRED names the expiry date', () => {
    expect(decideSeatAssignment(facts({ expiryDate: '2026-10-01' }), TODAY)).toEqual({
      ok: false,
      reason: 'LICENSE_EXPIRED',
      message: 'The license expired on 2026-10-01; renew it before assigning seats.',
      details: { expiryDate: '2026-10-01' },
    });
  });

  it('USER_DISABLED and SEAT_ALREADY_ASSIGNED', () => {
    expect(decideSeatAssignment(facts({ assignee: { disabled: true } }), TODAY)).toEqual({
      ok: false,
      reason: 'USER_DISABLED',
      message: 'A disabled account cannot receive assets or seats.',
    });
    expect(decideSeatAssignment(facts({ alreadyHeld: true }), TODAY)).toEqual({
      ok: false,
      reason: 'SEAT_ALREADY_ASSIGNED',
      message: 'That person already has a seat of this license.',
    });
  });

  it('SEATS_EXHAUSTED when every seat is in use', () => {
    expect(decideSeatAssignment(facts({ seats: 10, used: 10 }), TODAY)).toEqual({
      ok: false,
      reason: 'SEATS_EXHAUSTED',
      message: 'All 10 seats are in use.',
      details: { seats: 10, used: 10, requested: 1 },
    });
  });
});

describe('decideSeatAssignment, boundaries', () => {
  it.each([
    // expiryDate, today, ok
    [null, TODAY, true],
    ['2026-11-25', '2026-11-25', true], // expiring today is still valid
    ['2026-11-24', '2026-11-25', false],
    ['2024-02-29', '2024-02-29', true],
    ['2024-02-29', '2024-03-01', false],
  ])('expiry %j on %s: allowed %s', (expiryDate, today, ok) => {
    expect(decideSeatAssignment(facts({ expiryDate }), today).ok).toBe(ok);
  });

  it.each([
    // seats, used, requested, ok
    [1, 0, 1, true],
    [1, 1, 1, false],
    [10, 9, 1, true],
    [10, 10, 1, false],
    [10, 7, 3, true], // used + requested == seats
    [10, 7, 4, false],
    [10, 0, 10, true],
    [10, 0, 11, false],
    [5, 6, 1, false], // already over-allocated (the database forbids it; the rule still refuses)
  ])('%d seats, %d used, %d requested: allowed %s', (seats, used, requested, ok) => {
    const verdict = decideSeatAssignment(facts({ seats, used }), TODAY, requested);
    if (ok) expect(verdict).toEqual({ ok: true, value: undefined });
    else
      expect(verdict).toMatchObject({
        ok: false,
        reason: 'SEATS_EXHAUSTED',
        details: { seats, used, requested },
      });
  });

  it('requests one seat by default', () => {
    expect(decideSeatAssignment(facts({ seats: 4, used: 3 }), TODAY).ok).toBe(true);
    expect(decideSeatAssignment(facts({ seats: 4, used: 4 }), TODAY).ok).toBe(false);
  });
});

describe('decideSeatCount', () => {
  it.each([
    // newSeats, used, ok
    [10, 3, true],
    [3, 3, true], // down to exactly the seats in use
    [2, 3, false],
    [1, 0, true],
    [0, 0, true], // the schemas refuse 0 seats; the rule only compares with the seats in use
    [0, 1, false],
    [1_000_000, 999_999, true],
  ])('%d seats with %d in use: allowed %s', (newSeats, used, ok) => {
    const verdict = decideSeatCount({ newSeats, used });
    if (ok) expect(verdict).toEqual({ ok: true, value: undefined });
    else
      expect(verdict).toMatchObject({
        ok: false,
        reason: 'SEATS_BELOW_USED',
        details: { used, requested: newSeats },
      });
  });

  it('says how many seats are in use', () => {
    expect(decideSeatCount({ newSeats: 2, used: 3 })).toEqual({
      ok: false,
      reason: 'SEATS_BELOW_USED',
      message: '3 seats are in use; release some before reducing to 2.',
      details: { used: 3, requested: 2 },
    });
  });
});

describe('seats under any sequence of decisions', () => {
  const USERS = ['ana', 'ben', 'cho', 'dev', 'eli', 'fay', 'gus'];
  const user = fc.constantFrom(...USERS);
  const op = fc.oneof(
    fc.record({ kind: fc.constant('assign' as const), user, disabled: fc.boolean() }),
    fc.record({ kind: fc.constant('assignMany' as const), users: fc.uniqueArray(user, { minLength: 1 }) }),
    fc.record({ kind: fc.constant('release' as const), user }),
    fc.record({ kind: fc.constant('resize' as const), seats: fc.integer({ min: 1, max: 8 }) }),
  );

  it('used never exceeds seats when decisions are applied only when allowed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 80 }), (initialSeats, ops) => {
        let seats = initialSeats;
        const holders = new Set<string>();
        for (const o of ops) {
          if (o.kind === 'assign') {
            const verdict = decideSeatAssignment(
              facts({
                seats,
                used: holders.size,
                alreadyHeld: holders.has(o.user),
                assignee: { disabled: o.disabled },
              }),
              TODAY,
            );
            if (verdict.ok) holders.add(o.user);
          } else if (o.kind === 'assignMany') {
            // A bulk assignment asks for every new holder at once, all or nothing.
            const fresh = o.users.filter((u) => !holders.has(u));
            const verdict = decideSeatAssignment(facts({ seats, used: holders.size }), TODAY, fresh.length);
            if (verdict.ok) for (const u of fresh) holders.add(u);
          } else if (o.kind === 'release') {
            holders.delete(o.user);
          } else if (decideSeatCount({ newSeats: o.seats, used: holders.size }).ok) {
            seats = o.seats;
          }
          expect(holders.size).toBeLessThanOrEqual(seats);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a free seat is always given to an enabled person who has none, on a valid license', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seats, used) => {
        fc.pre(used < seats);
        expect(decideSeatAssignment(facts({ seats, used, expiryDate: null }), TODAY).ok).toBe(true);
      }),
    );
  });
});

describe('SEATS_EXHAUSTED messages', () => {
  it.each([
    [10, 10, 1, 'All 10 seats are in use.'],
    [10, 12, 1, 'All 10 seats are in use.'],
    [1, 1, 1, 'The only seat is in use.'],
    // Regression: a bulk request larger than the free seats was told that all seats were in use.
    [10, 5, 6, 'Only 5 of 10 seats are free; 6 requested.'],
    [10, 9, 2, 'Only 1 of 10 seats is free; 2 requested.'],
    [1, 0, 2, 'The only seat is free; 2 requested.'],
  ])('%d seats, %d used, %d requested: %s', (seats, used, requested, message) => {
    expect(decideSeatAssignment(facts({ seats, used }), TODAY, requested)).toEqual({
      ok: false,
      reason: 'SEATS_EXHAUSTED',
      message,
      details: { seats, used, requested },
    });
  });
});
