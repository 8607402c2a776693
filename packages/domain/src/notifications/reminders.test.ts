import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { NOTIFICATION_KINDS, RECIPIENTS } from './kinds.ts';
import { computeReminders, type NotificationInput, type Reminder } from './reminders.ts';
import { Notification } from './schemas.ts';

const TODAY = '2026-11-25';
const STAFF = [
  { id: 'u-admin', role: 'admin' as const },
  { id: 'u-maria', role: 'manager' as const },
];
const EMPTY: NotificationInput = {
  today: TODAY,
  licenses: [],
  assets: [],
  assignments: [],
  maintenance: [],
  staff: STAFF,
};

const keysOf = (reminders: Reminder[]) => [...new Set(reminders.map((r) => r.dedupeKey))].sort();
const recipientsOf = (reminders: Reminder[], key: string) =>
  reminders
    .filter((r) => r.dedupeKey === key)
    .map((r) => r.recipientId)
    .sort();

describe('license renewal reminders', () => {
  const license = (expiryDate: string | null, used = 2) => ({
    ...EMPTY,
    licenses: [{ id: 'l-1', name: 'Editor', seats: 5, used, expiryDate }],
  });

  it.each([
    [31, []],
    [30, ['license_renewal:l-1:2026-12-25:30d']],
    [8, ['license_renewal:l-1:2026-12-03:30d']],
    [7, ['license_renewal:l-1:2026-12-02:7d']],
    [2, ['license_renewal:l-1:2026-11-27:7d']],
    [1, ['license_renewal:l-1:2026-11-26:1d']],
    [0, ['license_renewal:l-1:2026-11-25:1d']],
  ])('%i days before expiry: %j', (days, keys) => {
    const reminders = computeReminders(license(addDays(TODAY, days)));
    expect(keysOf(reminders)).toEqual(keys);
    for (const key of keys) expect(recipientsOf(reminders, key)).toEqual(['u-admin', 'u-maria']);
  });

  it('a license without an expiry date is never due', () => {
    expect(computeReminders(license(null))).toEqual([]);
  });

  it('a daily run over the last 40 days produces exactly three reminders: 30, 7 and 1 days before', () => {
    const expiry = '2026-12-31';
    const keys = new Set<string>();
    for (let day = -40; day <= 0; day++) {
      const input = {
        ...license(expiry, 0),
        today: addDays(expiry, day),
      };
      for (const r of computeReminders(input)) keys.add(r.dedupeKey);
    }
    expect([...keys].sort()).toEqual([
      'license_renewal:l-1:2026-12-31:1d',
      'license_renewal:l-1:2026-12-31:30d',
      'license_renewal:l-1:2026-12-31:7d',
    ]);
  });

  it('a renewed license (a new expiry date) is reminded again', () => {
    const before = keysOf(computeReminders(license(addDays(TODAY, 5))));
    const after = keysOf(computeReminders(license(addDays(TODAY, 6))));
    expect(before).not.toEqual(after);
  });
});

describe('expired licenses still assigned', () => {
  it('alerts staff while seats are in use after the expiry date, not before and not without seats', () => {
    const input = {
      ...EMPTY,
      licenses: [
        { id: 'l-used', name: 'Old suite', seats: 3, used: 2, expiryDate: '2026-11-24' },
        { id: 'l-free', name: 'Unused', seats: 3, used: 0, expiryDate: '2026-11-24' },
        { id: 'l-today', name: 'Last day', seats: 3, used: 3, expiryDate: TODAY },
      ],
    };
    const reminders = computeReminders(input).filter((r) => r.kind === 'license_expired_assigned');
    expect(keysOf(reminders)).toEqual(['license_expired_assigned:l-used:2026-11-24']);
    expect(recipientsOf(reminders, 'license_expired_assigned:l-used:2026-11-24')).toEqual([
      'u-admin',
      'u-maria',
    ]);
    expect(reminders[0]!.title).toBe('Old suite expired with 2 seats in use');
    expect(reminders[0]!.subject).toEqual({ type: 'license', id: 'l-used' });
  });
});

