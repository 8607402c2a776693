import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSET_STAGES } from '../assets/stages.ts';
import { addDays } from '../dates.ts';
import {
  type ComplianceInput,
  ComplianceReport,
  computeCompliance,
  EXPIRY_WINDOWS,
  WARRANTY_WINDOW_DAYS,
} from './report.ts';

const TODAY = '2026-11-25';

// A hand-built inventory with every kind of finding and the boundaries of each rule. The dates are
// written out, not computed, so the expected report below can be checked against a calendar.
const FIXTURE: ComplianceInput = {
  today: TODAY,
  licenses: [
    { id: 'l-none', name: 'Acrobat', seats: 5, used: 2, expiryDate: null },
    { id: 'l-0', name: 'Backup', seats: 3, used: 3, expiryDate: '2026-11-25' }, // 0 days left
    { id: 'l-1', name: 'CAD', seats: 2, used: 0, expiryDate: '2026-11-26' }, // 1
    { id: 'l-2', name: 'Diagrams', seats: 10, used: 4, expiryDate: '2026-11-27' }, // 2
    { id: 'l-7', name: 'Editor', seats: 10, used: 10, expiryDate: '2026-12-02' }, // 7
    { id: 'l-8', name: 'Fonts', seats: 1, used: 1, expiryDate: '2026-12-03' }, // 8
    { id: 'l-30', name: 'Git hosting', seats: 50, used: 20, expiryDate: '2026-12-25' }, // 30
    { id: 'l-31', name: 'Helpdesk', seats: 5, used: 5, expiryDate: '2026-12-26' }, // 31: not soon enough
    { id: 'l-y0', name: 'Icons', seats: 4, used: 0, expiryDate: '2026-11-24' }, // expired yesterday, unused
    { id: 'l-y3', name: 'Java IDE', seats: 4, used: 3, expiryDate: '2026-11-24' }, // expired yesterday, in use
    { id: 'l-old', name: 'Kanban', seats: 2, used: 1, expiryDate: '2025-02-28' }, // long expired, in use
    { id: 'l-over', name: 'Linter', seats: 2, used: 3, expiryDate: null }, // over-allocated (free < 0)
  ],
  assets: [
    { id: 'a-1', tag: 'LT-001', name: 'ThinkPad', stage: 'deployed', holderId: 'u-dana', warrantyEnd: null },
    {
      id: 'a-2',
      tag: 'LT-002',
      name: 'MacBook',
      stage: 'deployed',
      holderId: null,
      warrantyEnd: '2028-01-01',
    },
    { id: 'a-3', tag: 'LT-003', name: 'Dell', stage: 'in_maintenance', holderId: null, warrantyEnd: null },
    {
      id: 'a-4',
      tag: 'LT-004',
      name: 'Spare',
      stage: 'in_stock',
      holderId: 'u-eli',
      warrantyEnd: '2026-11-25',
    },
    {
      id: 'a-5',
      tag: 'MN-001',
      name: 'Monitor',
      stage: 'in_stock',
      holderId: null,
      warrantyEnd: '2026-12-25',
    },
    {
      id: 'a-6',
      tag: 'MN-002',
      name: 'Monitor',
      stage: 'in_stock',
      holderId: null,
      warrantyEnd: '2026-12-26',
    },
    {
      id: 'a-7',
      tag: 'MN-003',
      name: 'Monitor',
      stage: 'disposed',
      holderId: null,
      warrantyEnd: '2026-11-30',
    },
    { id: 'a-8', tag: 'PH-001', name: 'Phone', stage: 'retired', holderId: null, warrantyEnd: '2026-12-05' },
    { id: 'a-9', tag: 'PH-002', name: 'Phone', stage: 'deployed', holderId: null, warrantyEnd: '2026-11-24' },
    { id: 'a-10', tag: 'AA-001', name: 'Dock', stage: 'lost', holderId: null, warrantyEnd: '2026-11-26' },
  ],
  assignments: [
    {
      id: 's-1',
      assetId: 'a-1',
      assetTag: 'LT-001',
      userId: 'u-dana',
      username: 'dana',
      expectedReturn: null,
    },
    {
      id: 's-2',
      assetId: 'a-11',
      assetTag: 'LT-010',
      userId: 'u-eli',
      username: 'eli',
      expectedReturn: '2026-11-25',
    },
    {
      id: 's-3',
      assetId: 'a-12',
      assetTag: 'LT-011',
      userId: 'u-fay',
      username: 'fay',
      expectedReturn: '2026-11-24',
    },
    {
      id: 's-4',
      assetId: 'a-13',
      assetTag: 'LT-012',
      userId: 'u-gus',
      username: 'gus',
      expectedReturn: '2026-10-26',
    },
    {
      id: 's-5',
      assetId: 'a-14',
      assetTag: 'LT-009',
      userId: 'u-ana',
      username: 'ana',
      expectedReturn: '2026-11-24',
    },
    {
      id: 's-6',
      assetId: 'a-15',
      assetTag: 'LT-013',
      userId: 'u-ben',
      username: 'ben',
      expectedReturn: '2026-11-26',
    },
  ],
  maintenance: [
    { id: 'm-1', assetId: 'a-5', assetTag: 'MN-001', scheduledFor: '2026-11-24', status: 'scheduled' },
    { id: 'm-2', assetId: 'a-6', assetTag: 'MN-002', scheduledFor: '2026-11-25', status: 'scheduled' },
    { id: 'm-3', assetId: 'a-3', assetTag: 'LT-003', scheduledFor: '2026-01-10', status: 'in_progress' },
    { id: 'm-4', assetId: 'a-4', assetTag: 'LT-004', scheduledFor: '2026-11-01', status: 'scheduled' },
    { id: 'm-5', assetId: 'a-1', assetTag: 'LT-001', scheduledFor: '2026-12-01', status: 'scheduled' },
  ],
};

