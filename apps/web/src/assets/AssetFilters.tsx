import { ASSET_STAGES, ASSET_TYPES, isStaff, STAGE_LABELS } from '@itam/domain';
import { trpc } from '../api/trpc.ts';
import { SearchField } from '../components/SearchField.tsx';
import { useSearchBox } from '../lib/hooks.ts';
import { TYPE_LABELS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';
import { type AssetSort, type AssetFilters as Filters, hasFilters, NO_FILTERS } from './filters.ts';

const SORT_LABELS: Record<AssetSort, string> = { created: 'Newest first', tag: 'Tag', name: 'Name' };

/** Search, stage chips, type, holder (staff only) and sort, bound to the URL by the page. */
export function AssetFilters({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const user = useUser();
  const staff = isStaff(user);

  const [q, setQ] = useSearchBox(filters.q, (q) => onChange({ ...filters, q }));

  const toggleStage = (stage: (typeof ASSET_STAGES)[number]) => {
    const stages = filters.stages.includes(stage)
      ? filters.stages.filter((s) => s !== stage)
      : ASSET_STAGES.filter((s) => s === stage || filters.stages.includes(s));
    onChange({ ...filters, stages });
  };

  return (
    <section className="filters" aria-label="Filters">
      <div className="filters-row">
        <SearchField id="asset-search" placeholder="Tag, name, serial, model…" value={q} onChange={setQ} />
        <div className="field">
          <label htmlFor="asset-type">Type</label>
          <select
            id="asset-type"
            value={filters.type ?? ''}
            onChange={(e) => {
              const type = ASSET_TYPES.find((t) => t === e.target.value) ?? null;
              onChange({ ...filters, type });
            }}
          >
            <option value="">All types</option>
            {ASSET_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        {staff ? (
          <HolderSelect
            value={filters.holderId}
            onChange={(holderId) => onChange({ ...filters, holderId })}
          />
        ) : null}
        <div className="field">
          <label htmlFor="asset-sort">Sort</label>
          <select
            id="asset-sort"
            value={filters.sort}
            onChange={(e) => onChange({ ...filters, sort: e.target.value as AssetSort })}
          >
            {(Object.keys(SORT_LABELS) as AssetSort[]).map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="chips">
        <legend>Stage</legend>
        {ASSET_STAGES.map((stage) => (
          <label key={stage} className={`chip stage-${stage}`}>
            <input
              type="checkbox"
              name="stage"
              value={stage}
              checked={filters.stages.includes(stage)}
              onChange={() => toggleStage(stage)}
            />
            <span className="badge-dot" aria-hidden="true" />
            {STAGE_LABELS[stage]}
          </label>
        ))}
        {hasFilters(filters) ? (
          <button
            type="button"
            className="button link"
            onClick={() => {
              setQ('');
              onChange({ ...NO_FILTERS, sort: filters.sort });
            }}
          >
            Clear filters
          </button>
        ) : null}
      </fieldset>
    </section>
  );
}

/** Staff can narrow the table to one person's assets. */
function HolderSelect({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const users = trpc.users.list.useQuery({ limit: 200 }, { staleTime: 60_000 });
  const people = users.data?.items ?? [];
  const known = !value || people.some((u) => u.id === value);
  return (
    <div className="field">
      <label htmlFor="asset-holder">Holder</label>
      <select
        id="asset-holder"
        value={value ?? ''}
        disabled={users.isPending}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">Anyone</option>
        {!known && value ? <option value={value}>Selected person</option> : null}
        {people.map((u) => (
          <option key={u.id} value={u.id}>
            {u.username}
            {u.disabled ? ' (disabled)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
