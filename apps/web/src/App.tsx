import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { ToastProvider } from './components/Toasts.tsx';
import { homeOf } from './lib/home.ts';
import { ApiTokensPage } from './pages/ApiTokensPage.tsx';
import { AssetPage } from './pages/AssetPage.tsx';
import { AssetsPage } from './pages/AssetsPage.tsx';
import { AuditTrailPage } from './pages/AuditTrailPage.tsx';
import { CompliancePage } from './pages/CompliancePage.tsx';
import { EditAssetPage } from './pages/EditAssetPage.tsx';
import { EditLicensePage } from './pages/EditLicensePage.tsx';
import { LicensePage } from './pages/LicensePage.tsx';
import { LicensesPage } from './pages/LicensesPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MaintenancePage } from './pages/MaintenancePage.tsx';
import { MyHoldingsPage } from './pages/MyHoldingsPage.tsx';
import { NewAssetPage } from './pages/NewAssetPage.tsx';
import { NewLicensePage } from './pages/NewLicensePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { SessionRoot, useUser } from './session/session.tsx';

/** `/` is the assets table for staff (keeping any filters in the query string), "My holdings" for others. */
function HomeRedirect() {
  const { search } = useLocation();
  const home = homeOf(useUser());
  return <Navigate to={{ pathname: home.path, search: home.path === '/assets' ? search : '' }} replace />;
}

export function App() {
  return (
    <BrowserRouter>
      <ToastProvider>
        <SessionRoot>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/signup" element={<SignUpPage />} />
            <Route element={<Layout />}>
              <Route index element={<HomeRedirect />} />
              <Route path="assets" element={<AssetsPage />} />
              <Route path="assets/new" element={<NewAssetPage />} />
              <Route path="assets/:id" element={<AssetPage />} />
              <Route path="assets/:id/edit" element={<EditAssetPage />} />
              <Route path="licenses" element={<LicensesPage />} />
              <Route path="licenses/new" element={<NewLicensePage />} />
              <Route path="licenses/:id" element={<LicensePage />} />
              <Route path="licenses/:id/edit" element={<EditLicensePage />} />
              <Route path="maintenance" element={<MaintenancePage />} />
              <Route path="compliance" element={<CompliancePage />} />
              <Route path="events" element={<AuditTrailPage />} />
              <Route path="me" element={<MyHoldingsPage />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="tokens" element={<ApiTokensPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </SessionRoot>
      </ToastProvider>
    </BrowserRouter>
  );
}