const EXPECTED: ComplianceReport = {
  today: TODAY,
  // Every license, by name; free is negative when over-allocated.
  seats: [
    { licenseId: 'l-none', name: 'Acrobat', used: 2, owned: 5, free: 3 },
    { licenseId: 'l-0', name: 'Backup', used: 3, owned: 3, free: 0 },
    { licenseId: 'l-1', name: 'CAD', used: 0, owned: 2, free: 2 },
    { licenseId: 'l-2', name: 'Diagrams', used: 4, owned: 10, free: 6 },
    { licenseId: 'l-7', name: 'Editor', used: 10, owned: 10, free: 0 },
    { licenseId: 'l-8', name: 'Fonts', used: 1, owned: 1, free: 0 },
    { licenseId: 'l-30', name: 'Git hosting', used: 20, owned: 50, free: 30 },
    { licenseId: 'l-31', name: 'Helpdesk', used: 5, owned: 5, free: 0 },
    { licenseId: 'l-y0', name: 'Icons', used: 0, owned: 4, free: 4 },
    { licenseId: 'l-y3', name: 'Java IDE', used: 3, owned: 4, free: 1 },
    { licenseId: 'l-old', name: 'Kanban', used: 1, owned: 2, free: 1 },
    { licenseId: 'l-over', name: 'Linter', used: 3, owned: 2, free: -1 },
  ],
  // Expired (before today) and still in use; Icons expired yesterday but nobody uses it.
  expiredStillAssigned: [
    { licenseId: 'l-y3', name: 'Java IDE', expiryDate: '2026-11-24', used: 3 },
    { licenseId: 'l-old', name: 'Kanban', expiryDate: '2025-02-28', used: 1 },
  ],
  // 0 and 1 day -> window 1; 2 and 7 -> 7; 8 and 30 -> 30; 31 is not listed. Unused licenses count too.
  expiring: [
    { licenseId: 'l-0', name: 'Backup', expiryDate: '2026-11-25', daysLeft: 0, window: 1 },
    { licenseId: 'l-1', name: 'CAD', expiryDate: '2026-11-26', daysLeft: 1, window: 1 },
    { licenseId: 'l-2', name: 'Diagrams', expiryDate: '2026-11-27', daysLeft: 2, window: 7 },
    { licenseId: 'l-7', name: 'Editor', expiryDate: '2026-12-02', daysLeft: 7, window: 7 },
    { licenseId: 'l-8', name: 'Fonts', expiryDate: '2026-12-03', daysLeft: 8, window: 30 },
    { licenseId: 'l-30', name: 'Git hosting', expiryDate: '2026-12-25', daysLeft: 30, window: 30 },
  ],
  // Expected back before today only; most overdue first, then by tag.
  overdueReturns: [
    {
      assignmentId: 's-4',
      assetId: 'a-13',
      assetTag: 'LT-012',
      userId: 'u-gus',
      username: 'gus',
      expectedReturn: '2026-10-26',
      daysOverdue: 30,
    },
    {
      assignmentId: 's-5',
      assetId: 'a-14',
      assetTag: 'LT-009',
      userId: 'u-ana',
      username: 'ana',
      expectedReturn: '2026-11-24',
      daysOverdue: 1,
    },
    {
      assignmentId: 's-3',
      assetId: 'a-12',
      assetTag: 'LT-011',
      userId: 'u-fay',
      username: 'fay',
      expectedReturn: '2026-11-24',
      daysOverdue: 1,
    },
  ],
  // Deployed with no holder, by tag. In maintenance without a holder is fine.
  deployedWithoutHolder: [
    { assetId: 'a-2', tag: 'LT-002', name: 'MacBook' },
    { assetId: 'a-9', tag: 'PH-002', name: 'Phone' },
  ],
  // Ending today to in 30 days, soonest first, then by tag; 31 days, already ended and disposed are not
  // listed. Retired and lost assets are (pinned: see the README).
  warrantiesEnding: [
    { assetId: 'a-4', tag: 'LT-004', warrantyEnd: '2026-11-25', daysLeft: 0 },
    { assetId: 'a-10', tag: 'AA-001', warrantyEnd: '2026-11-26', daysLeft: 1 },
    { assetId: 'a-8', tag: 'PH-001', warrantyEnd: '2026-12-05', daysLeft: 10 },
    { assetId: 'a-5', tag: 'MN-001', warrantyEnd: '2026-12-25', daysLeft: 30 },
  ],
  // Still scheduled with a date before today; work in progress is never overdue.
  maintenanceOverdue: [
    { maintenanceId: 'm-4', assetId: 'a-4', assetTag: 'LT-004', scheduledFor: '2026-11-01', daysOverdue: 24 },
    { maintenanceId: 'm-1', assetId: 'a-5', assetTag: 'MN-001', scheduledFor: '2026-11-24', daysOverdue: 1 },
  ],
};

