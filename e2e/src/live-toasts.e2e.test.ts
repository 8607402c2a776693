import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInChromium, markWindow, screenshot, stillSameWindow, useApp } from './harness.ts';

// Demo data (apps/api/src/demo.ts): IT-01008 is in stock and held by nobody.
const ASSET = 'IT-01008';

async function focusedText(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } })
        .document.activeElement?.textContent ?? null,
  );
}

const liveToasts = (page: Page) => page.locator('[data-testid="toast"][data-tone="live"]');

async function openAsset(page: Page, url: string, tag: string) {
  await page.goto(`${url}/assets?q=${tag}`);
  await page.locator(`[data-testid="asset-row"][data-tag="${tag}"]`).getByRole('link').click();
  await page.getByTestId('asset-holder-none').waitFor();
  await page.getByTestId('connection-status').and(page.locator('[data-status="live"]')).waitFor();
}

describeInChromium('live toasts for other people’s changes in Chromium', () => {
  const { app, manager, admin } = useApp({
    browsers: { manager: { signIn: 'maria' }, admin: { signIn: 'admin' } },
  });

  it('tells the manager, politely and without a reload, that the admin checked out the asset she has open', async () => {
    await openAsset(manager.page, app.url, ASSET);
    await openAsset(admin.page, app.url, ASSET);
    await markWindow(manager.page);
    // Keyboard focus on the page's Edit link: the toast must leave it there.
    await manager.page.getByRole('link', { name: 'Edit' }).focus();

    const { page } = admin;
    await page.getByRole('button', { name: 'Check out' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Search people').fill('dana');
    await dialog.getByRole('radio', { name: 'dana', exact: true }).check();
    await dialog.getByRole('button', { name: 'Check out' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The admin's own action toast.
    await page
      .getByTestId('toast')
      .filter({ hasText: `Checked out ${ASSET} to dana.` })
      .waitFor();

    // The manager's page: the toast, in the polite live region, and the page itself updated.
    const toast = liveToasts(manager.page).filter({ hasText: `admin checked out ${ASSET} to dana.` });
    await toast.waitFor({ timeout: 10_000 });
    const region = manager.page.getByRole('region', { name: 'Notifications' });
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.getByText(`admin checked out ${ASSET} to dana.`).count()).toBe(1);
    await expect.poll(() => manager.page.getByTestId('asset-holder').textContent()).toContain('dana');
    await expect
      .poll(() => manager.page.getByTestId('stage-badge').first().getAttribute('data-stage'))
      .toBe('deployed');
    expect(await stillSameWindow(manager.page)).toBe(true);
    // The toast took no focus.
    expect(await focusedText(manager.page)).toBe('Edit');
    await screenshot(manager.page, 'live-toast-asset');

    // The admin made the change: no "someone else" toast for it, however long we wait.
    await admin.page.waitForTimeout(1_500);
    expect(await liveToasts(admin.page).count()).toBe(0);
  });

  it('tells the admin when the manager moves it back, and the manager hears nothing of her own change', async () => {
    const { page } = manager;
    await page.getByRole('button', { name: 'Check in' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Check in' }).click();
    await dialog.waitFor({ state: 'detached' });

    await liveToasts(admin.page)
      .filter({ hasText: `maria checked in ${ASSET} from dana.` })
      .waitFor({
        timeout: 10_000,
      });
    await admin.page.getByTestId('asset-holder-none').waitFor();
    await page.waitForTimeout(1_500);
    expect(await liveToasts(page).filter({ hasText: 'maria' }).count()).toBe(0);
  });
});
