import { can } from '@itam/domain';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import { matchRoutes } from 'react-router';
import type { Me, trpc } from './api/trpc.ts';

/*
 * Each page is its own chunk, loaded when first visited, so the first page's JavaScript stays
 * within its budget (see `scripts/check-budget.mjs`). Only the sign-in page, where every visit
 * starts, is in the entry chunk.
 *
 * So that opening a page is not a chain of waits (sign-in check, then the page's code, then its
 * data), a page's code is asked for as soon as its address is known (at start, before the
 * sign-in check answers: `preloadPageAt`), and the data it shows first as soon as the user is
 * known, alongside its code (`prefetch`).
 */

type Utils = ReturnType<typeof trpc.useUtils>;

export interface Page {
  Component: LazyExoticComponent<ComponentType>;
  /** Starts loading the page's chunk (once: the browser keeps the module). */
  load(): Promise<unknown>;
  /** Starts loading what the page shows first, if that needs nothing from the address. */
  prefetch?(utils: Utils, user: Me): void;
}

function page<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
  prefetch?: Page['prefetch'],
): Page {
  return {
    Component: lazy(() => load().then((module) => ({ default: module[name] }))),
    load,
    ...(prefetch ? { prefetch } : {}),
  };
}

export const SignUpPage = page(() => import('./pages/SignUpPage.tsx'), 'SignUpPage');
export const NotFoundPage = page(() => import('./pages/NotFoundPage.tsx'), 'NotFoundPage');

/** The signed-in pages (inside the layout), by path. */
export const PAGE_ROUTES: { path: string; page: Page }[] = [
  {
    path: 'overview',
    page: page(
      () => import('./pages/OverviewPage.tsx'),
      'OverviewPage',
      (utils, user) => void (can(user, 'compliance.read') && utils.compliance.overview.prefetch()),
    ),
  },
  { path: 'assets', page: page(() => import('./pages/AssetsPage.tsx'), 'AssetsPage') },
  { path: 'assets/new', page: page(() => import('./pages/NewAssetPage.tsx'), 'NewAssetPage') },
  { path: 'assets/:id', page: page(() => import('./pages/AssetPage.tsx'), 'AssetPage') },
  { path: 'assets/:id/edit', page: page(() => import('./pages/EditAssetPage.tsx'), 'EditAssetPage') },
  { path: 'licenses', page: page(() => import('./pages/LicensesPage.tsx'), 'LicensesPage') },
  { path: 'licenses/new', page: page(() => import('./pages/NewLicensePage.tsx'), 'NewLicensePage') },
  { path: 'licenses/:id', page: page(() => import('./pages/LicensePage.tsx'), 'LicensePage') },
  { path: 'licenses/:id/edit', page: page(() => import('./pages/EditLicensePage.tsx'), 'EditLicensePage') },
  { path: 'maintenance', page: page(() => import('./pages/MaintenancePage.tsx'), 'MaintenancePage') },
  { path: 'assignments', page: page(() => import('./pages/AssignmentsPage.tsx'), 'AssignmentsPage') },
  {
    path: 'compliance',
    page: page(
      () => import('./pages/CompliancePage.tsx'),
      'CompliancePage',
      (utils, user) => void (can(user, 'compliance.read') && utils.compliance.report.prefetch()),
    ),
  },
  { path: 'events', page: page(() => import('./pages/AuditTrailPage.tsx'), 'AuditTrailPage') },
  {
    path: 'me',
    page: page(
      () => import('./pages/MyHoldingsPage.tsx'),
      'MyHoldingsPage',
      (utils) => void utils.me.holdings.prefetch(),
    ),
  },
  { path: 'users', page: page(() => import('./pages/UsersPage.tsx'), 'UsersPage') },
  { path: 'webhooks', page: page(() => import('./webhooks/WebhooksPage.tsx'), 'WebhooksPage') },
  { path: 'import', page: page(() => import('./pages/ImportPage.tsx'), 'ImportPage') },
  { path: 'tokens', page: page(() => import('./pages/ApiTokensPage.tsx'), 'ApiTokensPage') },
];

/** The signed-in page at `pathname`, if it is one (not `/`, the sign-in pages or an unknown address). */
export function pageAt(pathname: string): Page | undefined {
  return matchRoutes(PAGE_ROUTES, pathname)?.at(-1)?.route.page;
}

/**
 * At start, on a page's address: its code starts loading while the sign-in check runs. A visitor
 * who must sign in first comes back to this page afterwards, so the code is not wasted.
 */
export function preloadPageAt(pathname: string): void {
  void pageAt(pathname)
    ?.load()
    .catch(() => {
      // A failed preload is retried by the page itself when it renders, which shows the error.
    });
}