describe('computeCompliance on a hand-built inventory', () => {
  const report = computeCompliance(FIXTURE);

  it.each(Object.keys(EXPECTED) as (keyof ComplianceReport)[])('%s', (key) => {
    expect(report[key]).toEqual(EXPECTED[key]);
  });

  it('is exactly the expected report, and matches its schema', () => {
    expect(report).toEqual(EXPECTED);
    expect(ComplianceReport.parse(report)).toEqual(report);
  });

  it('has the windows and the warranty horizon the fixture was written for', () => {
    expect(EXPIRY_WINDOWS).toEqual([1, 7, 30]);
    expect(WARRANTY_WINDOW_DAYS).toBe(30);
  });

  it('is empty for an empty inventory', () => {
    expect(
      computeCompliance({ today: TODAY, licenses: [], assets: [], assignments: [], maintenance: [] }),
    ).toEqual({
      today: TODAY,
      seats: [],
      expiredStillAssigned: [],
      expiring: [],
      overdueReturns: [],
      deployedWithoutHolder: [],
      warrantiesEnding: [],
      maintenanceOverdue: [],
    });
  });

  it('counts days across a leap day and a year end', () => {
    const r = computeCompliance({
      today: '2024-02-28',
      licenses: [{ id: 'l', name: 'L', seats: 1, used: 1, expiryDate: '2024-03-06' }],
      assets: [
        { id: 'a', tag: 'T', name: 'N', stage: 'in_stock', holderId: null, warrantyEnd: '2024-03-29' },
      ],
      assignments: [
        { id: 's', assetId: 'a', assetTag: 'T', userId: 'u', username: 'u', expectedReturn: '2023-12-31' },
      ],
      maintenance: [],
    });
    expect(r.expiring).toMatchObject([{ daysLeft: 7, window: 7 }]);
    expect(r.warrantiesEnding).toMatchObject([{ daysLeft: 30 }]);
    expect(r.overdueReturns).toMatchObject([{ daysOverdue: 59 }]);
  });
});

