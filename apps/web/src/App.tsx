import { scopeOf } from '@itam/domain';
import { type ComponentType, lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/States.tsx';
import { ToastProvider } from './components/Toasts.tsx';
import { homeOf } from './lib/home.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { SessionRoot, useUser } from './session/session.tsx';

/*
 * Each page is its own chunk, loaded when first visited, so the first page's JavaScript stays
 * within its budget (see `scripts/check-budget.mjs`). Only the sign-in page, where every visit
 * starts, is in the entry chunk.
 */
function page<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
const AssetPage = page(() => import('./pages/AssetPage.tsx'), 'AssetPage');
const AssetsPage = page(() => import('./pages/AssetsPage.tsx'), 'AssetsPage');
const AuditTrailPage = page(() => import('./pages/AuditTrailPage.tsx'), 'AuditTrailPage');
const CompliancePage = page(() => import('./pages/CompliancePage.tsx'), 'CompliancePage');
const EditAssetPage = page(() => import('./pages/EditAssetPage.tsx'), 'EditAssetPage');
const EditLicensePage = page(() => import('./pages/EditLicensePage.tsx'), 'EditLicensePage');
const LicensePage = page(() => import('./pages/LicensePage.tsx'), 'LicensePage');
const LicensesPage = page(() => import('./pages/LicensesPage.tsx'), 'LicensesPage');
const MaintenancePage = page(() => import('./pages/MaintenancePage.tsx'), 'MaintenancePage');
const MyHoldingsPage = page(() => import('./pages/MyHoldingsPage.tsx'), 'MyHoldingsPage');
const NewAssetPage = page(() => import('./pages/NewAssetPage.tsx'), 'NewAssetPage');
const NewLicensePage = page(() => import('./pages/NewLicensePage.tsx'), 'NewLicensePage');
const OverviewPage = page(() => import('./pages/OverviewPage.tsx'), 'OverviewPage');
const NotFoundPage = page(() => import('./pages/NotFoundPage.tsx'), 'NotFoundPage');
const SignUpPage = page(() => import('./pages/SignUpPage.tsx'), 'SignUpPage');
const UsersPage = page(() => import('./pages/UsersPage.tsx'), 'UsersPage');
const ImportPage = page(() => import('./pages/ImportPage.tsx'), 'ImportPage');
const ApiTokensPage = page(() => import('./pages/ApiTokensPage.tsx'), 'ApiTokensPage');
const WebhooksPage = page(() => import('./webhooks/WebhooksPage.tsx'), 'WebhooksPage');
const AssignmentsPage = page(() => import('./pages/AssignmentsPage.tsx'), 'AssignmentsPage');

/**
 * `/` is the start page (the overview for staff, "My holdings" for others). Links made when `/`
 * was the assets table carry its filters in the query string: those still open the table.
 */
function HomeRedirect() {
  const { search } = useLocation();
  const user = useUser();
  const home = homeOf(user);
  if (search && scopeOf(user, 'asset.read') === 'all')
    return <Navigate to={{ pathname: '/assets', search }} replace />;
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
              <Route path="/signup" element={<SignUpPage />} />
              <Route element={<Layout />}>
                <Route index element={<HomeRedirect />} />
                <Route path="overview" element={<OverviewPage />} />
                <Route path="assets" element={<AssetsPage />} />
                <Route path="assets/new" element={<NewAssetPage />} />
                <Route path="assets/:id" element={<AssetPage />} />
                <Route path="assets/:id/edit" element={<EditAssetPage />} />
                <Route path="licenses" element={<LicensesPage />} />
                <Route path="licenses/new" element={<NewLicensePage />} />
                <Route path="licenses/:id" element={<LicensePage />} />
                <Route path="licenses/:id/edit" element={<EditLicensePage />} />
                <Route path="maintenance" element={<MaintenancePage />} />
                <Route path="assignments" element={<AssignmentsPage />} />
                <Route path="compliance" element={<CompliancePage />} />
                <Route path="events" element={<AuditTrailPage />} />
                <Route path="me" element={<MyHoldingsPage />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="webhooks" element={<WebhooksPage />} />
                <Route path="import" element={<ImportPage />} />
                <Route path="tokens" element={<ApiTokensPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </Suspense>
        </SessionRoot>
      </ToastProvider>
    </BrowserRouter>
  );
}
