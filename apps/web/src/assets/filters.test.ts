import { describe, expect, it } from 'vitest';
import { filtersFromSearch, listInput, NO_FILTERS, searchFromFilters } from './filters.ts';

const uuid = '0b5e3a52-8f0e-4a47-9d0c-6f1d2d0c9a11';

describe('asset filters in the URL', () => {
  it('reads nothing from an empty query string', () => {
    expect(filtersFromSearch(new URLSearchParams())).toEqual(NO_FILTERS);
  });

  it('round-trips every filter', () => {
    const filters = {
      stages: ['in_stock', 'deployed'] as const,
      type: 'laptop' as const,
      holderId: uuid,
      q: 'thinkpad',
      sort: 'tag' as const,
    };
    const back = filtersFromSearch(searchFromFilters({ ...filters, stages: [...filters.stages] }));
    expect(back).toEqual({ ...filters, stages: ['in_stock', 'deployed'] });
  });

  it('drops unknown stages, types, sorts and malformed holder ids', () => {
    const params = new URLSearchParams('stage=deployed&stage=flying&type=boat&sort=price&holder=42');
    expect(filtersFromSearch(params)).toEqual({ ...NO_FILTERS, stages: ['deployed'] });
  });

  it('keeps stages in lifecycle order and accepts comma lists', () => {
    const params = new URLSearchParams('stage=lost,ordered&stage=ordered');
    expect(filtersFromSearch(params).stages).toEqual(['ordered', 'lost']);
  });

  it('leaves defaults out of the URL', () => {
    expect(searchFromFilters({ ...NO_FILTERS, q: '  ' }).toString()).toBe('');
  });

  it('never sends a holder filter for a caller who only sees their own assets', () => {
    const filters = { ...NO_FILTERS, holderId: uuid, q: ' dock ' };
    expect(listInput(filters, true)).toEqual({ sort: 'created', limit: 50, q: 'dock' });
    expect(listInput(filters, false)).toEqual({ sort: 'created', limit: 50, q: 'dock', holderId: uuid });
  });
});
