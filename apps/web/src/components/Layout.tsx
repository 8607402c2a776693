import { Suspense, useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { LiveUpdates } from '../live/LiveUpdates.tsx';
import { useSession } from '../session/session.tsx';
import { Header } from './Header.tsx';
import { Loading } from './States.tsx';

/** The signed-in frame: header, live updates, and the page. Signed-out visitors go to /login. */
export function Layout() {
  const { user, signedOutOnPurpose } = useSession();
  const location = useLocation();
  if (!user) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={signedOutOnPurpose ? null : { from }} />;
  }
  return (
    <LiveUpdates>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <FocusOnNavigate />
        {/* Pages are loaded on first visit: the header stays while one arrives. */}
        <Suspense fallback={<Loading label="Loading page…" />}>
          <Outlet />
        </Suspense>
      </main>
    </LiveUpdates>
  );
}

/** After moving to another page, put keyboard and screen-reader focus on its heading. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('#main h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
  }, [pathname]);
  return null;
}
