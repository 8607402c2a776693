import type { AuditEvent } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { announcementFor, concerns, describeChange, type OpenView, viewOf } from './announce.ts';

const ME = '0b5e3a52-8f0e-4a47-9d0c-6f1d2d0c9a11';
const MARIA = { id: '11111111-1111-4111-8111-111111111111', username: 'maria' };
const SAM = { id: '22222222-2222-4222-8222-222222222222', username: 'sam' };
const LEE = { id: '33333333-3333-4333-8333-333333333333', username: 'lee' };
const ASSET = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const OTHER_ASSET = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c';
const LICENSE = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7d';

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: '1',
  at: '2026-05-10T10:00:00.000Z',
  actor: MARIA,
  entity: 'asset',
  entityId: ASSET,
  action: 'updated',
  reason: null,
  before: { tag: 'LAP-0042' },
  after: { tag: 'LAP-0042' },
  ...over,
});

const checkOut = event({
  action: 'checked_out',
  before: { tag: 'LAP-0042', holder: null },
  after: { tag: 'LAP-0042', holder: { id: LEE.id, username: 'dana' } },
});
const moved = event({
  actor: SAM,
  action: 'transitioned',
  before: { tag: 'LAP-0042', stage: 'deployed' },
  after: { tag: 'LAP-0042', stage: 'in_maintenance' },
});
const maintenance = event({
  entity: 'maintenance',
  entityId: '0190b3c4-0000-7000-8000-000000000001',
  action: 'started',
  before: { status: 'scheduled' },
  after: { status: 'in_progress', asset: { id: ASSET, tag: 'LAP-0042', name: 'ThinkPad' } },
});

const assetPage: OpenView = { kind: 'asset', id: ASSET };

describe('viewOf', () => {
  it('reads record pages, their edit forms, and the list pages', () => {
    expect(viewOf(`/assets/${ASSET}`)).toEqual({ kind: 'asset', id: ASSET });
    expect(viewOf(`/assets/${ASSET}/edit`)).toEqual({ kind: 'asset', id: ASSET });
    expect(viewOf(`/licenses/${LICENSE}`)).toEqual({ kind: 'license', id: LICENSE });
    expect(viewOf('/assets')).toEqual({ kind: 'table', table: 'assets' });
    expect(viewOf('/events')).toEqual({ kind: 'table', table: 'events' });
    expect(viewOf('/users/')).toEqual({ kind: 'table', table: 'users' });
  });

  it('shows no record on forms for new records and on other pages', () => {
    for (const path of [
      '/assets/new',
      '/licenses/new',
      '/overview',
      '/me',
      '/compliance',
      '/webhooks',
      '/',
    ]) {
      expect(viewOf(path)).toEqual({ kind: 'none' });
    }
  });
});

describe('concerns', () => {
  it('an asset page: that asset and its maintenance, not another asset', () => {
    expect(concerns(checkOut, assetPage)).toBe(true);
    expect(concerns(maintenance, assetPage)).toBe(true);
    expect(concerns(event({ entityId: OTHER_ASSET }), assetPage)).toBe(false);
    expect(concerns(event({ entity: 'license', entityId: ASSET }), assetPage)).toBe(false);
  });

  it('a license page: that license only', () => {
    const view: OpenView = { kind: 'license', id: LICENSE };
    expect(concerns(event({ entity: 'license', entityId: LICENSE }), view)).toBe(true);
    expect(concerns(event({ entity: 'license', entityId: ASSET }), view)).toBe(false);
    expect(concerns(event({ entity: 'asset', entityId: LICENSE }), view)).toBe(false);
  });

  it('a table: the entity it lists; the audit trail lists every change', () => {
    expect(concerns(checkOut, { kind: 'table', table: 'assets' })).toBe(true);
    expect(concerns(checkOut, { kind: 'table', table: 'licenses' })).toBe(false);
    expect(concerns(maintenance, { kind: 'table', table: 'maintenance' })).toBe(true);
    expect(concerns(event({ entity: 'user' }), { kind: 'table', table: 'users' })).toBe(true);
    expect(concerns(event({ entity: 'webhook' }), { kind: 'table', table: 'events' })).toBe(true);
    expect(concerns(checkOut, { kind: 'none' })).toBe(false);
  });
});

