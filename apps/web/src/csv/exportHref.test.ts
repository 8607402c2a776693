import { describe, expect, it } from 'vitest';
import { exportHref } from './exportHref.ts';

describe('exportHref', () => {
  it('carries the filters, repeats arrays and leaves paging out', () => {
    expect(
      exportHref('assets', { stage: ['deployed', 'lost'], q: 'dell', sort: 'tag', limit: 50, cursor: 'x' }),
    ).toBe('/export/assets.csv?stage=deployed&stage=lost&q=dell&sort=tag');
    expect(exportHref('maintenance', { overdue: true, limit: 50 })).toBe(
      '/export/maintenance.csv?overdue=true',
    );
    expect(exportHref('users', { q: '' })).toBe('/export/users.csv');
  });
});
