import { REASONS } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../lib/format.ts';
import { errorMessage } from './errors.ts';
import { REASON_MESSAGES, reasonMessage } from './reasonMessages.ts';

const refusal = (reason: string, message: string, details: Record<string, unknown> | null = null) => ({
  message,
  data: { reason, code: 'CONFLICT', details },
});

describe('REASON_MESSAGES', () => {
  it.each(REASONS)('has plain words for %s, even without details or a server message', (reason) => {
    expect(Object.hasOwn(REASON_MESSAGES, reason)).toBe(true);
    const words = reasonMessage(reason, null);
    expect(words).toMatch(/^[A-Z“'].*[.]$/);
    expect(words).not.toContain(reason);
    expect(words).not.toMatch(/undefined|null|NaN|\[object/);
  });

  it('has no words for reasons the domain does not have', () => {
    expect(Object.keys(REASON_MESSAGES).sort()).toEqual([...REASONS].sort());
  });
});

describe('messages from details', () => {
  it('names the holder and the day since when an asset is held', () => {
    expect(
      errorMessage(
        refusal('ALREADY_ASSIGNED', 'Already checked out to dana since 2026-05-03.', {
          holder: 'dana',
          since: '2026-05-03T08:00:00.000Z',
        }),
      ),
    ).toBe(
      `Already checked out to dana since ${formatDate('2026-05-03')}: check it in before handing it to someone else.`,
    );
  });

  it('names the stages of a refused move and where the asset may go instead', () => {
    expect(
      reasonMessage('INVALID_TRANSITION', { from: 'in_stock', to: 'disposed', allowed: ['retired', 'lost'] }),
    ).toBe('An asset cannot go from In stock to Disposed. From In stock it can go to Retired or Lost.');
    expect(reasonMessage('INVALID_TRANSITION', { from: 'disposed', to: 'in_stock', allowed: [] })).toBe(
      'Disposed is final: the asset cannot move any more.',
    );
  });

  it('counts free seats', () => {
    expect(reasonMessage('SEATS_EXHAUSTED', { seats: 5, used: 5, requested: 1 })).toBe(
      'All 5 seats are in use; add seats or release one first.',
    );
    expect(reasonMessage('SEATS_EXHAUSTED', { seats: 5, used: 4, requested: 3 })).toBe(
      'Only 1 seat of 5 is free, and 3 were asked for.',
    );
    expect(reasonMessage('SEATS_BELOW_USED', { used: 2, requested: 1 })).toBe(
      '2 seats are in use; release some before reducing to 1.',
    );
  });

  it('dates an expired license and says what a role may not do', () => {
    expect(reasonMessage('LICENSE_EXPIRED', { expiryDate: '2026-01-31' })).toBe(
      `The license expired on ${formatDate('2026-01-31')}; renew it before assigning seats.`,
    );
    expect(reasonMessage('FORBIDDEN', { action: 'user.manage' })).toBe(
      'Your role does not allow you to manage users and roles.',
    );
  });

  it('keeps the server’s words where they hold what details do not', () => {
    expect(errorMessage(refusal('VALIDATION_FAILED', 'tag: Required'))).toBe('tag: Required');
    expect(errorMessage(refusal('LAST_ADMIN', 'The last admin cannot be disabled.'))).toBe(
      'The last admin cannot be disabled.',
    );
  });

  it('keeps a bulk refusal’s count, and words a failure that never reached the server', () => {
    expect(
      errorMessage(refusal('ALREADY_ASSIGNED', '2 of 3 assets cannot be checked out.', { refusals: [] })),
    ).toBe('2 of 3 assets cannot be checked out.');
    expect(errorMessage(new TypeError('fetch failed'))).toBe(
      'Cannot reach the server. Check your connection and try again.',
    );
  });
});
