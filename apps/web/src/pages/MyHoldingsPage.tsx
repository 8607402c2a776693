import { Link } from 'react-router';
import { type HoldingsView, trpc } from '../api/trpc.ts';
import { ExpectedReturn } from '../components/ExpectedReturn.tsx';
import { ExpiryBadge } from '../components/ExpiryBadge.tsx';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { formatDate } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { TYPE_LABELS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';

/** What the signed-in person holds: hardware and license seats. Updates live, like every page. */
export function MyHoldingsPage() {
  useDocumentTitle('My holdings');
  const user = useUser();
  const holdings = trpc.me.holdings.useQuery();
  const data = holdings.data;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>My holdings</h1>
          <p className="page-sub">The hardware and software checked out to you, {user.username}.</p>
        </div>
      </div>
      {holdings.isPending ? (
        <Loading label="Loading what you hold…" />
      ) : !data ? (
        <ErrorState
          error={holdings.error}
          title="Your holdings could not be loaded."
          onRetry={() => void holdings.refetch()}
        />
      ) : (
        <div className="holdings" aria-busy={holdings.isFetching}>
          <HeldAssets data={data} />
          <HeldSeats data={data} />
        </div>
      )}
    </>
  );
}

function HeldAssets({ data }: { data: HoldingsView }) {
  const byAsset = new Map(data.assignments.map((a) => [a.asset.id, a]));
  return (
    <section className="panel" aria-labelledby="held-assets-title" data-testid="held-assets">
      <h2 id="held-assets-title" className="section-title">
        Hardware ({data.assets.length})
      </h2>
      {data.assets.length === 0 ? (
        <p className="empty-note">You hold no hardware.</p>
      ) : (
        <TableFrame label="Assets you hold" flat>
          <table className="table holdings-table">
            <caption className="visually-hidden">Hardware you hold</caption>
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Name</th>
                <th scope="col">Stage</th>
                <th scope="col">Since</th>
                <th scope="col">Expected return</th>
              </tr>
            </thead>
            <tbody>
              {data.assets.map((asset) => {
                const assignment = byAsset.get(asset.id);
                return (
                  <tr key={asset.id} data-testid="holding-asset" data-tag={asset.tag}>
                    <th scope="row" className="cell-tag">
                      <Link to={`/assets/${asset.id}`}>{asset.tag}</Link>
                    </th>
                    <td>
                      <span className="cell-main">{asset.name}</span>
                      <span className="cell-sub">{TYPE_LABELS[asset.type]}</span>
                    </td>
                    <td>
                      <LifecycleBadge stage={asset.stage} />
                    </td>
                    <td>{assignment ? formatDate(assignment.startedAt.slice(0, 10)) : '—'}</td>
                    <td>
                      {assignment ? (
                        <ExpectedReturn date={assignment.expectedReturn} overdue={assignment.overdue} />
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFrame>
      )}
    </section>
  );
}

function HeldSeats({ data }: { data: HoldingsView }) {
  return (
    <section className="panel" aria-labelledby="held-seats-title" data-testid="held-seats">
      <h2 id="held-seats-title" className="section-title">
        Software licenses ({data.seats.length})
      </h2>
      {data.seats.length === 0 ? (
        <p className="empty-note">You hold no license seats.</p>
      ) : (
        <TableFrame label="License seats you hold" flat>
          <table className="table holdings-table">
            <caption className="visually-hidden">License seats you hold</caption>
            <thead>
              <tr>
                <th scope="col">Software</th>
                <th scope="col">Vendor</th>
                <th scope="col">Since</th>
                <th scope="col">Expiry</th>
              </tr>
            </thead>
            <tbody>
              {data.seats.map(({ seat, license }) => (
                <tr key={seat.id} data-testid="holding-seat" data-license={license.name}>
                  <th scope="row" className="cell-main">
                    {license.name}
                  </th>
                  <td>{license.vendor ?? <span className="muted">—</span>}</td>
                  <td>{formatDate(seat.assignedAt.slice(0, 10))}</td>
                  <td>
                    <ExpiryBadge license={license} withDate />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </section>
  );
}
