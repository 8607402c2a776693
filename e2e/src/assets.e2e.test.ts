import { expect, it } from 'vitest';
import { describeInChromium, screenshot, signIn, useApp } from './harness.ts';

describeInChromium('dashboard in Chromium', () => {
  const { app, admin, watcher } = useApp({ browsers: { admin: {}, watcher: {} } });

  it('shows the demo assets after the demo admin signs in', async () => {
    await signIn(admin.page, app.url, 'admin');
    await admin.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assets' }).click();
    await expect.poll(() => admin.page.getByTestId('asset-row').count()).toBeGreaterThan(10);
    await screenshot(admin.page, '01-assets-table');
  });

  it('creates an asset, moves it through two stages, and a second browser sees it live', async () => {
    const { page } = admin;
    await signIn(watcher.page, app.url, 'maria');
    await watcher.page.goto(`${app.url}/assets`);
    await watcher.page.getByTestId('asset-row').first().waitFor();
    const watchedRow = watcher.page.locator('[data-testid="asset-row"][data-tag="E2E-0001"]');
    expect(await watchedRow.count()).toBe(0);

    await page.getByRole('link', { name: 'New asset' }).click();
    await page.getByLabel('Asset tag').fill('E2E-0001');
    await page.getByLabel('Name').fill('Browser-test laptop');
    await page.getByLabel('Type').selectOption('laptop');
    await page.getByLabel('Initial stage').selectOption('ordered');
    await page.getByLabel('Serial number').fill('SN-E2E-1');
    await screenshot(page, '02-create-form');
    await page.getByRole('button', { name: 'Create asset' }).click();
    const badge = page.getByTestId('stage-badge').first();
    await expect.poll(() => badge.getAttribute('data-stage')).toBe('ordered');

    // The watcher's table shows the new asset without a reload.
    await watchedRow.waitFor();
    await expect.poll(() => watchedRow.getByTestId('stage-badge').getAttribute('data-stage')).toBe('ordered');

    for (const [label, stage] of [
      ['In stock', 'in_stock'],
      ['In maintenance', 'in_maintenance'],
    ] as const) {
      await page.getByRole('button', { name: `Move to ${label}` }).click();
      await page.getByLabel('Reason').fill(`e2e: to ${stage}`);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await expect.poll(() => badge.getAttribute('data-stage')).toBe(stage);
      await expect.poll(() => watchedRow.getByTestId('stage-badge').getAttribute('data-stage')).toBe(stage);
    }
    await screenshot(page, '03-asset-page');
    await screenshot(watcher.page, '04-second-browser-live');

    await page.goto(`${app.url}/assets?q=E2E-0001`);
    const row = page.locator('[data-testid="asset-row"][data-tag="E2E-0001"]');
    await row.waitFor();
    expect(await row.getByTestId('stage-badge').getAttribute('data-stage')).toBe('in_maintenance');
  });
});
