import { describe, expect, it } from 'vitest';
import { decideTokenExpiry, tokenStatus } from './rules.ts';

const now = new Date('2030-06-01T12:00:00Z');

describe('tokenStatus', () => {
  it.each([
    [{ expiresAt: null, revokedAt: null }, 'active'],
    [{ expiresAt: '2030-06-01T12:00:01Z', revokedAt: null }, 'active'],
    [{ expiresAt: '2030-06-01T12:00:00Z', revokedAt: null }, 'expired'],
    [{ expiresAt: '2030-05-01T00:00:00Z', revokedAt: null }, 'expired'],
    [{ expiresAt: null, revokedAt: '2030-05-01T00:00:00Z' }, 'revoked'],
    [{ expiresAt: '2030-05-01T00:00:00Z', revokedAt: '2030-04-01T00:00:00Z' }, 'revoked'],
  ] as const)('%o is %s', (token, status) => {
    expect(tokenStatus(token, now)).toBe(status);
  });
});

describe('decideTokenExpiry', () => {
  it('allows no expiry', () => {
    expect(decideTokenExpiry(undefined, now)).toEqual({ ok: true, value: null });
    expect(decideTokenExpiry(null, now)).toEqual({ ok: true, value: null });
  });

  it('allows a future moment, normalised to UTC', () => {
    expect(decideTokenExpiry('2030-06-02T14:00:00+02:00', now)).toEqual({
      ok: true,
      value: '2030-06-02T12:00:00.000Z',
    });
  });

  it('refuses now and the past', () => {
    for (const when of ['2030-06-01T12:00:00Z', '2020-01-01T00:00:00Z']) {
      expect(decideTokenExpiry(when, now)).toMatchObject({ ok: false, reason: 'VALIDATION_FAILED' });
    }
  });
});
