import { describe, expect, it } from 'vitest';
import { MAINTENANCE_STATUSES, MAINTENANCE_TYPES } from './rules.ts';
import {
  CompleteMaintenanceInput,
  ListMaintenanceInput,
  Maintenance,
  MaintenanceActionInput,
  ScheduleMaintenanceInput,
} from './schemas.ts';

const ID = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const valid = {
  assetId: ID,
  scheduledFor: '2026-12-01',
  type: 'repair',
  details: 'Replace the battery.',
} as const;

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? [] : [...new Set(result.error!.issues.map((i) => i.path.join('.')))];
}

describe('ScheduleMaintenanceInput', () => {
  it('needs an asset, a date, a type and details', () => {
    expect(ScheduleMaintenanceInput.parse(valid)).toEqual(valid);
    expect(issuePaths(ScheduleMaintenanceInput.safeParse({})).sort()).toEqual([
      'assetId',
      'details',
      'scheduledFor',
      'type',
    ]);
  });

  it('lists the maintenance types', () => {
    expect(MAINTENANCE_TYPES).toEqual([
      'repair',
      'upgrade',
      'inspection',
      'cleaning',
      'calibration',
      'other',
    ]);
  });

  it.each(MAINTENANCE_TYPES)('takes the type %s', (type) => {
    expect(ScheduleMaintenanceInput.parse({ ...valid, type }).type).toBe(type);
  });

  it('refuses an unknown type', () => {
    expect(issuePaths(ScheduleMaintenanceInput.safeParse({ ...valid, type: 'paint' }))).toEqual(['type']);
  });

  it('trims the details and says they are required when blank', () => {
    expect(ScheduleMaintenanceInput.parse({ ...valid, details: '  Clean fans ' }).details).toBe('Clean fans');
    const blank = ScheduleMaintenanceInput.safeParse({ ...valid, details: '   ' });
    expect(issuePaths(blank)).toEqual(['details']);
    expect(blank.error?.issues[0]?.message).toBe('Describe the work.');
    expect(issuePaths(ScheduleMaintenanceInput.safeParse({ ...valid, details: 'x'.repeat(5001) }))).toEqual([
      'details',
    ]);
  });

  it.each(['2026-02-29', '2026-12-1', '2026-12-01T09:00:00Z', null])(
    'refuses the date %j',
    (scheduledFor) => {
      expect(issuePaths(ScheduleMaintenanceInput.safeParse({ ...valid, scheduledFor }))).toEqual([
        'scheduledFor',
      ]);
    },
  );

  // Pinned: a date in the past is accepted (work done yesterday can be recorded); the compliance
  // report lists it as overdue until it starts.
  it('accepts a date in the past', () => {
    expect(ScheduleMaintenanceInput.safeParse({ ...valid, scheduledFor: '2020-01-01' }).success).toBe(true);
  });

  it('takes an optional cost, or null, never negative', () => {
    expect(ScheduleMaintenanceInput.parse({ ...valid, cost: 89.9 }).cost).toBe(89.9);
    expect(ScheduleMaintenanceInput.parse({ ...valid, cost: null }).cost).toBeNull();
    expect(issuePaths(ScheduleMaintenanceInput.safeParse({ ...valid, cost: -1 }))).toEqual(['cost']);
    expect(issuePaths(ScheduleMaintenanceInput.safeParse({ ...valid, cost: 10_000_000_000 }))).toEqual([
      'cost',
    ]);
  });

  it('refuses unknown keys, such as a status', () => {
    expect(issuePaths(ScheduleMaintenanceInput.safeParse({ ...valid, status: 'in_progress' }))).toEqual(['']);
  });
});

describe('MaintenanceActionInput and CompleteMaintenanceInput', () => {
  it('take the record and an optional note; completing also a cost', () => {
    expect(MaintenanceActionInput.parse({ id: ID, note: ' ok ' })).toEqual({ id: ID, note: 'ok' });
    expect(CompleteMaintenanceInput.parse({ id: ID, cost: 12 })).toEqual({ id: ID, cost: 12 });
    expect(issuePaths(MaintenanceActionInput.safeParse({ id: ID, cost: 12 }))).toEqual(['']);
    expect(issuePaths(CompleteMaintenanceInput.safeParse({ id: 'm-1' }))).toEqual(['id']);
  });
});

describe('ListMaintenanceInput', () => {
  it('defaults to 50 at a time, with or without an object', () => {
    expect(ListMaintenanceInput.parse(undefined)).toEqual({ sort: 'recent', limit: 50 });
    expect(ListMaintenanceInput.parse({})).toEqual({ sort: 'recent', limit: 50 });
  });

  it('filters by asset, statuses and overdue', () => {
    expect(
      ListMaintenanceInput.parse({ assetId: ID, status: ['scheduled', 'in_progress'], overdue: true }),
    ).toEqual({
      assetId: ID,
      status: ['scheduled', 'in_progress'],
      overdue: true,
      sort: 'recent',
      limit: 50,
    });
    expect(ListMaintenanceInput.parse({ status: [...MAINTENANCE_STATUSES] }).status).toEqual(
      MAINTENANCE_STATUSES,
    );
    expect(ListMaintenanceInput.parse({ status: [] }).status).toEqual([]);
  });

  it('refuses an unknown status, more statuses than exist, and unknown keys', () => {
    expect(issuePaths(ListMaintenanceInput.safeParse({ status: ['done'] }))).toEqual(['status.0']);
    expect(issuePaths(ListMaintenanceInput.safeParse({ status: 'scheduled' }))).toEqual(['status']);
    const five = [...MAINTENANCE_STATUSES, 'scheduled'];
    expect(issuePaths(ListMaintenanceInput.safeParse({ status: five }))).toEqual(['status']);
    expect(issuePaths(ListMaintenanceInput.safeParse({ kind: 'repair' }))).toEqual(['']);
  });

  it('filters by types and sorts by scheduled date, refusing unknown ones', () => {
    expect(ListMaintenanceInput.parse({ type: ['repair', 'upgrade'], sort: 'scheduled' })).toEqual({
      type: ['repair', 'upgrade'],
      sort: 'scheduled',
      limit: 50,
    });
    expect(issuePaths(ListMaintenanceInput.safeParse({ type: 'repair' }))).toEqual(['type']);
    expect(issuePaths(ListMaintenanceInput.safeParse({ type: ['painting'] }))).toEqual(['type.0']);
    expect(issuePaths(ListMaintenanceInput.safeParse({ sort: 'cost' }))).toEqual(['sort']);
  });

  it.each([0, 201])('refuses the limit %d', (limit) => {
    expect(issuePaths(ListMaintenanceInput.safeParse({ limit }))).toEqual(['limit']);
  });
});

describe('Maintenance (output)', () => {
  it('accepts a record and drops fields it does not name', () => {
    const record = {
      id: ID,
      asset: { id: ID, tag: 'LT-1', name: 'ThinkPad' },
      type: 'repair',
      status: 'scheduled',
      scheduledFor: '2026-12-01',
      startedAt: null,
      completedAt: null,
      details: 'Replace the battery.',
      cost: null,
      note: null,
      createdAt: '2026-11-20T08:00:00.000Z',
    };
    expect(Maintenance.parse({ ...record, createdBy: ID })).toEqual(record);
    expect(Maintenance.safeParse({ ...record, status: 'done' }).success).toBe(false);
  });
});
