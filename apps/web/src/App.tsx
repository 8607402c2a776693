import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { ToastProvider } from './components/Toasts.tsx';
import { AssetPage } from './pages/AssetPage.tsx';
import { AssetsPage } from './pages/AssetsPage.tsx';
import { EditAssetPage } from './pages/EditAssetPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NewAssetPage } from './pages/NewAssetPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { SessionRoot } from './session/session.tsx';

/** `/` is the assets table; keep any filters in the query string. */
function HomeRedirect() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: '/assets', search }} replace />;
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
              <Route path="users" element={<UsersPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </SessionRoot>
      </ToastProvider>
    </BrowserRouter>
  );
}
