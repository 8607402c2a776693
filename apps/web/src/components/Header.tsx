import { useState } from 'react';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../lib/labels.ts';
import { ConnectionIndicator } from '../live/LiveUpdates.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useSession, useUser } from '../session/session.tsx';
import { MainNav } from './MainNav.tsx';
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
          <span className="brand-name">ITAM</span>
        </Link>
        <MainNav />
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