describe('overdue returns', () => {
  const input: NotificationInput = {
    ...EMPTY,
    assignments: [
      {
        id: 's-late',
        assetId: 'a-1',
        assetTag: 'LT-001',
        userId: 'u-dana',
        username: 'dana',
        expectedReturn: '2026-11-20',
      },
      {
        id: 's-due',
        assetId: 'a-2',
        assetTag: 'LT-002',
        userId: 'u-lee',
        username: 'lee',
        expectedReturn: TODAY,
      },
      {
        id: 's-open',
        assetId: 'a-3',
        assetTag: 'LT-003',
        userId: 'u-lee',
        username: 'lee',
        expectedReturn: null,
      },
      // A manager holding a late laptop is told once, as its holder.
      {
        id: 's-mgr',
        assetId: 'a-4',
        assetTag: 'LT-004',
        userId: 'u-maria',
        username: 'maria',
        expectedReturn: '2026-11-24',
      },
    ],
  };
  const reminders = computeReminders(input);

  it('reminds the holder and staff of an open assignment past its expected return, not one due today', () => {
    expect(keysOf(reminders)).toEqual([
      'overdue_return:s-late:2026-11-20',
      'overdue_return:s-mgr:2026-11-24',
    ]);
    expect(recipientsOf(reminders, 'overdue_return:s-late:2026-11-20')).toEqual([
      'u-admin',
      'u-dana',
      'u-maria',
    ]);
    expect(recipientsOf(reminders, 'overdue_return:s-mgr:2026-11-24')).toEqual(['u-admin', 'u-maria']);
  });

  it('tells a disabled holder nothing, and staff all the same', () => {
    const withDisabled = computeReminders({ ...input, disabledUserIds: ['u-dana'] });
    expect(recipientsOf(withDisabled, 'overdue_return:s-late:2026-11-20')).toEqual(['u-admin', 'u-maria']);
  });

  it('words it for the holder and for staff', () => {
    const late = reminders.filter((r) => r.dedupeKey === 'overdue_return:s-late:2026-11-20');
    expect(late.find((r) => r.recipientId === 'u-dana')!.title).toBe('Please return LT-001');
    expect(late.find((r) => r.recipientId === 'u-admin')!.title).toBe('LT-001 is overdue from dana');
    expect(late[0]!.body).toBe('It was due back on 2026-11-20 (5 days ago).');
    expect(late[0]!.subject).toEqual({ type: 'asset', id: 'a-1' });
    const own = reminders.find(
      (r) => r.dedupeKey.startsWith('overdue_return:s-mgr') && r.recipientId === 'u-maria',
    );
    expect(own!.title).toBe('Please return LT-004');
  });
});

describe('warranty ending', () => {
  it('reminds staff within 30 days of the end, as the compliance report lists it', () => {
    const asset = (id: string, warrantyEnd: string, stage: 'in_stock' | 'disposed' = 'in_stock') => ({
      id,
      tag: id.toUpperCase(),
      name: 'Monitor',
      stage,
      holderId: 'u-dana',
      warrantyEnd,
    });
    const input = {
      ...EMPTY,
      assets: [
        asset('a-30', addDays(TODAY, 30)),
        asset('a-31', addDays(TODAY, 31)),
        asset('a-0', TODAY),
        asset('a-past', addDays(TODAY, -1)),
        asset('a-gone', addDays(TODAY, 3), 'disposed'),
      ],
    };
    const reminders = computeReminders(input);
    expect(keysOf(reminders)).toEqual(['warranty_ending:a-0:2026-11-25', 'warranty_ending:a-30:2026-12-25']);
    // Staff only: the holder of the asset is not told about its warranty.
    expect(reminders.map((r) => r.recipientId)).not.toContain('u-dana');
    expect(reminders.find((r) => r.dedupeKey.startsWith('warranty_ending:a-0'))!.title).toBe(
      'The warranty of A-0 ends today',
    );
  });
});

describe('maintenance due', () => {
  const input: NotificationInput = {
    ...EMPTY,
    maintenance: [
      {
        id: 'm-today',
        assetId: 'a-1',
        assetTag: 'LT-001',
        scheduledFor: TODAY,
        status: 'scheduled',
        holderId: 'u-dana',
      },
      {
        id: 'm-late',
        assetId: 'a-2',
        assetTag: 'LT-002',
        scheduledFor: '2026-11-22',
        status: 'scheduled',
        holderId: null,
      },
      {
        id: 'm-next',
        assetId: 'a-3',
        assetTag: 'LT-003',
        scheduledFor: '2026-11-26',
        status: 'scheduled',
        holderId: 'u-dana',
      },
      {
        id: 'm-running',
        assetId: 'a-4',
        assetTag: 'LT-004',
        scheduledFor: '2026-11-01',
        status: 'in_progress',
        holderId: 'u-dana',
      },
    ],
  };
  const reminders = computeReminders(input);

  it('reminds from the day it is due while it has not started: staff, and the holder if there is one', () => {
    expect(keysOf(reminders)).toEqual([
      'maintenance_due:m-late:2026-11-22',
      'maintenance_due:m-today:2026-11-25',
    ]);
    expect(recipientsOf(reminders, 'maintenance_due:m-today:2026-11-25')).toEqual([
      'u-admin',
      'u-dana',
      'u-maria',
    ]);
    expect(recipientsOf(reminders, 'maintenance_due:m-late:2026-11-22')).toEqual(['u-admin', 'u-maria']);
  });

  it('says due today, or how late', () => {
    const title = (key: string) => reminders.find((r) => r.dedupeKey === key)!.title;
    expect(title('maintenance_due:m-today:2026-11-25')).toBe('Maintenance of LT-001 is due today');
    expect(title('maintenance_due:m-late:2026-11-22')).toBe('Maintenance of LT-002 is 3 days late');
  });
});

