import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { AssetView } from '../api/trpc.ts';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { TYPE_LABELS } from '../lib/labels.ts';

/** Row checkboxes for bulk actions (staff): which rows are ticked, and how to tick them. */
export interface Selection {
  selected: ReadonlySet<string>;
  toggle(asset: AssetView, on: boolean): void;
  toggleAll(assets: readonly AssetView[], on: boolean): void;
}

/** One row per asset; the tag links to the asset's page, and the link's hit area covers the row. */
export function AssetTable({
  assets,
  busy,
  selection,
}: {
  assets: readonly AssetView[];
  busy: boolean;
  selection?: Selection;
}) {
  return (
    <TableFrame label="Assets">
      <table
        className={`table asset-table${selection ? ' selectable' : ''}`}
        data-testid="asset-table"
        aria-busy={busy}
      >
        <caption className="visually-hidden">Assets</caption>
        <thead>
          <tr>
            {selection ? (
              <th scope="col" className="cell-select">
                <SelectAll assets={assets} selection={selection} />
              </th>
            ) : null}
            <th scope="col">Tag</th>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Stage</th>
            <th scope="col">Holder</th>
            <th scope="col">Location</th>
          </tr>
        </thead>
        <tbody>
          {assets.map((asset) => (
            <tr
              key={asset.id}
              data-testid="asset-row"
              data-tag={asset.tag}
              data-selected={selection ? selection.selected.has(asset.id) : undefined}
            >
              {selection ? (
                <td className="cell-select">
                  <input
                    type="checkbox"
                    aria-label={`Select ${asset.tag}`}
                    checked={selection.selected.has(asset.id)}
                    onChange={(e) => selection.toggle(asset, e.target.checked)}
                  />
                </td>
              ) : null}
              <th scope="row" className="cell-tag">
                <Link to={`/assets/${asset.id}`} className="row-link">
                  {asset.tag}
                </Link>
              </th>
              <td className="cell-name">
                <span className="cell-main">{asset.name}</span>
                {asset.model && asset.model !== asset.name ? (
                  <span className="cell-sub">{asset.model}</span>
                ) : null}
              </td>
              <td className="cell-type">{TYPE_LABELS[asset.type]}</td>
              <td className="cell-stage">
                <LifecycleBadge stage={asset.stage} />
              </td>
              {asset.holder ? (
                <td className="cell-holder">{asset.holder.username}</td>
              ) : (
                <td className="cell-holder cell-nobody">
                  <span className="muted">—</span>
                </td>
              )}
              <td className="cell-location">{asset.location ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

/** Ticks every row shown, or none; half-ticked when some are. */
function SelectAll({ assets, selection }: { assets: readonly AssetView[]; selection: Selection }) {
  const ref = useRef<HTMLInputElement>(null);
  const ticked = assets.filter((a) => selection.selected.has(a.id)).length;
  const all = assets.length > 0 && ticked === assets.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = ticked > 0 && !all;
  }, [ticked, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all shown"
      checked={all}
      onChange={(e) => selection.toggleAll(assets, e.target.checked)}
    />
  );
}
