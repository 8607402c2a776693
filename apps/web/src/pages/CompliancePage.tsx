import { can, EXPIRY_WINDOWS, WARRANTY_WINDOW_DAYS } from '@itam/domain';
import { type ReactNode, useMemo } from 'react';
import { Link } from 'react-router';
import { type ComplianceView, trpc } from '../api/trpc.ts';
import { FindingList } from '../compliance/FindingList.tsx';
import { type AlertSection, findingsOf } from '../compliance/findings.ts';
import { SeatsBar } from '../components/SeatsBar.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
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
const EMPTY: Record<AlertSection, string> = {
  expiredStillAssigned: 'No expired license has seats assigned.',
  expiring: 'No license expires within 30 days.',
  overdueReturns: 'Every asset out on loan is within its return date.',
  deployedWithoutHolder: 'Every deployed asset has a holder.',
  warrantiesEnding: `No warranty ends within ${WARRANTY_WINDOW_DAYS} days.`,
  maintenanceOverdue: 'No planned maintenance is past its date.',
};
const ALERTS: AlertSection[] = [
  'expiredStillAssigned',
  'expiring',
  'overdueReturns',
  'deployedWithoutHolder',
  'warrantiesEnding',
  'maintenanceOverdue',
];
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
  const findings = useMemo(() => (data ? findingsOf(data) : null), [data]);

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
      ) : !data || !findings ? (
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
            {ALERTS.map((key) =>
              key === 'expiring' ? (
                <Section key={key} id={key} count={findings.expiring.length} empty={EMPTY[key]}>
                  {EXPIRY_WINDOWS.map((window) => {
                    const items = findings.expiring.filter((f) => f.window === window);
                    return (
                      <div key={window} className="finding-group" data-window={window}>
                        <h3>
                          Within {days(window)} ({items.length})
                        </h3>
                        {items.length === 0 ? (
                          <p className="muted">None.</p>
                        ) : (
                          <FindingList findings={items} />
                        )}
                      </div>
                    );
                  })}
                </Section>
              ) : (
                <Section key={key} id={key} count={findings[key].length} empty={EMPTY[key]}>
                  <FindingList findings={findings[key]} />
                </Section>
              ),
            )}

            <Section id="seats" count={data.seats.length} empty="No licenses yet.">
              <TableFrame label="Seats per license" flat>
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
              </TableFrame>
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
