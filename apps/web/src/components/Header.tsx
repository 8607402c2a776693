import { can, scopeOf } from '@itam/domain';
import { useState } from 'react';
import { Link, NavLink } from 'react-router';
import { ROLE_LABELS } from '../lib/labels.ts';
import { ConnectionIndicator } from '../live/LiveUpdates.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useSession, useUser } from '../session/session.tsx';
import { useToast } from './Toasts.tsx';

export function Header() {
  const user = useUser();
  const { signOut } = useSession();
  const toast = useToast();
  const [signingOut, setSigningOut] = useState(false);

  return (
    <header className="header">
      <div className="header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          ITAM
        </Link>
        <nav aria-label="Main" className="nav">
          {/* Only what the role may use. Employees see what they hold; the rest is for IT staff. */}
          {can(user, 'compliance.read') ? <Item to="/overview">Overview</Item> : null}
          {scopeOf(user, 'asset.read') === 'all' ? <Item to="/assets">Assets</Item> : null}
          {scopeOf(user, 'license.read') === 'all' ? <Item to="/licenses">Licenses</Item> : null}
          {scopeOf(user, 'maintenance.read') === 'all' ? <Item to="/maintenance">Maintenance</Item> : null}
          {scopeOf(user, 'assignment.read') === 'all' ? <Item to="/assignments">Assignments</Item> : null}
          {can(user, 'compliance.read') ? <Item to="/compliance">Compliance</Item> : null}
          {can(user, 'event.list') ? <Item to="/events">Audit trail</Item> : null}
          {can(user, 'holdings.read') ? <Item to="/me">My holdings</Item> : null}
          {can(user, 'user.manage') ? <Item to="/users">Users</Item> : null}
          {can(user, 'asset.create') ? <Item to="/import">Import</Item> : null}
          {can(user, 'webhook.manage') ? <Item to="/webhooks">Webhooks</Item> : null}
          {can(user, 'token.manage') ? <Item to="/tokens">API tokens</Item> : null}
        </nav>
        <div className="header-end">
          <ConnectionIndicator />
          <NotificationBell />
          <span className="whoami" data-testid="current-user">
            <span className="whoami-name">{user.username}</span>
            <span className="visually-hidden"> (</span>
            <span className="whoami-role">{ROLE_LABELS[user.role]}</span>
            <span className="visually-hidden">)</span>
          </span>
          <button
            type="button"
            className="button small"
            disabled={signingOut}
            onClick={async () => {
              setSigningOut(true);
              await signOut().catch(() => undefined);
              toast('Signed out.', 'info');
            }}
          >
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}

function Item({ to, children }: { to: string; children: string }) {
  return (
    <NavLink to={to} className="nav-link">
      {children}
    </NavLink>
  );
}
