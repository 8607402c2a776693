import { Suspense, useEffect, useMemo, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { trpc } from '../api/trpc.ts';
import { LiveUpdates } from '../live/LiveUpdates.tsx';
import { pageAt } from '../routes.ts';
import { useSession, useUser } from '../session/session.tsx';
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
        <PreloadPage />
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

/**
 * Starts loading the page at `pathname` (its code and, once the user is known, the data it shows
 * first) when its address is known, not after it has rendered (see `routes.ts`).
 */
export function usePreloadPage(pathname: string): void {
  const user = useUser();
  const utils = trpc.useUtils();
  // In render, not in an effect: a navigation is a transition, so the commit of a page whose
  // code is loading waits for that code, and an effect would ask for the data only after it.
  // Both calls are safe to repeat: the browser keeps the module, React Query shares a fetch in
  // flight and keeps fresh data.
  useMemo(() => {
    const page = pageAt(pathname);
    if (!page) return;
    // A chunk that fails to load fails again, with its error shown, when the page renders.
    void page.load().catch(() => {});
    page.prefetch?.(utils, user);
  }, [pathname, utils, user]);
}

/** The page being opened, loading alongside its code. */
function PreloadPage() {
  usePreloadPage(useLocation().pathname);
  return null;
}