describe('describeChange', () => {
  it('says who did what to which record, in plain words', () => {
    expect(describeChange(checkOut)).toBe('maria checked out LAP-0042 to dana.');
    expect(describeChange(moved)).toBe('sam moved LAP-0042 to In maintenance.');
    expect(describeChange(maintenance)).toBe('maria started maintenance of LAP-0042.');
    expect(
      describeChange(
        event({ action: 'checked_in', before: { tag: 'LAP-0042', holder: { username: 'dana' } } }),
      ),
    ).toBe('maria checked in LAP-0042 from dana.');
    expect(describeChange(event({ action: 'removed', after: null }))).toBe('maria deleted LAP-0042.');
  });

  it('names a license from the event, or from the known names for seat events', () => {
    const seat = event({
      entity: 'license',
      entityId: LICENSE,
      action: 'seat_assigned',
      before: { seatsUsed: 1 },
      after: { seatsUsed: 2, seat: { user: { id: LEE.id, username: 'lee' } } },
    });
    expect(describeChange(seat)).toBe('maria gave lee a seat of a license.');
    expect(describeChange(seat, { licenseNames: new Map([[LICENSE, 'Figma']]) })).toBe(
      'maria gave lee a seat of Figma.',
    );
    expect(describeChange(event({ entity: 'license', entityId: LICENSE, after: { name: 'Slack' } }))).toBe(
      'maria edited Slack.',
    );
  });

  it('names users, roles, the system, and actions it has no words for', () => {
    expect(
      describeChange(
        event({
          entity: 'user',
          action: 'role_changed',
          before: null,
          after: { username: 'lee', role: 'manager' },
        }),
      ),
    ).toBe('maria made lee Manager.');
    expect(
      describeChange(
        event({ entity: 'user', action: 'signed_up', actor: LEE, before: null, after: { username: 'lee' } }),
      ),
    ).toBe('lee signed up.');
    expect(describeChange(event({ actor: null, action: 'renamed' }))).toBe('The system changed LAP-0042.');
  });
});

describe('announcementFor', () => {
  it('describes one change by someone else to the open record', () => {
    expect(announcementFor([checkOut], assetPage, ME)).toBe('maria checked out LAP-0042 to dana.');
  });

  it('never announces the user’s own change', () => {
    expect(announcementFor([checkOut], assetPage, MARIA.id)).toBeNull();
    expect(announcementFor([checkOut, moved], assetPage, MARIA.id)).toBe(
      'sam moved LAP-0042 to In maintenance.',
    );
  });

  it('ignores changes to what is not open', () => {
    expect(announcementFor([event({ entityId: OTHER_ASSET })], assetPage, ME)).toBeNull();
    expect(announcementFor([checkOut], { kind: 'none' }, ME)).toBeNull();
    expect(announcementFor([], assetPage, ME)).toBeNull();
  });

  it('summarises several changes in one toast', () => {
    expect(announcementFor([checkOut, moved], assetPage, ME)).toBe(
      'maria and sam made 2 changes to LAP-0042.',
    );
    const table: OpenView = { kind: 'table', table: 'assets' };
    const others = event({ actor: LEE, entityId: OTHER_ASSET, after: { tag: 'MON-7' } });
    expect(announcementFor([checkOut, moved, others, checkOut], table, ME)).toBe(
      'maria, sam and 1 other made 4 changes to assets.',
    );
    expect(announcementFor([checkOut, moved, maintenance], table, ME)).toBe(
      'maria and sam made 2 changes to assets.',
    );
  });
});
