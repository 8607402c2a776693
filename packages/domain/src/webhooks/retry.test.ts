import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, isDelivered, MAX_RETRY_DELAY_MS, retryDelayMs } from './retry.ts';

const policy = { maxAttempts: 3, backoffBaseMs: 1_000 };

describe('retryDelayMs', () => {
  it('doubles from the base, between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1_000, 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1_000, 0))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('never exceeds an hour, nor drops below half the schedule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, base, r) => {
          const delay = retryDelayMs(n, base, r);
          const schedule = Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (n - 1));
          expect(delay).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(schedule / 2));
        },
      ),
    );
  });
});

describe('decideAfterAttempt', () => {
  it('a success ends the delivery at any attempt', () => {
    for (const attempt of [1, 2, 3])
      expect(decideAfterAttempt({ ok: true, attempt }, policy, 0.5)).toEqual({ status: 'succeeded' });
  });

  it('a failure retries until the last attempt, then gives up', () => {
    expect(decideAfterAttempt({ ok: false, attempt: 1 }, policy, 1)).toEqual({
      status: 'pending',
      retryInMs: 1_000,
    });
    expect(decideAfterAttempt({ ok: false, attempt: 2 }, policy, 1)).toEqual({
      status: 'pending',
      retryInMs: 2_000,
    });
    expect(decideAfterAttempt({ ok: false, attempt: 3 }, policy, 1)).toEqual({ status: 'failed' });
  });
});

describe('isDelivered', () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [404, false],
    [500, false],
    [null, false],
  ])('%s → %s', (status, ok) => expect(isDelivered(status)).toBe(ok));
});
