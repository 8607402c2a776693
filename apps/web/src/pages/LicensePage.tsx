import { can } from '@itam/domain';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/errors.ts';
import { ExpiryBadge } from '../components/ExpiryBadge.tsx';
import { SeatsBar } from '../components/SeatsBar.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { AssignSeatDialog } from '../licenses/AssignSeatDialog.tsx';
import { DeleteLicenseButton } from '../licenses/DeleteLicenseButton.tsx';
import { ProductKey } from '../licenses/ProductKey.tsx';
import { SeatList } from '../licenses/SeatList.tsx';
import { useLicense } from '../licenses/useLicense.ts';
import { useUser } from '../session/session.tsx';
import { LicenseNotFound } from './LicenseNotFound.tsx';

function Item({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`details-item${wide ? ' span-all' : ''}`}>
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

export function LicensePage() {
  const { id } = useParams();
  const user = useUser();
  const { query, valid } = useLicense(id);
  const [assigning, setAssigning] = useState<'one' | 'many' | null>(null);
  const license = query.data?.license;
  useDocumentTitle(license ? license.name : 'License');

  if (!valid || (query.isError && isNotFound(query.error))) return <LicenseNotFound />;
  if (query.isPending) {
    return (
      <>
        <h1 className="visually-hidden">License</h1>
        <Loading label="Loading license…" />
      </>
    );
  }
  if (!license || !query.data) {
    return (
      <>
        <h1>License</h1>
        <ErrorState
          error={query.error}
          title="The license could not be loaded."
          onRetry={() => void query.refetch()}
        />
      </>
    );
  }

  const { seats } = query.data;
  const manage = can(user, 'license.manage');
  const full = license.seatsUsed >= license.seats;
  // The server's verdict, as assigning a seat is refused on the server's calendar day.
  const cannotAssign = license.expired
    ? 'The license has expired: renew it (set a later expiry date) before assigning seats.'
    : full
      ? 'Every seat is in use: release one, or raise the number of seats.'
      : null;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        {manage ? <Link to="/licenses">Licenses</Link> : <Link to="/me">My holdings</Link>}{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">{license.name}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">{license.vendor ?? 'License'}</p>
          <h1 className="asset-title">
            {license.name} <ExpiryBadge license={license} />
          </h1>
        </div>
        {manage ? (
          <div className="button-row">
            <Link to={`/licenses/${license.id}/edit`} className="button">
              Edit
            </Link>
            <DeleteLicenseButton license={license} />
          </div>
        ) : null}
      </div>

      <div className="license-layout">
        <section className="panel" aria-label="Details">
          <dl className="details" data-testid="license-details">
            <Item label="Seats">
              <SeatsBar used={license.seatsUsed} owned={license.seats} />
            </Item>
            <Item label="Expiry date">
              {license.expiryDate ? formatDate(license.expiryDate) : <span className="muted">Never</span>}
            </Item>
            <Item label="Vendor">{license.vendor}</Item>
            <Item label="Purchase date">
              {license.purchaseDate ? formatDate(license.purchaseDate) : null}
            </Item>
            <Item label="Purchase cost">
              {license.purchaseCost !== null ? formatMoney(license.purchaseCost) : null}
            </Item>
            <Item label="Renewal cost">
              {license.renewalCost !== null ? formatMoney(license.renewalCost) : null}
            </Item>
            {'productKey' in license ? (
              <Item label="Product key" wide>
                <ProductKey value={license.productKey} />
              </Item>
            ) : null}
            <Item label="Renewal notes" wide>
              {license.renewalNotes ? <span className="notes">{license.renewalNotes}</span> : null}
            </Item>
            <Item label="Added">{formatDateTime(license.createdAt)}</Item>
            <Item label="Last change">{formatDateTime(license.updatedAt)}</Item>
          </dl>
        </section>

        <section className="panel" aria-labelledby="seats-title" data-testid="seats-section">
          <div className="section-head">
            <h2 id="seats-title" className="section-title">
              {manage ? `Seats (${seats.length} of ${license.seats})` : 'Your seat'}
            </h2>
            {manage ? (
              <div className="button-row">
                <button
                  type="button"
                  className="button primary"
                  disabled={cannotAssign !== null}
                  aria-describedby={cannotAssign ? 'assign-blocked' : undefined}
                  onClick={() => setAssigning('one')}
                >
                  Assign seat
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={cannotAssign !== null}
                  aria-describedby={cannotAssign ? 'assign-blocked' : undefined}
                  onClick={() => setAssigning('many')}
                >
                  Assign seats
                </button>
              </div>
            ) : null}
          </div>
          {manage && cannotAssign ? (
            <p id="assign-blocked" className="field-hint">
              {cannotAssign}
            </p>
          ) : null}
          <SeatList license={license} seats={seats} />
        </section>
      </div>
      {assigning ? (
        <AssignSeatDialog
          license={license}
          seats={seats}
          multiple={assigning === 'many'}
          onClose={() => setAssigning(null)}
        />
      ) : null}
    </>
  );
}
