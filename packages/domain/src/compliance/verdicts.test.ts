import { describe, expect, it } from 'vitest';
import { MAINTENANCE_STATUSES } from '../maintenance/rules.ts';
import { type ComplianceInput, computeCompliance } from './report.ts';
import { hasWarrantyEnded, isMaintenanceOverdue } from './verdicts.ts';

const TODAY = '2026-11-25';
const YESTERDAY = '2026-11-24';
const TOMORROW = '2026-11-26';

/** The report for one asset with this warranty end and one planned job on `scheduledFor`. */
function reportFor(warrantyEnd: string | null, scheduledFor: string) {
  const input: ComplianceInput = {
    today: TODAY,
    licenses: [],
    assets: [{ id: 'a-1', tag: 'LT-001', name: 'ThinkPad', stage: 'in_stock', holderId: null, warrantyEnd }],
    assignments: [],
    maintenance: [{ id: 'm-1', assetId: 'a-1', assetTag: 'LT-001', scheduledFor, status: 'scheduled' }],
  };
  return computeCompliance(input);
}

describe('hasWarrantyEnded', () => {
  it('runs through its last day and has ended from the day after', () => {
    expect(hasWarrantyEnded(TOMORROW, TODAY)).toBe(false);
    expect(hasWarrantyEnded(TODAY, TODAY)).toBe(false);
    expect(hasWarrantyEnded(YESTERDAY, TODAY)).toBe(true);
    expect(hasWarrantyEnded(null, TODAY)).toBe(false);
  });

  it('agrees with the compliance report at the boundary', () => {
    // Last day: still ending (0 days left), not ended.
    expect(reportFor(TODAY, TOMORROW).warrantiesEnding).toEqual([
      { assetId: 'a-1', tag: 'LT-001', warrantyEnd: TODAY, daysLeft: 0 },
    ]);
    // The day after: ended, so no longer among those ending.
    expect(reportFor(YESTERDAY, TOMORROW).warrantiesEnding).toEqual([]);
    for (const end of [YESTERDAY, TODAY, TOMORROW]) {
      const listed = reportFor(end, TOMORROW).warrantiesEnding.length > 0;
      expect(listed).toBe(!hasWarrantyEnded(end, TODAY));
    }
  });
});

describe('isMaintenanceOverdue', () => {
  it('is late from the day after its date, and only while not started', () => {
    for (const status of MAINTENANCE_STATUSES) {
      expect(isMaintenanceOverdue({ status, scheduledFor: YESTERDAY }, TODAY)).toBe(status === 'scheduled');
      expect(isMaintenanceOverdue({ status, scheduledFor: TODAY }, TODAY)).toBe(false);
      expect(isMaintenanceOverdue({ status, scheduledFor: TOMORROW }, TODAY)).toBe(false);
    }
  });

  it('agrees with the compliance report at the boundary', () => {
    // Due today: not overdue, not in the report's overdue list.
    expect(reportFor(null, TODAY).maintenanceOverdue).toEqual([]);
    // Due yesterday: overdue by one day, on both sides.
    expect(reportFor(null, YESTERDAY).maintenanceOverdue).toEqual([
      { maintenanceId: 'm-1', assetId: 'a-1', assetTag: 'LT-001', scheduledFor: YESTERDAY, daysOverdue: 1 },
    ]);
    expect(isMaintenanceOverdue({ status: 'scheduled', scheduledFor: YESTERDAY }, TODAY)).toBe(true);
  });
});
