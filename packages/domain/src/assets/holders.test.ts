import { describe, expect, it } from 'vitest';
import { holderIdsOf } from './lifecycle.ts';

describe('holderIdsOf', () => {
  it('lists the holders of the assets given, skipping unheld and missing ones', () => {
    expect(
      holderIdsOf({ holder: { id: 'a' } }, { holder: null }, undefined, { holder: { id: 'b' } }),
    ).toEqual(['a', 'b']);
  });
});
