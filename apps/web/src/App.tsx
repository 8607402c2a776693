import { scopeOf } from '@itam/domain';
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout, usePreloadPage } from './components/Layout.tsx';
import { Loading } from './components/States.tsx';
import { ToastProvider } from './components/Toasts.tsx';
import { homeOf } from './lib/home.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage, PAGE_ROUTES, SignUpPage } from './routes.ts';
import { SessionRoot, useUser } from './session/session.tsx';

/**
 * `/` is the start page (the overview for staff, "My holdings" for others). Links made when `/`
 * was the assets table carry its filters in the query string: those still open the table.
 */
function HomeRedirect() {
  const { search } = useLocation();
  const user = useUser();
  const home = homeOf(user);
  const redirected = search && scopeOf(user, 'asset.read') === 'all';
  // The start page's code and data start loading now, with the redirect.
  usePreloadPage(redirected ? '/assets' : home.path);
  if (redirected) return <Navigate to={{ pathname: '/assets', search }} replace />;
  return <Navigate to={home.path} replace />;
}

export function App() {
  return (
    <BrowserRouter>
      <ToastProvider>
        <SessionRoot>
          <Suspense fallback={<Loading label="Loading page…" />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/signup" element={<SignUpPage.Component />} />
              <Route element={<Layout />}>
                <Route index element={<HomeRedirect />} />
                {PAGE_ROUTES.map(({ path, page: { Component } }) => (
                  <Route key={path} path={path} element={<Component />} />
                ))}
                <Route path="*" element={<NotFoundPage.Component />} />
              </Route>
            </Routes>
          </Suspense>
        </SessionRoot>
      </ToastProvider>
    </BrowserRouter>
  );
}
