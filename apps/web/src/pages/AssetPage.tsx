import { can, scopeOf } from '@itam/domain';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/errors.ts';
import { AssetDetails } from '../assets/AssetDetails.tsx';
import { AssignmentPanel } from '../assets/AssignmentPanel.tsx';
import { DeleteAssetButton } from '../assets/DeleteAssetButton.tsx';
import { HistoryList } from '../assets/HistoryList.tsx';
import { TransitionButtons } from '../assets/TransitionButtons.tsx';
import { useAsset } from '../assets/useAsset.ts';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { TYPE_LABELS } from '../lib/labels.ts';
import { MaintenanceSection } from '../maintenance/MaintenanceSection.tsx';
import { useUser } from '../session/session.tsx';
import { AssetNotFound } from './AssetNotFound.tsx';

export function AssetPage() {
  const { id } = useParams();
  const user = useUser();
  const { query, valid } = useAsset(id);
  const asset = query.data;
  useDocumentTitle(asset ? `${asset.tag} ${asset.name}` : 'Asset');

  if (!valid || (query.isError && isNotFound(query.error))) return <AssetNotFound />;
  if (query.isPending) {
    return (
      <>
        <h1 className="visually-hidden">Asset</h1>
        <Loading label="Loading asset…" />
      </>
    );
  }
  if (!asset) {
    return (
      <>
        <h1>Asset</h1>
        <ErrorState
          error={query.error}
          title="The asset could not be loaded."
          onRetry={() => void query.refetch()}
        />
      </>
    );
  }

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        {scopeOf(user, 'asset.read') === 'all' ? (
          <Link to="/assets">Assets</Link>
        ) : (
          <Link to="/me">My holdings</Link>
        )}{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">{asset.tag}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow" data-testid="asset-tag">
            {asset.tag} · {TYPE_LABELS[asset.type]}
          </p>
          <h1 className="asset-title">
            {asset.name} <LifecycleBadge stage={asset.stage} />
          </h1>
        </div>
        <div className="button-row">
          {can(user, 'asset.update') ? (
            <Link to={`/assets/${asset.id}/edit`} className="button">
              Edit
            </Link>
          ) : null}
          <DeleteAssetButton asset={asset} />
        </div>
      </div>

      <div className="asset-layout">
        <div className="asset-main">
          <section className="panel" aria-label="Details">
            <AssetDetails asset={asset} />
          </section>
          <AssignmentPanel asset={asset} />
          <TransitionButtons asset={asset} />
          <MaintenanceSection asset={asset} />
        </div>
        {can(user, 'event.list') ? <HistoryList assetId={asset.id} /> : null}
      </div>
    </>
  );
}
