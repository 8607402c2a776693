import type { Assignment } from '@itam/domain';
import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../api/trpc.ts';
import type { Person } from '../components/PersonPicker.tsx';
import { AssetFilter, PersonFilter } from '../components/PickerFilter.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { useSearchBox } from '../lib/hooks.ts';
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
  const [q, setQ] = useSearchBox(filters.q, (q) => onChange({ ...filters, q }));

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
        <SearchField
          id="assignment-search"
          placeholder="Tag, name, serial, holder or email…"
          value={q}
          onChange={setQ}
        />
        <PersonFilter
          label="Holder"
          legend="Show the assignments of"
          chosen={holder}
          value={picked?.id === filters.holderId ? picked : null}
          onPick={(person) => {
            setPicked(person);
            onChange({ ...filters, holderId: person?.id ?? null });
          }}
        />
        <AssetFilter
          legend="Show the assignments of"
          value={filters.assetId && assetTag ? { id: filters.assetId, tag: assetTag } : null}
          onPick={(asset) => onChange({ ...filters, assetId: asset?.id ?? null })}
        />
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
