import { describe, expect, it } from 'vitest';
import { PAGE_ROUTES, pageAt } from './routes.ts';

const at = (path: string) => PAGE_ROUTES.find((route) => route.path === path)?.page;

describe('pageAt: the page whose code and data start loading early', () => {
  it('finds the page of each signed-in address, the most specific one', () => {
    expect(pageAt('/overview')).toBe(at('overview'));
    expect(pageAt('/assets')).toBe(at('assets'));
    expect(pageAt('/assets/new')).toBe(at('assets/new'));
    expect(pageAt('/assets/0b6c5e1a-2f0e-4c59-9a3e-1f2d3c4b5a69')).toBe(at('assets/:id'));
    expect(pageAt('/assets/0b6c5e1a/edit')).toBe(at('assets/:id/edit'));
    expect(pageAt('/licenses/7/edit')).toBe(at('licenses/:id/edit'));
    expect(pageAt('/me')).toBe(at('me'));
  });

  it('finds none for the start page, the sign-in pages and unknown addresses', () => {
    for (const path of ['/', '/login', '/signup', '/nowhere', '/assets/1/history/2']) {
      expect(pageAt(path), path).toBeUndefined();
    }
  });

  it('knows the data the start pages show first', () => {
    expect(pageAt('/overview')?.prefetch).toBeTypeOf('function');
    expect(pageAt('/me')?.prefetch).toBeTypeOf('function');
  });
});