// Random inventories around a random day. The rules are restated here with addDays and string
// comparison (ISO dates sort as strings), not with the daysBetween the report uses.
const DAY_2023_01_01 = 19_358;
const DAY_2030_12_31 = 22_279;
const dayArb = fc.integer({ min: DAY_2023_01_01, max: DAY_2030_12_31 }).map((n) => addDays('1970-01-01', n));
const todayArb = fc.oneof(dayArb, fc.constantFrom('2024-02-29', '2024-12-31', '2025-01-01', '2028-02-28'));
const offset = fc.integer({ min: -40, max: 40 });
const maybeOffset = fc.option(offset, { nil: null });

const inventoryArb = todayArb.chain((today) => {
  const at = (days: number | null) => (days === null ? null : addDays(today, days));
  const license = fc.record({
    seats: fc.integer({ min: 1, max: 20 }),
    used: fc.nat(25),
    expiry: maybeOffset,
  });
  const asset = fc.record({
    stage: fc.constantFrom(...ASSET_STAGES),
    held: fc.boolean(),
    warranty: maybeOffset,
  });
  const assignment = fc.record({ expectedReturn: maybeOffset });
  const maintenance = fc.record({
    scheduled: offset,
    status: fc.constantFrom('scheduled' as const, 'in_progress' as const),
  });
  return fc
    .record({
      licenses: fc.array(license, { maxLength: 12 }),
      assets: fc.array(asset, { maxLength: 12 }),
      assignments: fc.array(assignment, { maxLength: 12 }),
      maintenance: fc.array(maintenance, { maxLength: 12 }),
      words: fc.array(fc.stringMatching(/^[A-Za-z]{1,6}$/), { minLength: 12, maxLength: 12 }),
    })
    .map(
      ({ licenses, assets, assignments, maintenance, words }): ComplianceInput => ({
        today,
        // Names and tags are unique (a word and the index), so every sort key is total.
        licenses: licenses.map((l, i) => ({
          id: `l${i}`,
          name: `${words[i]}${i}`,
          seats: l.seats,
          used: l.used,
          expiryDate: at(l.expiry),
        })),
        assets: assets.map((a, i) => ({
          id: `a${i}`,
          tag: `A${words[i]}${i}`,
          name: `${words[i]}`,
          stage: a.stage,
          holderId: a.held ? `u${i}` : null,
          warrantyEnd: at(a.warranty),
        })),
        assignments: assignments.map((s, i) => ({
          id: `s${i}`,
          assetId: `x${i}`,
          assetTag: `S${words[i]}${i}`,
          userId: `u${i}`,
          username: `user${i}`,
          expectedReturn: at(s.expectedReturn),
        })),
        maintenance: maintenance.map((m, i) => ({
          id: `m${i}`,
          assetId: `y${i}`,
          assetTag: `M${words[i]}${i}`,
          scheduledFor: addDays(today, m.scheduled),
          status: m.status,
        })),
      }),
    );
});

/** Whether `date` lies within [from, from + days]. */
const within = (date: string, from: string, days: number) => from <= date && date <= addDays(from, days);

function isSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  return items.every((item, i) => i === 0 || compare(items[i - 1]!, item) <= 0);
}

