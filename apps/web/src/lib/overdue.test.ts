import { describe, expect, it } from 'vitest';
import { maintenanceStatus, returnStatus } from './overdue.ts';

const due = '2026-05-03';

describe('returnStatus', () => {
  it('is overdue when the server says so, though this browser’s clock is still on the due day', () => {
    // The server's day turned (00:00:30 UTC on the 4th); this browser runs a minute behind.
    expect(returnStatus({ expectedReturn: due, overdue: true }, new Date('2026-05-03T23:59:30Z'))).toEqual({
      overdue: true,
      days: 1,
    });
  });

  it('is not overdue when the server says not, though this browser’s clock is past the due day', () => {
    expect(returnStatus({ expectedReturn: due, overdue: false }, new Date('2026-05-04T00:00:30Z'))).toEqual({
      overdue: false,
    });
  });

  it('counts days on the server’s calendar (UTC), not the browser’s zone', () => {
    // 01:30 on the 6th in Berlin is still the 5th in UTC: two days late, not three.
    expect(
      returnStatus({ expectedReturn: due, overdue: true }, new Date('2026-05-06T01:30:00+02:00')),
    ).toEqual({ overdue: true, days: 2 });
  });

  it('is never overdue without an expected return', () => {
    expect(returnStatus({ expectedReturn: null, overdue: true })).toEqual({ overdue: false });
  });
});

describe('maintenanceStatus', () => {
  const planned = '2026-05-03';

  it('follows the server’s verdict on both sides of midnight, whatever this browser’s clock says', () => {
    // The server's day turned; this browser runs behind and is still on the planned day.
    expect(
      maintenanceStatus({ scheduledFor: planned, overdue: true }, new Date('2026-05-03T23:59:30Z')),
    ).toEqual({ overdue: true, days: 1 });
    // This browser runs ahead and is past the planned day; the server is not.
    expect(
      maintenanceStatus({ scheduledFor: planned, overdue: false }, new Date('2026-05-04T00:00:30Z')),
    ).toEqual({ overdue: false });
  });

  it('counts the days late on the server’s calendar (UTC)', () => {
    expect(
      maintenanceStatus({ scheduledFor: planned, overdue: true }, new Date('2026-05-06T01:30:00+02:00')),
    ).toEqual({ overdue: true, days: 2 });
  });
});
