import type { AuditEvent } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { eventFiltersFrom, eventListInput, NO_EVENT_FILTERS, searchFromEventFilters } from './filters.ts';
import { detailOf, subjectOf } from './subject.ts';

const ID = '0b5e3a52-8f0e-4a47-9d0c-6f1d2d0c9a11';
const ASSET = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: '1',
  at: '2026-05-10T10:00:00.000Z',
  actor: null,
  entity: 'asset',
  entityId: ID,
  action: 'created',
  reason: null,
  before: null,
  after: null,
  ...over,
});

describe('subjectOf', () => {
  it('names an asset by its tag, before or after the change', () => {
    expect(subjectOf(event({ after: { tag: 'IT-01001' } }))).toEqual({
      label: 'IT-01001',
      href: `/assets/${ID}`,
    });
    expect(subjectOf(event({ action: 'removed', before: { tag: 'IT-9' } })).label).toBe('IT-9');
  });

  it('names a license by its name, or by the known names for seat events', () => {
    expect(subjectOf(event({ entity: 'license', after: { name: 'Figma' } })).label).toBe('Figma');
    const seat = event({ entity: 'license', action: 'seat_assigned', after: { seatsUsed: 2 } });
    expect(subjectOf(seat, { licenseNames: new Map([[ID, 'Slack']]) })).toEqual({
      label: 'Slack',
      href: `/licenses/${ID}`,
    });
    expect(subjectOf(seat).label).toBe('License 0b5e3a52');
  });

  it('links maintenance to its asset’s maintenance section', () => {
    const started = event({
      entity: 'maintenance',
      action: 'started',
      before: { status: 'scheduled' },
      after: { asset: { id: ASSET, tag: 'IT-01007', name: 'x' } },
    });
    expect(subjectOf(started)).toEqual({
      label: 'Maintenance of IT-01007',
      href: `/assets/${ASSET}#maintenance`,
    });
    expect(subjectOf(event({ entity: 'maintenance' }))).toEqual({
      label: 'Maintenance 0b5e3a52',
      href: null,
    });
  });

  it('links a user only for those who may see users', () => {
    const created = event({ entity: 'user', after: { username: 'dana' } });
    expect(subjectOf(created)).toEqual({ label: 'dana', href: null });
    expect(subjectOf(created, { canSeeUsers: true }).href).toBe('/users?q=dana');
  });
});

describe('audit trail filters in the URL', () => {
  it('round-trips and drops what the API would refuse', () => {
    const filters = eventFiltersFrom(
      new URLSearchParams(`entity=license&actor=${ID}&from=2026-05-01&to=2026-05-31`),
    );
    expect(filters).toEqual({
      entity: 'license',
      type: null,
      actorId: ID,
      assetId: null,
      from: '2026-05-01',
      to: '2026-05-31',
      order: 'newest',
    });
    expect(eventFiltersFrom(searchFromEventFilters(filters))).toEqual(filters);
    expect(
      eventFiltersFrom(new URLSearchParams('entity=car&actor=bob&from=yesterday&to=2026-02-30')),
    ).toEqual(NO_EVENT_FILTERS);
  });

  it('reads an event type with its entity, and the order', () => {
    const filters = eventFiltersFrom(new URLSearchParams('type=asset.checked_out&order=oldest'));
    expect(filters).toEqual({
      ...NO_EVENT_FILTERS,
      entity: 'asset',
      type: 'asset.checked_out',
      order: 'oldest',
    });
    expect(searchFromEventFilters(filters).toString()).toBe(
      'entity=asset&type=asset.checked_out&order=oldest',
    );
    expect(eventFiltersFrom(searchFromEventFilters(filters))).toEqual(filters);
    expect(eventListInput(filters)).toEqual({
      limit: 50,
      entity: 'asset',
      type: 'asset.checked_out',
      order: 'oldest',
    });
  });

  it('drops a type of another entity than the one named, an unknown type, and an unknown order', () => {
    expect(eventFiltersFrom(new URLSearchParams('entity=license&type=asset.checked_out'))).toEqual({
      ...NO_EVENT_FILTERS,
      entity: 'license',
    });
    expect(eventFiltersFrom(new URLSearchParams('type=asset.exploded&order=sideways'))).toEqual(
      NO_EVENT_FILTERS,
    );
    expect(searchFromEventFilters(NO_EVENT_FILTERS).toString()).toBe('');
  });

  it('reads one asset as the asset entity with its id, and drops it beside another entity', () => {
    const filters = eventFiltersFrom(new URLSearchParams(`asset=${ASSET}&actor=${ID}`));
    expect(filters).toEqual({ ...NO_EVENT_FILTERS, entity: 'asset', assetId: ASSET, actorId: ID });
    expect(searchFromEventFilters(filters).toString()).toBe(`entity=asset&actor=${ID}&asset=${ASSET}`);
    expect(eventFiltersFrom(searchFromEventFilters(filters))).toEqual(filters);
    expect(eventListInput(filters)).toEqual({ limit: 50, entity: 'asset', entityId: ASSET, actorId: ID });
    const checkedOut = eventFiltersFrom(new URLSearchParams(`asset=${ASSET}&type=asset.checked_out`));
    expect(checkedOut).toMatchObject({ entity: 'asset', type: 'asset.checked_out', assetId: ASSET });
    expect(eventFiltersFrom(new URLSearchParams(`entity=license&asset=${ASSET}`))).toEqual({
      ...NO_EVENT_FILTERS,
      entity: 'license',
    });
    expect(eventFiltersFrom(new URLSearchParams('asset=LT-0042'))).toEqual(NO_EVENT_FILTERS);
  });

  it('makes the end date inclusive: to is the start of the next day', () => {
    const input = eventListInput({ ...NO_EVENT_FILTERS, from: '2026-05-01', to: '2026-05-31' });
    expect(new Date(input.from!).getDate()).toBe(1);
    expect(new Date(input.to!).getDate()).toBe(1);
    expect(new Date(input.to!).getMonth()).toBe(5);
    expect(eventListInput(NO_EVENT_FILTERS)).toEqual({ limit: 50 });
  });
});

describe('detailOf', () => {
  const label = (stage: string) => stage.toUpperCase();
  it.each([
    [{ action: 'checked_out', after: { holder: { id: ID, username: 'dana' } } }, 'to dana'],
    [{ action: 'checked_in', before: { holder: { id: ID, username: 'dana' } } }, 'from dana'],
    [{ action: 'seat_assigned', after: { seatsUsed: 3, seat: { user: { username: 'dana' } } } }, 'to dana'],
    [
      {
        action: 'seats_assigned',
        after: { seats: [{ user: { username: 'lee' } }, { user: { username: 'alex' } }] },
      },
      'to lee, alex',
    ],
    [{ action: 'seat_released', before: { seat: { user: { username: 'lee' } } } }, 'from lee'],
    [
      { action: 'transitioned', before: { stage: 'in_stock' }, after: { stage: 'retired' } },
      'IN_STOCK → RETIRED',
    ],
    [{ action: 'role_changed', after: { role: 'manager' } }, 'to MANAGER'],
    [{ action: 'checked_out', after: { holder: null } }, null],
    [{ action: 'created', after: { tag: 'x' } }, null],
  ] as const)('%j', (over, detail) => {
    expect(detailOf(event(over as Partial<AuditEvent>), label)).toBe(detail);
  });
});
