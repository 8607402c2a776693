import { STAGE_LABELS } from '@itam/domain';
import { useId, useState } from 'react';
import { trpc } from '../api/trpc.ts';
import { useDebounced } from '../lib/hooks.ts';

export interface PickedAsset {
  id: string;
  tag: string;
}

const SHOWN = 20;

/**
 * Choose one asset (radio buttons) from `assets.list`, with a search box (tag, name, serial,
 * model). Each option is named by its tag, with its name and stage as its description.
 */
export function AssetPicker({
  legend = 'Asset',
  value,
  onChange,
}: {
  legend?: string;
  value: PickedAsset | null;
  onChange: (asset: PickedAsset | null) => void;
}) {
  const id = useId();
  const [q, setQ] = useState('');
  const search = useDebounced(q.trim(), 250);
  const assets = trpc.assets.list.useQuery(
    search ? { q: search, sort: 'tag', limit: SHOWN } : { sort: 'tag', limit: SHOWN },
    { placeholderData: (previous) => previous, staleTime: 30_000 },
  );
  const items = assets.data?.items ?? [];

  return (
    <fieldset className="picker" data-testid="asset-picker">
      <legend>{legend}</legend>
      <input
        type="search"
        aria-label="Search assets"
        placeholder="Search by tag, name or serial…"
        maxLength={200}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-autofocus
      />
      <div className="picker-list" aria-busy={assets.isFetching}>
        {assets.isPending ? (
          <p className="picker-note">Loading assets…</p>
        ) : assets.isError && !assets.data ? (
          <p className="picker-note field-error">The assets could not be loaded.</p>
        ) : items.length === 0 ? (
          <p className="picker-note">Nothing matches “{search}”.</p>
        ) : (
          items.map((asset) => {
            const optionId = `${id}-${asset.id}`;
            return (
              <label key={asset.id} className="picker-option" htmlFor={optionId}>
                <input
                  id={optionId}
                  type="radio"
                  name={`${id}-asset`}
                  value={asset.id}
                  checked={value?.id === asset.id}
                  aria-describedby={`${optionId}-about`}
                  onChange={(e) => onChange(e.target.checked ? { id: asset.id, tag: asset.tag } : null)}
                />
                <span className="picker-name">{asset.tag}</span>
                <span className="picker-about" id={`${optionId}-about`} aria-hidden="true">
                  {asset.name} · {STAGE_LABELS[asset.stage]}
                </span>
              </label>
            );
          })
        )}
      </div>
      {assets.data?.nextCursor ? <p className="picker-note">More assets match: narrow the search.</p> : null}
    </fieldset>
  );
}
