import type { ReactNode } from 'react';
import type { AssetDetailView } from '../api/trpc.ts';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.ts';
import { CONDITION_LABELS, TYPE_LABELS } from '../lib/labels.ts';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="details-item">
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

/**
 * Every field of the asset, as a description list. Whether the warranty has ended is the server's
 * answer (`warrantyEnded`, on the compliance report's calendar), never this browser's clock.
 */
export function AssetDetails({ asset }: { asset: AssetDetailView }) {
  return (
    <dl className="details" data-testid="asset-details">
      <Item label="Type">{TYPE_LABELS[asset.type]}</Item>
      <Item label="Model">{asset.model}</Item>
      <Item label="Serial number">{asset.serialNumber ? <code>{asset.serialNumber}</code> : null}</Item>
      <Item label="Condition">{CONDITION_LABELS[asset.condition]}</Item>
      <Item label="Location">{asset.location}</Item>
      <Item label="Purchase date">{asset.purchaseDate ? formatDate(asset.purchaseDate) : null}</Item>
      <Item label="Purchase cost">
        {asset.purchaseCost !== null ? formatMoney(asset.purchaseCost) : null}
      </Item>
      <Item label="Warranty end">
        {asset.warrantyEnd ? (
          <>
            {formatDate(asset.warrantyEnd)}
            {asset.warrantyEnded ? <span className="tag-muted"> ended</span> : null}
          </>
        ) : null}
      </Item>
      <Item label="Registered">{formatDateTime(asset.createdAt)}</Item>
      <Item label="Last change">{formatDateTime(asset.updatedAt)}</Item>
      <div className="details-item span-all">
        <dt>Notes</dt>
        <dd className="notes">{asset.notes ?? <span className="muted">—</span>}</dd>
      </div>
    </dl>
  );
}