describe('computeCompliance on random inventories', () => {
  it('is deterministic, does not change its input, and does not depend on the input order', () => {
    fc.assert(
      fc.property(inventoryArb, fc.gen(), (input, g) => {
        const before = structuredClone(input);
        const report = computeCompliance(input);
        expect(input).toEqual(before);
        expect(computeCompliance(structuredClone(input))).toEqual(report);
        const shuffle = <T>(items: readonly T[]) =>
          g(fc.shuffledSubarray<T>, [...items], { minLength: items.length, maxLength: items.length });
        const shuffled: ComplianceInput = {
          today: input.today,
          licenses: shuffle(input.licenses),
          assets: shuffle(input.assets),
          assignments: shuffle(input.assignments),
          maintenance: shuffle(input.maintenance),
        };
        expect(computeCompliance(shuffled)).toEqual(report);
        expect(ComplianceReport.safeParse(report).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('lists exactly the items that satisfy each rule, with the right numbers', () => {
    fc.assert(
      fc.property(inventoryArb, (input) => {
        const { today } = input;
        const r = computeCompliance(input);
        const ids = <T>(items: readonly T[], id: (t: T) => string) => items.map(id).sort();

        expect(ids(r.seats, (s) => s.licenseId)).toEqual(ids(input.licenses, (l) => l.id));
        for (const l of input.licenses) {
          const row = r.seats.find((s) => s.licenseId === l.id)!;
          expect(row).toEqual({
            licenseId: l.id,
            name: l.name,
            used: l.used,
            owned: l.seats,
            free: l.seats - l.used,
          });

          const expired = l.used > 0 && l.expiryDate !== null && l.expiryDate < today;
          const listedExpired = r.expiredStillAssigned.find((e) => e.licenseId === l.id);
          expect(listedExpired !== undefined, `expired ${l.id}`).toBe(expired);

          const soon = l.expiryDate !== null && within(l.expiryDate, today, 30);
          const listedSoon = r.expiring.find((e) => e.licenseId === l.id);
          expect(listedSoon !== undefined, `expiring ${l.id}`).toBe(soon);
          if (listedSoon) {
            expect(addDays(today, listedSoon.daysLeft)).toBe(l.expiryDate);
            const smallest = [1, 7, 30].find((w) => within(l.expiryDate!, today, w));
            expect(listedSoon.window).toBe(smallest);
          }
        }

        for (const s of input.assignments) {
          const listed = r.overdueReturns.find((o) => o.assignmentId === s.id);
          expect(listed !== undefined).toBe(s.expectedReturn !== null && s.expectedReturn < today);
          if (listed) expect(addDays(listed.expectedReturn, listed.daysOverdue)).toBe(today);
          if (listed) expect(listed.daysOverdue).toBeGreaterThan(0);
        }

        for (const a of input.assets) {
          const orphan = r.deployedWithoutHolder.some((d) => d.assetId === a.id);
          expect(orphan).toBe(a.stage === 'deployed' && a.holderId === null);

          const listed = r.warrantiesEnding.find((w) => w.assetId === a.id);
          const ending = a.stage !== 'disposed' && a.warrantyEnd !== null && within(a.warrantyEnd, today, 30);
          expect(listed !== undefined).toBe(ending);
          if (listed) expect(addDays(today, listed.daysLeft)).toBe(a.warrantyEnd);
        }

        for (const m of input.maintenance) {
          const listed = r.maintenanceOverdue.find((o) => o.maintenanceId === m.id);
          expect(listed !== undefined).toBe(m.status === 'scheduled' && m.scheduledFor < today);
          if (listed) expect(addDays(listed.scheduledFor, listed.daysOverdue)).toBe(today);
        }

        // Each list in its documented order.
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect(isSorted(r.seats, byName)).toBe(true);
        expect(isSorted(r.expiredStillAssigned, byName)).toBe(true);
        expect(isSorted(r.expiring, (a, b) => a.daysLeft - b.daysLeft || byName(a, b))).toBe(true);
        expect(
          isSorted(
            r.overdueReturns,
            (a, b) => b.daysOverdue - a.daysOverdue || a.assetTag.localeCompare(b.assetTag),
          ),
        ).toBe(true);
        expect(isSorted(r.deployedWithoutHolder, (a, b) => a.tag.localeCompare(b.tag))).toBe(true);
        expect(
          isSorted(r.warrantiesEnding, (a, b) => a.daysLeft - b.daysLeft || a.tag.localeCompare(b.tag)),
        ).toBe(true);
        expect(
          isSorted(
            r.maintenanceOverdue,
            (a, b) => b.daysOverdue - a.daysOverdue || a.assetTag.localeCompare(b.assetTag),
          ),
        ).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
