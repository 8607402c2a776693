import type { Assignment } from '@itam/domain';
import { skipToken } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { trpc } from '../api/trpc.ts';
import { AssetPicker } from '../components/AssetPicker.tsx';
import { type Person, PersonPicker } from '../components/PersonPicker.tsx';
import { useDebounced, useDismissOutside } from '../lib/hooks.ts';
import {
  type AssignmentState,
  type AssignmentFilters as Filters,
  hasAssignmentFilters,
  NO_ASSIGNMENT_FILTERS,
} from './filters.ts';

const STATE_LABELS: Record<AssignmentState, string> = {
  open: 'Checked out now',
  overdue: 'Overdue',
  closed: 'Returned',
  all: 'All',
};

/** Search, holder and asset pickers, and the state chips, bound to the URL by the page. */
export function AssignmentFilters({
  filters,
  rows,
  onChange,
}: {
  filters: Filters;
  /** The rows shown, which name the chosen holder and asset when they were not picked here. */
  rows: readonly Assignment[];
  onChange: (next: Filters) => void;
}) {
  // The search box is typed into locally and reaches the URL once typing pauses.
  const [q, setQ] = useState(filters.q);
  const settledQ = useDebounced(q, 300);
  useEffect(() => {
    if (settledQ.trim() !== filters.q.trim()) onChange({ ...filters, q: settledQ });
    // Only a settled change of the box writes the URL; `filters` is read here, not watched.
  }, [settledQ]);
  // Back/forward or "Clear filters" change the URL: show it in the box.
  useEffect(() => {
    setQ((current) => (current.trim() === filters.q.trim() ? current : filters.q));
  }, [filters.q]);

  const [picked, setPicked] = useState<Person | null>(null);
  const holder = filters.holderId
    ? ((picked?.id === filters.holderId ? picked.username : undefined) ??
      rows.find((r) => r.user.id === filters.holderId)?.user.username ??
      'one person')
    : null;
  const asset = trpc.assets.get.useQuery(filters.assetId ? { id: filters.assetId } : skipToken, {
    staleTime: 60_000,
  });
  const assetTag = filters.assetId
    ? (asset.data?.tag ?? rows.find((r) => r.asset.id === filters.assetId)?.asset.tag ?? 'one asset')
    : null;

  return (
    <section className="filters" aria-label="Filters">
      <div className="filters-row" data-testid="assignment-narrowed">
        <div className="field field-search">
          <label htmlFor="assignment-search">Search</label>
          <input
            id="assignment-search"
            type="search"
            placeholder="Tag, name, serial, holder or email…"
            maxLength={200}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <PickerFilter
          label="Holder"
          none="anyone"
          chosen={holder}
          onClear={() => onChange({ ...filters, holderId: null })}
        >
          {(close) => (
            <PersonPicker
              legend="Show the assignments of"
              value={picked?.id === filters.holderId ? picked : null}
              onChange={(person) => {
                setPicked(person);
                onChange({ ...filters, holderId: person?.id ?? null });
                close();
              }}
            />
          )}
        </PickerFilter>
        <PickerFilter
          label="Asset"
          none="any"
          chosen={assetTag}
          onClear={() => onChange({ ...filters, assetId: null })}
        >
          {(close) => (
            <AssetPicker
              legend="Show the assignments of"
              value={filters.assetId && assetTag ? { id: filters.assetId, tag: assetTag } : null}
              onChange={(picked) => {
                onChange({ ...filters, assetId: picked?.id ?? null });
                close();
              }}
            />
          )}
        </PickerFilter>
      </div>
      <fieldset className="chips">
        <legend>Show</legend>
        {(Object.keys(STATE_LABELS) as AssignmentState[]).map((state) => (
          <label key={state} className={state === 'overdue' ? 'chip chip-overdue' : 'chip'}>
            <input
              type="radio"
              name="state"
              value={state}
              checked={filters.state === state}
              onChange={() => onChange({ ...filters, state })}
            />
            {STATE_LABELS[state]}
          </label>
        ))}
        {hasAssignmentFilters(filters) ? (
          <button
            type="button"
            className="button link"
            onClick={() => {
              setQ('');
              onChange({ ...NO_ASSIGNMENT_FILTERS, sort: filters.sort, order: filters.order });
            }}
          >
            Clear filters
          </button>
        ) : null}
      </fieldset>
    </section>
  );
}

/**
 * A filter chosen in a picker that opens below its button ("Holder: anyone"); the choice, once
 * made, has a button that removes it. Escape closes the picker and returns to its button; a click
 * or the focus outside closes it too.
 */
function PickerFilter({
  label,
  none,
  chosen,
  onClear,
  children,
}: {
  label: string;
  /** What the button says while nothing is chosen. */
  none: string;
  chosen: string | null;
  onClear: () => void;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const summary = useRef<HTMLElement>(null);
  const container = useRef<HTMLDivElement>(null);
  useDismissOutside(container, open, () => setOpen(false));
  return (
    <div className="field picker-filter" ref={container}>
      <details
        className="popover"
        open={open}
        onToggle={(e) => setOpen(e.currentTarget.open)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !open) return;
          setOpen(false);
          summary.current?.focus();
        }}
      >
        <summary className="button" ref={summary}>
          {label}: {chosen ?? none}
        </summary>
        {open ? <div className="popover-panel">{children(() => setOpen(false))}</div> : null}
      </details>
      {chosen ? (
        <button
          type="button"
          className="picker-chip-remove"
          aria-label={`Remove the filter ${label.toLowerCase()} ${chosen}`}
          onClick={onClear}
        >
          ×
        </button>
      ) : null}
    </div>
  );
}
