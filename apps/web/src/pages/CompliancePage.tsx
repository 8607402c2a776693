import { can, EXPIRY_WINDOWS, WARRANTY_WINDOW_DAYS } from '@itam/domain';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type ComplianceView, trpc } from '../api/trpc.ts';
import { SeatsBar } from '../components/SeatsBar.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { relativeDays } from '../lib/expiry.ts';
import { formatDate } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function CompliancePage() {
  useDocumentTitle('Compliance');
  const user = useUser();
  if (!can(user, 'compliance.read')) return <NoAccess />;
  return <Compliance />;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Each finding of the report, as a section: the title carries the count. */
type Key = Exclude<keyof ComplianceView, 'today'>;
const TITLES: Record<Key, string> = {
  seats: 'Seats used vs owned',
  expiredStillAssigned: 'Expired licenses still assigned',
  expiring: 'Licenses expiring within 30 days',
  overdueReturns: 'Overdue returns',
  deployedWithoutHolder: 'Deployed assets without a holder',
  warrantiesEnding: `Warranties ending within ${WARRANTY_WINDOW_DAYS} days`,
  maintenanceOverdue: 'Overdue maintenance',
};
const ORDER: Key[] = [
  'expiredStillAssigned',
  'expiring',
  'overdueReturns',
  'deployedWithoutHolder',
  'warrantiesEnding',
  'maintenanceOverdue',
  'seats',
];

function Compliance() {
  const report = trpc.compliance.report.useQuery();
  const data = report.data;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Compliance</h1>
          <p className="page-sub">
            What needs attention{data ? `, as of ${formatDate(data.today)}` : ''}. Updates as things change.
          </p>
        </div>
      </div>
      {report.isPending ? (
        <Loading label="Loading the compliance report…" />
      ) : !data ? (
        <ErrorState
          error={report.error}
          title="The compliance report could not be loaded."
          onRetry={() => void report.refetch()}
        />
      ) : (
        <>
          <nav className="summary" aria-label="Findings">
            <ul>
              {ORDER.map((key) => {
                const count = data[key].length;
                const attention = key !== 'seats' && count > 0;
                return (
                  <li key={key}>
                    <a href={`#${key}`} className={`summary-item${attention ? ' summary-attention' : ''}`}>
                      <span className="summary-count">{count}</span>
                      <span className="summary-label">{TITLES[key]}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="compliance-sections">
            <Section
              id="expiredStillAssigned"
              count={data.expiredStillAssigned.length}
              empty="No expired license has seats assigned."
            >
              <ul className="finding-list">
                {data.expiredStillAssigned.map((l) => (
                  <li key={l.licenseId} data-testid="finding">
                    <Link to={`/licenses/${l.licenseId}`}>{l.name}</Link>
                    <span className="finding-fact finding-bad">Expired {formatDate(l.expiryDate)}</span>
                    <span className="finding-fact">
                      {l.used} {l.used === 1 ? 'seat' : 'seats'} still assigned
                    </span>
                  </li>
                ))}
              </ul>
            </Section>

            <Section id="expiring" count={data.expiring.length} empty="No license expires within 30 days.">
              {EXPIRY_WINDOWS.map((window) => {
                const items = data.expiring.filter((l) => l.window === window);
                return (
                  <div key={window} className="finding-group" data-window={window}>
                    <h3>
                      Within {days(window)} ({items.length})
                    </h3>
                    {items.length === 0 ? (
                      <p className="muted">None.</p>
                    ) : (
                      <ul className="finding-list">
                        {items.map((l) => (
                          <li key={l.licenseId} data-testid="finding">
                            <Link to={`/licenses/${l.licenseId}`}>{l.name}</Link>
                            <span className={`finding-fact expiring-${window}-text`}>
                              Expires {relativeDays(l.daysLeft)}
                            </span>
                            <span className="finding-fact">{formatDate(l.expiryDate)}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                );
              })}
            </Section>

            <Section
              id="overdueReturns"
              count={data.overdueReturns.length}
              empty="Every asset out on loan is within its return date."
            >
              <ul className="finding-list">
                {data.overdueReturns.map((a) => (
                  <li key={a.assignmentId} data-testid="finding">
                    <Link to={`/assets/${a.assetId}`} className="mono">
                      {a.assetTag}
                    </Link>
                    <span className="finding-fact">held by {a.username}</span>
                    <span className="finding-fact finding-bad">
                      {days(a.daysOverdue)} overdue (due {formatDate(a.expectedReturn)})
                    </span>
                  </li>
                ))}
              </ul>
            </Section>

            <Section
              id="deployedWithoutHolder"
              count={data.deployedWithoutHolder.length}
              empty="Every deployed asset has a holder."
            >
              <ul className="finding-list">
                {data.deployedWithoutHolder.map((a) => (
                  <li key={a.assetId} data-testid="finding">
                    <Link to={`/assets/${a.assetId}`} className="mono">
                      {a.tag}
                    </Link>
                    <span className="finding-fact">{a.name}</span>
                  </li>
                ))}
              </ul>
            </Section>

            <Section
              id="warrantiesEnding"
              count={data.warrantiesEnding.length}
              empty={`No warranty ends within ${WARRANTY_WINDOW_DAYS} days.`}
            >
              <ul className="finding-list">
                {data.warrantiesEnding.map((a) => (
                  <li key={a.assetId} data-testid="finding">
                    <Link to={`/assets/${a.assetId}`} className="mono">
                      {a.tag}
                    </Link>
                    <span className="finding-fact">Warranty ends {relativeDays(a.daysLeft)}</span>
                    <span className="finding-fact">{formatDate(a.warrantyEnd)}</span>
                  </li>
                ))}
              </ul>
            </Section>

            <Section
              id="maintenanceOverdue"
              count={data.maintenanceOverdue.length}
              empty="No planned maintenance is past its date."
            >
              <ul className="finding-list">
                {data.maintenanceOverdue.map((m) => (
                  <li key={m.maintenanceId} data-testid="finding">
                    <Link to={`/assets/${m.assetId}#maintenance`} className="mono">
                      {m.assetTag}
                    </Link>
                    <span className="finding-fact finding-bad">
                      {days(m.daysOverdue)} overdue (planned for {formatDate(m.scheduledFor)})
                    </span>
                  </li>
                ))}
              </ul>
            </Section>

            <Section id="seats" count={data.seats.length} empty="No licenses yet.">
              <div className="table-wrap flat">
                <table className="table" data-testid="seats-table">
                  <caption className="visually-hidden">Seats used vs owned, per license</caption>
                  <thead>
                    <tr>
                      <th scope="col">License</th>
                      <th scope="col">Seats used</th>
                      <th scope="col">Free</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.seats.map((l) => (
                      <tr key={l.licenseId}>
                        <th scope="row" className="cell-main">
                          <Link to={`/licenses/${l.licenseId}`}>{l.name}</Link>
                        </th>
                        <td>
                          <SeatsBar used={l.used} owned={l.owned} />
                        </td>
                        <td className={l.free === 0 ? 'finding-full' : undefined}>{l.free}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
          </div>
        </>
      )}
    </>
  );
}

function Section({
  id,
  count,
  empty,
  children,
}: {
  id: Key;
  count: number;
  empty: string;
  children: ReactNode;
}) {
  return (
    <section
      className="panel compliance-section"
      id={id}
      aria-labelledby={`${id}-title`}
      data-testid="compliance-section"
      data-section={id}
      data-count={count}
    >
      <h2 id={`${id}-title`} className="compliance-title">
        {TITLES[id]} <span className="count">({count})</span>
      </h2>
      {count === 0 ? <p className="empty-note">{empty}</p> : children}
    </section>
  );
}
