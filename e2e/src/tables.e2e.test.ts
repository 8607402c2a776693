import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserAvailable,
  openBrowser,
  type RunningApp,
  screenshot,
  signIn,
  startApp,
} from './harness.ts';

const run = browserAvailable();

// Demo data (apps/api/src/demo.ts): licenses expire within 30, 7 and 1 days, one has expired, and
// some never do; six users, one admin, two managers, three employees.

const licenseNames = (page: Page) =>
  page
    .locator('[data-testid="license-row"]')
    .evaluateAll((rows) =>
      rows.map((row) =>
        (row as unknown as { getAttribute(n: string): string | null }).getAttribute('data-name'),
      ),
    );
const usernames = (page: Page) =>
  page
    .locator('[data-testid="user-row"]')
    .evaluateAll((rows) =>
      rows.map((row) =>
        (row as unknown as { getAttribute(n: string): string | null }).getAttribute('data-username'),
      ),
    );

/** Waits until the table's rows stop changing (the filtered query has answered). */
async function settled(read: () => Promise<(string | null)[]>): Promise<(string | null)[]> {
  let last = JSON.stringify(await read());
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await read());
    if (now === last) return JSON.parse(now) as (string | null)[];
    last = now;
  }
  throw new Error('the table kept changing');
}

describe.skipIf(!run)('tables keep their view in the URL, in Chromium', () => {
  let app: RunningApp;
  let admin: Browser;

  beforeAll(async () => {
    app = await startApp();
    admin = await openBrowser();
    await signIn(admin.page, app.url, 'admin');
  });

  afterAll(async () => {
    await admin?.close();
    await app?.stop();
  });

  it('licenses: a window and a sort survive a reload, and the server did the filtering', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licenses' }).click();
    await page.getByTestId('license-row').first().waitFor();
    const all = await settled(() => licenseNames(page));

    await page.getByLabel('Expires').selectOption('30');
    await page.getByLabel('Sort').selectOption('expiry');
    await expect.poll(() => new URL(page.url()).search).toBe('?expiring=30&sort=expiry');
    const view = await settled(() => licenseNames(page));
    expect(view.length).toBeGreaterThan(0);
    expect(view.length).toBeLessThan(all.length);

    await page.reload();
    await page.getByTestId('license-row').first().waitFor();
    expect(await page.getByLabel('Expires').inputValue()).toBe('30');
    expect(await page.getByLabel('Sort').inputValue()).toBe('expiry');
    expect(await settled(() => licenseNames(page))).toEqual(view);
    await screenshot(page, 'licenses-filtered');
  });

  it('users: role, status and sort survive a reload', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/users`);
    await page.getByTestId('user-row').first().waitFor();
    await page.getByLabel('Role', { exact: true }).selectOption('manager');
    await page.getByLabel('Status').selectOption('active');
    await page.getByLabel('Sort').selectOption('newest');
    await expect.poll(() => new URL(page.url()).search).toBe('?role=manager&status=active&sort=newest');
    const view = await settled(() => usernames(page));
    expect([...view].sort()).toEqual(['maria', 'sam']);

    await page.reload();
    await page.getByTestId('user-row').first().waitFor();
    expect(await page.getByLabel('Role', { exact: true }).inputValue()).toBe('manager');
    expect(await settled(() => usernames(page))).toEqual(view);
    await screenshot(page, 'users-filtered');
  });

  it('the audit trail: a bookmarked kind of change and order open as they were saved', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/events?type=license.seats_assigned&order=oldest`);
    await page.getByTestId('event-row').first().waitFor();
    expect(await page.getByLabel('Entity').inputValue()).toBe('license');
    expect(await page.getByLabel('Kind of change').inputValue()).toBe('license.seats_assigned');
    expect(await page.getByLabel('Order').inputValue()).toBe('oldest');
    const actions = await page
      .getByTestId('event-row')
      .evaluateAll((rows) =>
        rows.map((row) =>
          (row as unknown as { getAttribute(n: string): string | null }).getAttribute('data-action'),
        ),
      );
    expect(new Set(actions)).toEqual(new Set(['seats_assigned']));
    await screenshot(page, 'events-filtered');
  });
});
