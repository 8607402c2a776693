import { can, STAGE_LABELS } from '@itam/domain';
import { type ReactNode, useMemo } from 'react';
import { Link } from 'react-router';
import { type OverviewView, trpc } from '../api/trpc.ts';
import { FindingList } from '../compliance/FindingList.tsx';
import { type AlertSection, findingsOf } from '../compliance/findings.ts';
import { SeatsBar } from '../components/SeatsBar.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { subjectOf } from '../events/subject.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { actionLabel, MAINTENANCE_TYPE_LABELS, TYPE_LABELS } from '../lib/labels.ts';
import { ExpiryChart } from '../overview/ExpiryChart.tsx';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function OverviewPage() {
  useDocumentTitle('Overview');
  const user = useUser();
  if (!can(user, 'compliance.read')) return <NoAccess />;
  return <Overview />;
}

/** Alerts in order of urgency; overdue returns have their own panel. */
const ALERTS: AlertSection[] = [
  'expiredStillAssigned',
  'maintenanceOverdue',
  'deployedWithoutHolder',
  'expiring',
  'warrantiesEnding',
];
const ALERTS_SHOWN = 12;

function Overview() {
  const overview = trpc.compliance.overview.useQuery();
  const data = overview.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="page-sub">
            The inventory at a glance{data ? `, as of ${formatDate(data.today)}` : ''}. Updates as things
            change.
          </p>
        </div>
      </div>
      {overview.isPending ? (
        <Loading label="Loading the overview…" />
      ) : !data ? (
        <ErrorState
          error={overview.error}
          title="The overview could not be loaded."
          onRetry={() => void overview.refetch()}
        />
      ) : (
        <OverviewPanels data={data} />
      )}
    </>
  );
}

function OverviewPanels({ data }: { data: OverviewView }) {
  const findings = useMemo(() => findingsOf(data.report), [data.report]);
  const alerts = ALERTS.flatMap((key) => findings[key]);
  return (
    <div className="overview-grid">
      <Panel id="stages" title={`Assets by stage (${data.totalAssets})`}>
        <ul className="tiles">
          {data.stages.map((s) => (
            <li key={s.stage}>
              <Link
                to={`/assets?stage=${s.stage}`}
                className="tile"
                data-testid="stage-count"
                data-stage={s.stage}
              >
                <span className="tile-count">{s.count}</span>
                <span className="tile-label">{STAGE_LABELS[s.stage]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Panel>

      <Panel id="types" title="Assets by type">
        <ul className="bars">
          {data.types
            .filter((t) => t.count > 0)
            .map((t) => (
              <li key={t.type} data-testid="type-count" data-type={t.type} data-count={t.count}>
                <Link to={`/assets?type=${t.type}`}>{TYPE_LABELS[t.type]}</Link>
                <span className="bar-track" aria-hidden="true">
                  <span
                    className="bar-fill"
                    style={{ width: `${(100 * t.count) / Math.max(1, data.totalAssets)}%` }}
                  />
                </span>
                <span className="bar-value">{t.count}</span>
              </li>
            ))}
        </ul>
      </Panel>

      <Panel id="alerts" title={`Compliance alerts (${alerts.length})`} wide>
        {alerts.length === 0 ? (
          <p className="empty-note">Nothing needs attention.</p>
        ) : (
          <>
            <FindingList findings={alerts.slice(0, ALERTS_SHOWN)} />
            {alerts.length > ALERTS_SHOWN ? (
              <p className="muted">{alerts.length - ALERTS_SHOWN} more in the compliance report.</p>
            ) : null}
          </>
        )}
        <p>
          <Link to="/compliance">The full compliance report</Link>
        </p>
      </Panel>

      <Panel id="expiries" title="License expiries, next 12 months" wide>
        <ExpiryChart months={data.expiriesByMonth} />
      </Panel>

      <Panel id="seats" title="Seats used vs owned">
        {data.topSeats.length === 0 ? (
          <p className="empty-note">No licenses yet.</p>
        ) : (
          <ul className="seat-summary">
            {data.topSeats.map((s) => (
              <li key={s.licenseId} data-testid="top-seat" data-license={s.name}>
                <Link to={`/licenses/${s.licenseId}`}>{s.name}</Link>
                <SeatsBar used={s.used} owned={s.owned} />
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <Panel id="overdue" title={`Overdue returns (${findings.overdueReturns.length})`}>
        {findings.overdueReturns.length === 0 ? (
          <p className="empty-note">Every asset out on loan is within its return date.</p>
        ) : (
          <FindingList findings={findings.overdueReturns.slice(0, ALERTS_SHOWN)} />
        )}
      </Panel>

      <Panel id="maintenance-due" title={`Maintenance due, next 14 days (${data.maintenanceDue.length})`}>
        {data.maintenanceDue.length === 0 ? (
          <p className="empty-note">No maintenance planned for the next 14 days.</p>
        ) : (
          <ul className="finding-list">
            {data.maintenanceDue.map((m) => (
              <li key={m.maintenanceId} data-testid="maintenance-due">
                <Link to={`/assets/${m.assetId}#maintenance`} className="mono">
                  {m.assetTag}
                </Link>
                <span className="finding-fact">{MAINTENANCE_TYPE_LABELS[m.type]}</span>
                <span className="finding-fact">{formatDate(m.scheduledFor)}</span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/maintenance">All maintenance</Link>
        </p>
      </Panel>

      <RecentActivity />
    </div>
  );
}

/** The latest changes from the audit trail. */
function RecentActivity() {
  const user = useUser();
  const events = trpc.events.list.useQuery({ limit: 8 });
  return (
    <Panel id="activity" title="Recent activity" wide>
      {events.isPending ? (
        <Loading label="Loading recent activity…" />
      ) : !events.data ? (
        <ErrorState error={events.error} title="Recent activity could not be loaded." />
      ) : events.data.items.length === 0 ? (
        <Empty title="Nothing has happened yet." />
      ) : (
        <ul className="activity-list">
          {events.data.items.map((event) => {
            const subject = subjectOf(event, { canSeeUsers: can(user, 'user.list') });
            return (
              <li key={event.id} data-testid="activity">
                <time dateTime={event.at} className="muted">
                  {formatDateTime(event.at)}
                </time>{' '}
                <strong>{event.actor ? event.actor.username : 'system'}</strong>{' '}
                {actionLabel(event.action).toLowerCase()}{' '}
                {subject.href ? <Link to={subject.href}>{subject.label}</Link> : subject.label}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <Link to="/events">The audit trail</Link>
      </p>
    </Panel>
  );
}

function Panel({
  id,
  title,
  wide = false,
  children,
}: {
  id: string;
  title: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      className={`panel overview-panel${wide ? ' overview-wide' : ''}`}
      aria-labelledby={`${id}-title`}
      data-testid="overview-panel"
      data-panel={id}
    >
      <h2 id={`${id}-title`} className="overview-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
