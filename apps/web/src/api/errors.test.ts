import { describe, expect, it } from 'vitest';
import { errorMessage, refusalsOf } from './errors.ts';

const bulk = (refusals: unknown) => ({
  message: '2 of 3 assets cannot be checked out; nothing was checked out.',
  data: { reason: 'ALREADY_ASSIGNED', code: 'CONFLICT', details: { refusals } },
});

describe('refusalsOf', () => {
  it('reads the per-asset and per-person reasons of a bulk refusal', () => {
    const error = bulk([
      { assetId: 'a1', reason: 'ALREADY_ASSIGNED', message: 'Already checked out to dana since 2026-05-03.' },
      {
        userId: 'u1',
        reason: 'USER_DISABLED',
        message: 'A disabled account cannot receive assets or seats.',
      },
    ]);
    expect(refusalsOf(error)).toEqual([
      { id: 'a1', reason: 'ALREADY_ASSIGNED', message: 'Already checked out to dana since 2026-05-03.' },
      { id: 'u1', reason: 'USER_DISABLED', message: 'A disabled account cannot receive assets or seats.' },
    ]);
    expect(errorMessage(error)).toBe('2 of 3 assets cannot be checked out; nothing was checked out.');
  });

  it.each([
    ['no error', null],
    ['a network failure', new Error('fetch failed')],
    ['an error without details', { message: 'x', data: { reason: 'NOT_FOUND', details: null } }],
    ['refusals that are not a list', bulk('nope')],
  ])('is empty for %s', (_name, error) => {
    expect(refusalsOf(error)).toEqual([]);
  });

  it('skips malformed items', () => {
    expect(refusalsOf(bulk([null, 3, { assetId: 'a1' }, { assetId: 'a2', message: 'Gone.' }]))).toEqual([
      { id: 'a2', reason: '', message: 'Gone.' },
    ]);
  });
});
