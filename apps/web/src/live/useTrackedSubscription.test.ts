import { describe, expect, it } from 'vitest';
import { liveStatus } from './useTrackedSubscription.ts';

describe('the live status a subscription shows', () => {
  it.each([
    ['idle', false, 'connecting'],
    ['idle', true, 'offline'],
    ['connecting', false, 'connecting'],
    ['connecting', true, 'reconnecting'],
    ['pending', false, 'live'],
    ['pending', true, 'live'],
    ['error', false, 'offline'],
    ['error', true, 'offline'],
  ] as const)('%s, ever live: %s → %s', (status, everLive, shown) => {
    expect(liveStatus(status, everLive)).toBe(shown);
  });
});
