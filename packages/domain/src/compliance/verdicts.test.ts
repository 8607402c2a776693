import { describe, expect, it } from 'vitest';
import { MAINTENANCE_STATUSES } from '../maintenance/rules.ts';
import { type ComplianceInput, computeCompliance, expiryWindowOf } from './report.ts';
import { hasWarrantyEnded, isMaintenanceOverdue, licenseStanding } from './verdicts.ts';

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

describe('licenseStanding', () => {
  /** The report's findings for one license with one seat in use, expiring on `expiryDate`. */
  function licenseReport(expiryDate: string | null) {
    return computeCompliance({
      today: TODAY,
      licenses: [{ id: 'l-1', name: 'Office', seats: 5, used: 1, expiryDate }],
      assets: [],
      assignments: [],
      maintenance: [],
    });
  }

  it('is valid through its last day and expired from the day after', () => {
    expect(licenseStanding(TOMORROW, TODAY)).toEqual({ expired: false, daysUntilExpiry: 1 });
    expect(licenseStanding(TODAY, TODAY)).toEqual({ expired: false, daysUntilExpiry: 0 });
    expect(licenseStanding(YESTERDAY, TODAY)).toEqual({ expired: true, daysUntilExpiry: -1 });
    expect(licenseStanding(null, TODAY)).toEqual({ expired: false, daysUntilExpiry: null });
  });

  it('counts whole calendar days across a month and a year', () => {
    expect(licenseStanding('2026-12-25', TODAY).daysUntilExpiry).toBe(30);
    expect(licenseStanding('2027-11-25', TODAY).daysUntilExpiry).toBe(365);
    expect(licenseStanding('2025-11-25', TODAY)).toEqual({ expired: true, daysUntilExpiry: -365 });
  });

  it('agrees with the compliance report at the boundary', () => {
    // Last day: expiring today (window 1, 0 days left), not expired.
    expect(licenseReport(TODAY).expiring).toEqual([
      { licenseId: 'l-1', name: 'Office', expiryDate: TODAY, daysLeft: 0, window: 1 },
    ]);
    expect(licenseReport(TODAY).expiredStillAssigned).toEqual([]);
    // The day after: expired (still assigned), no longer expiring.
    expect(licenseReport(YESTERDAY).expiring).toEqual([]);
    expect(licenseReport(YESTERDAY).expiredStillAssigned).toEqual([
      { licenseId: 'l-1', name: 'Office', expiryDate: YESTERDAY, used: 1 },
    ]);
    for (const end of [YESTERDAY, TODAY, TOMORROW, '2026-12-02', '2026-12-25', '2026-12-26', null]) {
      const report = licenseReport(end);
      const standing = licenseStanding(end, TODAY);
      expect(report.expiredStillAssigned.length > 0).toBe(standing.expired);
      const expiring = report.expiring[0];
      expect(expiring?.daysLeft).toBe(expiring ? standing.daysUntilExpiry : undefined);
      expect(expiring?.window).toBe(
        standing.daysUntilExpiry === null ? undefined : expiryWindowOf(standing.daysUntilExpiry),
      );
    }
  });
});

describe('expiryWindowOf', () => {
  it('is the smallest window that fits, none once expired or further off than 30 days', () => {
    expect([-1, 0, 1, 2, 7, 8, 30, 31].map(expiryWindowOf)).toEqual([
      undefined,
      1,
      1,
      7,
      7,
      30,
      30,
      undefined,
    ]);
  });
});
