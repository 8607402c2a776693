import { describe, expect, it } from 'vitest';
import { ASSET_STAGES } from '../assets/stages.ts';
import { computeOverview, monthOf, OVERVIEW_TOP_LICENSES, type OverviewInput } from './overview.ts';
import { computeCompliance } from './report.ts';

const TODAY = '2026-11-25';

const license = (id: string, seats: number, used: number, expiryDate: string | null) => ({
  id,
  name: `License ${id}`,
  seats,
  used,
  expiryDate,
});

const INPUT: OverviewInput = {
  compliance: {
    today: TODAY,
    licenses: [
      license('a', 10, 9, '2026-11-25'), // today: this month
      license('b', 5, 5, '2026-11-24'), // expired yesterday: not in the chart
      license('c', 3, 1, '2026-12-31'),
      license('d', 20, 2, '2027-10-31'), // the 12th month
      license('e', 20, 2, '2027-11-01'), // the 13th: not counted
      license('f', 1, 0, null),
      ...Array.from({ length: 10 }, (_, i) => license(`z${i}`, 2, 0, null)),
    ],
    assets: [],
    assignments: [],
    maintenance: [],
  },
  stageCounts: [
    { stage: 'deployed', count: 7 },
    { stage: 'in_stock', count: 3 },
  ],
  typeCounts: [{ type: 'laptop', count: 10 }],
  maintenancePlanned: [
    { id: 'm1', assetId: 'x', assetTag: 'B-1', type: 'repair', scheduledFor: '2026-12-09' }, // day 14
    { id: 'm2', assetId: 'x', assetTag: 'A-1', type: 'repair', scheduledFor: '2026-11-25' },
    { id: 'm3', assetId: 'x', assetTag: 'C-1', type: 'upgrade', scheduledFor: '2026-12-10' }, // day 15
    { id: 'm4', assetId: 'x', assetTag: 'D-1', type: 'upgrade', scheduledFor: '2026-11-24' }, // overdue
  ],
};

describe('computeOverview', () => {
  const overview = computeOverview(INPUT);

  it('carries the compliance report computed from the same input, unchanged', () => {
    expect(overview.report).toEqual(computeCompliance(INPUT.compliance));
  });

  it('counts every stage and type, zero where there is none', () => {
    expect(overview.stages.map((s) => s.stage)).toEqual([...ASSET_STAGES]);
    expect(overview.stages.find((s) => s.stage === 'deployed')?.count).toBe(7);
    expect(overview.stages.find((s) => s.stage === 'lost')?.count).toBe(0);
    expect(overview.totalAssets).toBe(10);
    expect(overview.types.find((t) => t.type === 'laptop')?.count).toBe(10);
  });

  it('counts expiries from today over twelve calendar months', () => {
    expect(overview.expiriesByMonth).toHaveLength(12);
    expect(overview.expiriesByMonth[0]).toEqual({ month: '2026-11', count: 1 });
    expect(overview.expiriesByMonth[1]).toEqual({ month: '2026-12', count: 1 });
    expect(overview.expiriesByMonth[11]).toEqual({ month: '2027-10', count: 1 });
    expect(overview.expiriesByMonth.reduce((s, m) => s + m.count, 0)).toBe(3);
  });

  it('lists the licenses with the most seats in use, as the report has them', () => {
    expect(overview.topSeats).toHaveLength(OVERVIEW_TOP_LICENSES);
    expect(overview.topSeats.slice(0, 2).map((s) => s.licenseId)).toEqual(['a', 'b']);
    for (const seat of overview.topSeats) expect(overview.report.seats).toContainEqual(seat);
  });

  it('lists maintenance planned from today through 14 days, soonest first', () => {
    expect(overview.maintenanceDue.map((m) => m.maintenanceId)).toEqual(['m2', 'm1']);
  });
});

describe('monthOf', () => {
  it('rolls over the year', () => {
    expect(monthOf('2026-11-25', 0)).toBe('2026-11');
    expect(monthOf('2026-11-25', 2)).toBe('2027-01');
    expect(monthOf('2026-01-01', 11)).toBe('2026-12');
    expect(monthOf('2026-12-31', 12)).toBe('2027-12');
  });
});
