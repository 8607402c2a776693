import { describe, expect, it } from 'vitest';
import { decideReplay, IdempotencyKey, isIdempotentMutation } from './keys.ts';

describe('IdempotencyKey', () => {
  it.each(['a', '0f8e3c2a-9d41-4c7b-8f0e-2b1d5a6c7e90', 'job:42.retry_1-x', 'k'.repeat(128)])(
    'accepts %j',
    (key) => {
      expect(IdempotencyKey.safeParse(key).success).toBe(true);
    },
  );

  it.each(['', 'k'.repeat(129), 'has space', 'nul\u0000', 'ümlaut', 'a/b', "' or 1=1 --"])(
    'refuses %j',
    (key) => {
      expect(IdempotencyKey.safeParse(key).success).toBe(false);
    },
  );
});

describe('decideReplay', () => {
  const stored = { procedure: 'assets.create', requestHash: 'h1' };

  it('the same procedure and input is a retry', () => {
    expect(decideReplay(stored, { ...stored })).toEqual({ ok: true, value: undefined });
  });

  it('another input under the key is refused', () => {
    const verdict = decideReplay(stored, { procedure: 'assets.create', requestHash: 'h2' });
    expect(verdict).toMatchObject({ ok: false, reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('another procedure under the key is refused, naming the first', () => {
    const verdict = decideReplay(stored, { procedure: 'assets.remove', requestHash: 'h1' });
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'IDEMPOTENCY_KEY_REUSED',
      details: { procedure: 'assets.create' },
    });
  });
});

describe('isIdempotentMutation', () => {
  it('knows the keyed mutations and nothing else', () => {
    expect(isIdempotentMutation('assets.create')).toBe(true);
    expect(isIdempotentMutation('auth.signUp')).toBe(false);
    expect(isIdempotentMutation('assets.list')).toBe(false);
  });
});
