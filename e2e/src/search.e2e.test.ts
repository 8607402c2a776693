import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInChromium, screenshot, useApp } from './harness.ts';

// Demo data (apps/api/src/demo.ts): maintenance planned, running, late and done, one of them a
// "RAM upgrade to 32 GB."; assets registered by the system, everything after by admin.

/** One attribute of every row of a table, as the page shows it now. */
const rowsOf = (page: Page, testId: string, attribute: string) => () =>
  page
    .getByTestId(testId)
    .evaluateAll(
      (rows, name) =>
        rows.map((row) => (row as unknown as { getAttribute(n: string): string | null }).getAttribute(name)),
      attribute,
    );

const detailsOf = (page: Page) => () =>
  page.getByTestId('maintenance-row').locator('.cell-details').allTextContents();

describeInChromium('searches and pickers keep their view in the URL, in Chromium', () => {
  const { app, admin } = useApp({ browsers: { admin: { signIn: 'admin' } } });

  it('maintenance: a search narrows the list on the server and survives a reload', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/maintenance`);
    await page.getByTestId('maintenance-row').first().waitFor();
    const all = await detailsOf(page)();
    expect(all.length).toBeGreaterThan(1);

    await page.getByLabel('Search').fill('ram upgrade');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('ram upgrade');
    await expect.poll(detailsOf(page)).toEqual(['RAM upgrade to 32 GB.']);

    await page.reload();
    await page.getByTestId('maintenance-row').first().waitFor();
    expect(await page.getByLabel('Search').inputValue()).toBe('ram upgrade');
    expect(await detailsOf(page)()).toEqual(['RAM upgrade to 32 GB.']);
    await screenshot(page, 'maintenance-searched');

    // The asset's tag finds its maintenance too; "Clear filters" empties the box and the URL.
    const tag = (await page.getByTestId('maintenance-row').locator('th a').textContent())!;
    await page.getByLabel('Search').fill(tag.toLowerCase());
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(tag.toLowerCase());
    await expect.poll(detailsOf(page)).toEqual(['RAM upgrade to 32 GB.']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(await page.getByLabel('Search').inputValue()).toBe('');
    await expect.poll(async () => (await detailsOf(page)()).length).toBe(all.length);
  });

  it('audit trail: an actor picked from the people narrows the list and survives a reload', async () => {
    const { page } = admin;
    const actors = rowsOf(page, 'event-row', 'data-actor');
    // Oldest first: the system registered the demo's assets before admin changed anything.
    await page.goto(`${app.url}/events?order=oldest`);
    await page.getByTestId('event-row').first().waitFor();
    expect(new Set(await actors())).toContain('system');

    await page.getByText('Actor: anyone').click();
    await page.getByLabel('Search people').fill('admin');
    await page.getByRole('radio', { name: 'admin' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('actor')).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(async () => new Set(await actors())).toEqual(new Set(['admin']));
    expect(await page.getByRole('region', { name: 'Filters' }).textContent()).toContain('Actor: admin');
    const view = await page.getByTestId('event-row').count();

    await page.reload();
    await page.getByTestId('event-row').first().waitFor();
    await expect.poll(async () => new Set(await actors())).toEqual(new Set(['admin']));
    expect(await page.getByTestId('event-row').count()).toBe(view);
    expect(await page.getByRole('region', { name: 'Filters' }).textContent()).toContain('Actor: admin');
    await screenshot(page, 'audit-trail-actor');

    // One asset from the asset picker (one admin changed): only its changes, kept on reload.
    const tag = (await page
      .locator('[data-testid="event-row"][data-entity="asset"] .cell-subject a')
      .first()
      .textContent())!;
    await page.getByText('Asset: any').click();
    await page.getByLabel('Search assets').fill(tag);
    await page.getByTestId('asset-picker').getByRole('radio', { name: tag, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('asset')).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(async () => new Set(await rowsOf(page, 'event-row', 'data-entity')()))
      .toEqual(new Set(['asset']));
    await page.reload();
    await page.getByTestId('event-row').first().waitFor();
    expect(await page.getByRole('region', { name: 'Filters' }).textContent()).toContain(`Asset: ${tag}`);
    expect(new URL(page.url()).searchParams.get('actor')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