describe('every reminder', () => {
  const dates = fc.integer({ min: -40, max: 40 }).map((d) => addDays(TODAY, d));
  const people = ['u-admin', 'u-maria', 'u-dana', 'u-lee'];
  const inputs = fc.record({
    licenses: fc.array(
      fc.record({
        seats: fc.integer({ min: 1, max: 5 }),
        used: fc.integer({ min: 0, max: 5 }),
        expiryDate: fc.option(dates),
      }),
      { maxLength: 6 },
    ),
    assets: fc.array(
      fc.record({ warrantyEnd: fc.option(dates), holder: fc.option(fc.constantFrom(...people)) }),
      {
        maxLength: 6,
      },
    ),
    assignments: fc.array(
      fc.record({ userId: fc.constantFrom(...people), expectedReturn: fc.option(dates) }),
      {
        maxLength: 6,
      },
    ),
    maintenance: fc.array(
      fc.record({
        scheduledFor: dates,
        status: fc.constantFrom('scheduled' as const, 'in_progress' as const),
        holderId: fc.option(fc.constantFrom(...people)),
      }),
      { maxLength: 6 },
    ),
  });
  type RawInput = typeof inputs extends fc.Arbitrary<infer T> ? T : never;
  const toInput = (raw: RawInput): NotificationInput => ({
    ...EMPTY,
    licenses: raw.licenses.map((l, i) => ({ id: `l-${i}`, name: `License ${i}`, ...l })),
    assets: raw.assets.map((a, i) => ({
      id: `a-${i}`,
      tag: `T-${i}`,
      name: 'Thing',
      stage: 'in_stock',
      holderId: a.holder,
      warrantyEnd: a.warrantyEnd,
    })),
    assignments: raw.assignments.map((s, i) => ({
      id: `s-${i}`,
      assetId: `a-${i}`,
      assetTag: `T-${i}`,
      userId: s.userId,
      username: s.userId.slice(2),
      expectedReturn: s.expectedReturn,
    })),
    maintenance: raw.maintenance.map((m, i) => ({
      id: `m-${i}`,
      assetId: `a-${i}`,
      assetTag: `T-${i}`,
      ...m,
    })),
  });

  it('is addressed once per recipient and key, only to whom its kind allows, and is the same on a rerun', () => {
    fc.assert(
      fc.property(inputs, (raw) => {
        const input = toInput(raw);
        const reminders = computeReminders(input);
        const pairs = reminders.map((r) => `${r.recipientId} ${r.dedupeKey}`);
        expect(new Set(pairs).size).toBe(pairs.length);
        for (const r of reminders) {
          expect(r.dedupeKey.startsWith(`${r.kind}:`)).toBe(true);
          const staffRole = STAFF.find((s) => s.id === r.recipientId)?.role;
          const rule = RECIPIENTS[r.kind];
          // Not staff: then the holder, and only for kinds that tell the holder.
          if (!staffRole || !rule.includes(staffRole)) expect(rule).toContain('holder');
        }
        expect(computeReminders(input)).toEqual(reminders);
      }),
    );
  });

  it('fits the Notification output schema once stored', () => {
    const reminders = computeReminders(
      toInput({
        licenses: [
          { seats: 2, used: 1, expiryDate: addDays(TODAY, -1) },
          { seats: 2, used: 1, expiryDate: TODAY },
        ],
        assets: [{ warrantyEnd: TODAY, holder: null }],
        assignments: [{ userId: 'u-dana', expectedReturn: addDays(TODAY, -2) }],
        maintenance: [{ scheduledFor: TODAY, status: 'scheduled', holderId: 'u-dana' }],
      }),
    );
    expect(new Set(reminders.map((r) => r.kind))).toEqual(new Set(NOTIFICATION_KINDS));
    for (const [i, r] of reminders.entries()) {
      const stored = {
        id: String(i + 1),
        kind: r.kind,
        subject: r.subject,
        title: r.title,
        body: r.body,
        payload: r.payload,
        createdAt: '2026-11-25T06:00:00.000Z',
        readAt: null,
      };
      expect(Notification.parse(stored)).toEqual(stored);
    }
  });
});
