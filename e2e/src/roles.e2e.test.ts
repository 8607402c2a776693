/**
 * Each role in its own browser: the admin's overview and user management, an employee who signs
 * up and is refused, in plain words, what is not theirs, and "My holdings" on a phone.
 */
import { expect, it } from 'vitest';
import {
  describeInChromium,
  expectAccessible,
  navLinks,
  openFromMenu,
  PHONE,
  screenshot,
  signIn,
  useApp,
} from './harness.ts';

describeInChromium('roles in Chromium', () => {
  const { app, admin, employee, phone } = useApp({
    browsers: { admin: {}, employee: {}, phone: { viewport: PHONE } },
  });

  it('starts an admin on the overview, whose counts are the compliance report’s', async () => {
    const { page } = admin;
    await signIn(page, app.url, 'admin');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/overview');
    await page.getByTestId('expiry-chart').waitFor();
    const stageTotal = (
      await page.getByTestId('stage-count').locator('.tile-count').allTextContents()
    ).reduce((sum, n) => sum + Number(n), 0);
    expect(stageTotal).toBeGreaterThan(10);
    const overdueTitle = await page.locator('#overdue-title').textContent();
    const alertsTitle = await page.locator('#alerts-title').textContent();
    await screenshot(page, '13-overview');

    // Every alert links to what it is about; the first opens its page.
    const alert = page.getByTestId('finding').first();
    const href = await alert.getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/(assets|licenses)\/[0-9a-f-]{36}/);

    // The compliance page's sections, counted there, give the same numbers.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance' }).click();
    const section = (key: string) =>
      page.locator(`[data-testid="compliance-section"][data-section="${key}"]`).getAttribute('data-count');
    await page.locator('[data-testid="compliance-section"]').first().waitFor();
    let alerts = 0;
    for (const key of [
      'expiredStillAssigned',
      'maintenanceOverdue',
      'deployedWithoutHolder',
      'expiring',
      'warrantiesEnding',
    ]) {
      alerts += Number(await section(key));
    }
    expect(alertsTitle).toBe(`Compliance alerts (${alerts})`);
    expect(overdueTitle).toBe(`Overdue returns (${await section('overdueReturns')})`);

    // The assets table, filtered by stage from the overview, has as many rows as the tile says.
    await page.goto(`${app.url}/overview`);
    const deployed = page.locator('[data-testid="stage-count"][data-stage="deployed"]');
    const count = Number(await deployed.locator('.tile-count').textContent());
    await deployed.click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('stage')).toEqual(['deployed']);
    await expect.poll(() => page.getByTestId('asset-row').count()).toBe(count);
  });

  it('lets an admin change a role and disable an account, after confirming', async () => {
    const { page } = admin;
    await openFromMenu(page, 'Users');
    await page.getByTestId('user-table').waitFor();
    await page.getByLabel('Role of lee').selectOption('manager');
    await page
      .getByRole('dialog', { name: 'Make lee a manager?' })
      .getByRole('button', { name: 'Make manager' })
      .click();
    await expect.poll(() => page.getByLabel('Role of lee').inputValue()).toBe('manager');
    await page.getByTestId('toast').filter({ hasText: 'lee is now manager.' }).waitFor();

    const alex = page.locator('[data-testid="user-row"][data-username="alex"]');
    await alex.getByRole('button', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Disable alex?' }).waitFor();
    await expectAccessible(page, 'users-confirm-dialog');
    // Focus starts on "Cancel": Enter on a destructive question does nothing harmful.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await alex.getByText('Active').count()).toBe(1);
    // Escape gave focus back to the button that opened the dialog.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe('Disable');

    await alex.getByRole('button', { name: 'Disable' }).click();
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await alex.getByText('Disabled').waitFor();
    await screenshot(page, '14-users');
  });

  it('signs an employee up, shows only their holdings, and refuses other pages in plain words', async () => {
    const { page } = employee;
    await page.goto(`${app.url}/signup`);
    await screenshot(page, '15-sign-up');
    await page.getByLabel('Username').fill('erin');
    await page.getByLabel('Email').fill('erin@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The domain's schema refuses it before anything is sent, beside the field, with focus on it.
    await page.locator('#signup-password-error').waitFor();
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement
            .id,
      ),
    ).toBe('signup-password');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My holdings' }).waitFor();
    expect(await navLinks(page)).toEqual(['My holdings']);
    expect(await page.getByTestId('holding-asset').count()).toBe(0);

    for (const path of ['/compliance', '/overview', '/users', '/assets/new']) {
      await page.goto(`${app.url}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
      expect(await page.getByText('Your role does not allow this page.').count()).toBe(1);
    }
    await screenshot(page, '16-not-allowed');

    // Someone else's asset, by its URL: the same answer as for one that does not exist.
    await admin.page.goto(`${app.url}/assets?q=IT-01001`);
    await admin.page.locator('[data-testid="asset-row"][data-tag="IT-01001"]').getByRole('link').click();
    await admin.page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    await page.goto(admin.page.url().replace(app.url, app.url));
    await page.getByTestId('asset-not-found').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found or not yours');
    expect(await page.content()).not.toContain('IT-01001');
    await screenshot(page, '17-not-yours');
  });

  it('shows "My holdings" at phone width without sideways scrolling', async () => {
    const { page } = phone;
    await signIn(page, app.url, 'dana');
    await page.getByTestId('held-seats').waitFor();
    const widths = await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return { scroll: doc.scrollWidth, client: doc.clientWidth };
    });
    expect(widths.client).toBe(375);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(page, '18-my-holdings-phone');
  });
});
