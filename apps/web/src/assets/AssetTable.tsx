import { Link } from 'react-router';
import type { AssetView } from '../api/trpc.ts';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { TYPE_LABELS } from '../lib/labels.ts';

/** One row per asset; the tag links to the asset's page, and the link's hit area covers the row. */
export function AssetTable({ assets, busy }: { assets: readonly AssetView[]; busy: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table asset-table" data-testid="asset-table" aria-busy={busy}>
        <caption className="visually-hidden">Assets</caption>
        <thead>
          <tr>
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
            <tr key={asset.id} data-testid="asset-row" data-tag={asset.tag}>
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
              <td>{TYPE_LABELS[asset.type]}</td>
              <td>
                <LifecycleBadge stage={asset.stage} />
              </td>
              {asset.holder ? (
                <td>{asset.holder.username}</td>
              ) : (
                <td className="cell-nobody">
                  <span className="muted">—</span>
                </td>
              )}
              <td>{asset.location ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
