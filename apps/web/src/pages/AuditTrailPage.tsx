import { can, ENTITIES, EVENT_TYPES, type EventType, isStage, STAGE_LABELS } from '@itam/domain';
import { skipToken } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useEventPages } from '../api/pages.ts';
import { type AuditEventView, trpc } from '../api/trpc.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import type { Person } from '../components/PersonPicker.tsx';
import { AssetFilter, PersonFilter } from '../components/PickerFilter.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import {
  entityOfType,
  eventFiltersFrom,
  eventListInput,
  NO_EVENT_FILTERS,
  searchFromEventFilters,
} from '../events/filters.ts';
import { detailOf, subjectOf } from '../events/subject.ts';
import { formatDateTime } from '../lib/format.ts';
import { useDocumentTitle, useSearchState } from '../lib/hooks.ts';
import { actionLabel, ENTITY_LABELS, ROLE_LABELS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function AuditTrailPage() {
  useDocumentTitle('Audit trail');
  const user = useUser();
  if (!can(user, 'event.list')) return <NoAccess />;
  return <AuditTrail />;
}

function AuditTrail() {
  const user = useUser();
  const [filters, setFilters] = useSearchState(eventFiltersFrom, searchFromEventFilters);
  const list = useEventPages(eventListInput(filters));
  const events = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  // The chosen actor and asset are named by the pick, by the rows, or by a lookup of the asset.
  const [pickedActor, setPickedActor] = useState<Person | null>(null);
  const actorName = filters.actorId
    ? ((pickedActor?.id === filters.actorId ? pickedActor.username : undefined) ??
      events.find((e) => e.actor?.id === filters.actorId)?.actor?.username ??
      'one person')
    : null;
  const asset = trpc.assets.get.useQuery(filters.assetId ? { id: filters.assetId } : skipToken, {
    staleTime: 60_000,
  });
  const assetTag = filters.assetId ? (asset.data?.tag ?? 'one asset') : null;
  // Seat events name no license; the list of licenses fills the names in.
  const licenses = trpc.licenses.list.useQuery({ limit: 200 }, { staleTime: 60_000 });
  const licenseNames = useMemo(
    () => new Map((licenses.data?.items ?? []).map((l) => [l.id, l.name])),
    [licenses.data],
  );
  const filtered =
    filters.entity !== null ||
    filters.type !== null ||
    filters.actorId !== null ||
    filters.assetId !== null ||
    filters.from !== '' ||
    filters.to !== '';
  // The kinds of change on offer: those of the chosen entity, or all.
  const types = EVENT_TYPES.filter((t) => filters.entity === null || entityOfType(t) === filters.entity);
  const canSeeUsers = can(user, 'user.list');
  const rangeWrong = filters.from !== '' && filters.to !== '' && filters.to < filters.from;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit trail</h1>
          <p className="page-sub">Every change, who made it and why. Nothing here is ever edited.</p>
        </div>
        <ExportLink kind="events" input={eventListInput(filters)} />
      </div>
      <section className="filters" aria-label="Filters">
        <div className="filters-row filters-row-even">
          <div className="field">
            <label htmlFor="event-entity">Entity</label>
            <select
              id="event-entity"
              value={filters.entity ?? ''}
              onChange={(e) =>
                setFilters({
                  ...filters,
                  entity: ENTITIES.find((x) => x === e.target.value) ?? null,
                  // A kind of change belongs to one entity, an asset is one: another entity clears them.
                  type: null,
                  assetId: e.target.value === 'asset' ? filters.assetId : null,
                })
              }
            >
              <option value="">Everything</option>
              {ENTITIES.map((entity) => (
                <option key={entity} value={entity}>
                  {ENTITY_LABELS[entity]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="event-type">Kind of change</label>
            <select
              id="event-type"
              value={filters.type ?? ''}
              onChange={(e) => {
                const type = EVENT_TYPES.find((t) => t === e.target.value) ?? null;
                const entity = type ? entityOfType(type) : filters.entity;
                setFilters({
                  ...filters,
                  type,
                  entity,
                  assetId: entity === 'asset' ? filters.assetId : null,
                });
              }}
            >
              <option value="">Any change</option>
              {types.map((type) => (
                <option key={type} value={type}>
                  {typeLabel(type, filters.entity === null)}
                </option>
              ))}
            </select>
          </div>
          <PersonFilter
            label="Actor"
            legend="Show the changes made by"
            chosen={actorName}
            value={pickedActor?.id === filters.actorId ? pickedActor : null}
            onPick={(person) => {
              setPickedActor(person);
              setFilters({ ...filters, actorId: person?.id ?? null });
            }}
          />
          <AssetFilter
            legend="Show the changes to"
            value={filters.assetId && assetTag ? { id: filters.assetId, tag: assetTag } : null}
            onPick={(picked) => {
              const type = filters.type && entityOfType(filters.type) === 'asset' ? filters.type : null;
              setFilters(
                picked
                  ? { ...filters, assetId: picked.id, entity: 'asset', type }
                  : { ...filters, assetId: null },
              );
            }}
          />
          <div className="field">
            <label htmlFor="event-from">From</label>
            <input
              id="event-from"
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => setFilters({ ...filters, from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="event-to">To</label>
            <input
              id="event-to"
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              aria-invalid={rangeWrong || undefined}
              aria-describedby={rangeWrong ? 'event-range-error' : undefined}
              onChange={(e) => setFilters({ ...filters, to: e.target.value })}
            />
          </div>
        </div>
        <div className="filters-row">
          <div className="field">
            <label htmlFor="event-order">Order</label>
            <select
              id="event-order"
              value={filters.order}
              onChange={(e) =>
                setFilters({ ...filters, order: e.target.value === 'oldest' ? 'oldest' : 'newest' })
              }
            >
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </div>
        </div>
        {rangeWrong ? (
          <p id="event-range-error" className="field-error">
            “To” is before “From”: no change can match.
          </p>
        ) : null}
        {filtered ? (
          <div>
            <button
              type="button"
              className="button link"
              onClick={() => setFilters({ ...NO_EVENT_FILTERS, order: filters.order })}
            >
              Clear filters
            </button>
          </div>
        ) : null}
      </section>
      {list.isPending ? (
        <Loading label="Loading the audit trail…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The audit trail could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : events.length === 0 ? (
        <Empty title={filtered ? 'No changes match these filters.' : 'No changes recorded yet.'} />
      ) : (
        <>
          <TableFrame label="Changes">
            <table className="table event-table" data-testid="event-table" aria-busy={list.isFetching}>
              <caption className="visually-hidden">Audit trail</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Entity</th>
                  <th scope="col">Action</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <EventRow
                    key={event.id}
                    event={event}
                    licenseNames={licenseNames}
                    canSeeUsers={canSeeUsers}
                  />
                ))}
              </tbody>
            </table>
          </TableFrame>
          <ListFooter list={list} shown={events.length} noun={['change', 'changes']} filtered={filtered} />
        </>
      )}
    </>
  );
}

function EventRow({
  event,
  licenseNames,
  canSeeUsers,
}: {
  event: AuditEventView;
  licenseNames: ReadonlyMap<string, string>;
  canSeeUsers: boolean;
}) {
  const subject = subjectOf(event, { licenseNames, canSeeUsers });
  const detail = detailOf(event, valueName);
  return (
    <tr
      data-testid="event-row"
      data-entity={event.entity}
      data-action={event.action}
      data-actor={event.actor?.username ?? 'system'}
    >
      <td className="cell-time">
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
      </td>
      <td>{event.actor ? event.actor.username : <span className="muted">system</span>}</td>
      <th scope="row" className="cell-subject">
        <span className="cell-sub">{ENTITY_LABELS[event.entity]}</span>
        {subject.href ? <Link to={subject.href}>{subject.label}</Link> : subject.label}
      </th>
      <td>
        {actionLabel(event.action)}
        {detail ? <span className="cell-sub">{detail}</span> : null}
      </td>
      <td className="cell-details">{event.reason ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

/** Stage and role values in events, by their labels. */
function valueName(value: string): string {
  if (isStage(value)) return STAGE_LABELS[value];
  return value in ROLE_LABELS ? ROLE_LABELS[value as keyof typeof ROLE_LABELS] : value;
}

/** "Checked out", or "Asset: Checked out" when the list spans every entity. */
function typeLabel(type: EventType, withEntity: boolean): string {
  const action = actionLabel(type.slice(type.indexOf('.') + 1));
  return withEntity ? `${ENTITY_LABELS[entityOfType(type)]}: ${action}` : action;
}
