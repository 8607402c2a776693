import { describe, expect, it } from 'vitest';
import { badgeText, bellLabel, subjectPath } from './links.ts';

describe('notification links and labels', () => {
  it('leads to the license or the asset it is about', () => {
    expect(subjectPath({ type: 'license', id: 'l-1' })).toBe('/licenses/l-1');
    expect(subjectPath({ type: 'asset', id: 'a-1' })).toBe('/assets/a-1');
  });

  it('names the bell with the unread count, and caps the badge', () => {
    expect(bellLabel(0)).toBe('Notifications, none unread');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});
