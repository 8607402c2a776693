import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInChromium, screenshot, useApp } from './harness.ts';

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

describeInChromium('tables keep their view in the URL, in Chromium', () => {
  const { app, admin } = useApp({ browsers: { admin: { signIn: 'admin' } } });

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

  it('assignments: a bookmarked state opens filtered, and a holder’s name narrows it to them', async () => {
    const { page } = admin;
    const rowsOf = (attribute: string) => () =>
      page
        .getByTestId('assignment-row')
        .evaluateAll(
          (rows, name) =>
            rows.map((row) =>
              (row as unknown as { getAttribute(n: string): string | null }).getAttribute(name),
            ),
          attribute,
        );
    await page.goto(`${app.url}/assignments?state=overdue`);
    await page.getByTestId('assignment-row').first().waitFor();
    expect(await page.getByRole('radio', { name: 'Overdue' }).isChecked()).toBe(true);
    // Demo data: some deployed hardware was due back weeks ago, the rest is due later.
    const overdue = await settled(rowsOf('data-state'));
    expect(overdue.length).toBeGreaterThan(0);
    expect(new Set(overdue)).toEqual(new Set(['overdue']));
    expect(await page.getByTestId('expected-return').first().getAttribute('data-overdue')).toBe('true');

    const holder = (await settled(rowsOf('data-holder')))[0]!;
    await page.getByTestId('assignment-row').first().getByRole('link', { name: holder }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('holder')).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(async () => new Set(await rowsOf('data-holder')())).toEqual(new Set([holder]));
    expect(await page.getByTestId('assignment-narrowed').textContent()).toContain(`Holder: ${holder}`);

    await page.reload();
    await page.getByTestId('assignment-row').first().waitFor();
    expect(new Set(await settled(rowsOf('data-holder')))).toEqual(new Set([holder]));
    expect(new Set(await settled(rowsOf('data-state')))).toEqual(new Set(['overdue']));
    await screenshot(page, 'assignments-filtered');
  });

  it('assignments: sorted by expected return either way, searched by a holder’s name, kept on reload', async () => {
    const { page } = admin;
    const rowsOf = (attribute: string) => () =>
      page
        .getByTestId('assignment-row')
        .evaluateAll(
          (rows, name) =>
            rows.map((row) =>
              (row as unknown as { getAttribute(n: string): string | null }).getAttribute(name),
            ),
          attribute,
        );
    const header = (name: string) => page.getByRole('columnheader', { name });
    await page.goto(`${app.url}/assignments`);
    await page.getByTestId('assignment-row').first().waitFor();
    expect(await header('Checked out').getAttribute('aria-sort')).toBe('descending');
    expect(await header('Expected return').getAttribute('aria-sort')).toBeNull();

    await page.getByRole('button', { name: 'Expected return' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?sort=expectedReturn');
    await expect.poll(() => header('Expected return').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Checked out').getAttribute('aria-sort')).toBeNull();
    const soonest = await settled(rowsOf('data-expected'));
    expect(soonest.length).toBeGreaterThan(1);
    expect(soonest).toEqual([...soonest].sort());

    await page.getByRole('button', { name: 'Expected return' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?sort=expectedReturn&order=desc');
    await expect.poll(() => header('Expected return').getAttribute('aria-sort')).toBe('descending');
    const latest = await settled(rowsOf('data-expected'));
    expect(latest).toEqual([...soonest].sort().reverse());

    // Demo data: dana, lee and alex hold the deployed hardware.
    await page.getByLabel('Search', { exact: true }).fill('dana');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('dana');
    await expect.poll(async () => new Set(await rowsOf('data-holder')())).toEqual(new Set(['dana']));
    const danas = await settled(rowsOf('data-expected'));
    expect(danas.length).toBeLessThan(latest.length);
    expect(danas).toEqual([...danas].sort().reverse());

    await page.reload();
    await page.getByTestId('assignment-row').first().waitFor();
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe('dana');
    expect(await header('Expected return').getAttribute('aria-sort')).toBe('descending');
    expect(await settled(rowsOf('data-expected'))).toEqual(danas);
    expect(new Set(await rowsOf('data-holder')())).toEqual(new Set(['dana']));
    await screenshot(page, 'assignments-sorted-searched');
  });

  it('assignments: the asset page links to every assignment of the asset; a holder is picked by name', async () => {
    const { page } = admin;
    const rowsOf = (attribute: string) => () =>
      page
        .getByTestId('assignment-row')
        .evaluateAll(
          (rows, name) =>
            rows.map((row) =>
              (row as unknown as { getAttribute(n: string): string | null }).getAttribute(name),
            ),
          attribute,
        );
    await page.goto(`${app.url}/assignments`);
    await page.getByTestId('assignment-row').first().waitFor();
    const tag = (await settled(rowsOf('data-asset')))[0]!;
    await page.getByTestId('assignment-row').first().getByRole('link', { name: tag }).click();
    await page.getByTestId('assignment-panel').waitFor();
    await page.getByRole('link', { name: 'All assignments of this asset' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/assignments');
    const params = new URL(page.url()).searchParams;
    expect(params.get('state')).toBe('all');
    expect(params.get('asset')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByRole('radio', { name: 'All' }).isChecked()).toBe(true);
    await expect.poll(async () => new Set(await rowsOf('data-asset')())).toEqual(new Set([tag]));
    await expect.poll(() => page.getByTestId('assignment-narrowed').textContent()).toContain(`Asset: ${tag}`);

    await page.reload();
    await page.getByTestId('assignment-row').first().waitFor();
    expect(new Set(await settled(rowsOf('data-asset')))).toEqual(new Set([tag]));
    expect(await page.getByTestId('assignment-narrowed').textContent()).toContain(`Asset: ${tag}`);
    await screenshot(page, 'assignments-of-asset');

    // Remove the asset, then pick a holder from the people picker instead of pasting an id.
    await page.getByRole('button', { name: `Remove the filter asset ${tag}` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('asset')).toBeNull();
    await page.getByText('Holder: anyone').click();
    await page.getByLabel('Search people').fill('lee');
    await page.getByRole('radio', { name: 'lee' }).waitFor();
    await screenshot(page, 'assignments-holder-picker');
    // A pick closes the picker, so the radio is gone before it could read as checked.
    await page.getByRole('radio', { name: 'lee' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('holder')).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(async () => new Set(await rowsOf('data-holder')())).toEqual(new Set(['lee']));
    expect(await page.getByTestId('assignment-narrowed').textContent()).toContain('Holder: lee');
    expect(await page.getByTestId('person-picker').count()).toBe(0);

    // Escape closes a picker and gives focus back to its button.
    await page.getByText('Asset: any').click();
    await page.getByLabel('Search assets').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('asset-picker').count()).toBe(0);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe('Asset: any');

    // A click elsewhere on the page closes an open picker too.
    await page.getByText('Asset: any').click();
    await expect.poll(() => page.getByTestId('asset-picker').count()).toBe(1);
    await page.locator('h1').click();
    await expect.poll(() => page.getByTestId('asset-picker').count()).toBe(0);
  });

  it('users: each person’s row links to their assignments', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/users`);
    await page.getByTestId('user-row').first().waitFor();
    await page.getByRole('link', { name: 'Assignments of alex' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/assignments');
    expect(new URL(page.url()).searchParams.get('state')).toBe('all');
    await page.getByTestId('assignment-row').first().waitFor();
    expect(
      new Set(
        await page
          .getByTestId('assignment-row')
          .evaluateAll((rows) =>
            rows.map((row) =>
              (row as unknown as { getAttribute(n: string): string | null }).getAttribute('data-holder'),
            ),
          ),
      ),
    ).toEqual(new Set(['alex']));
    expect(await page.getByTestId('assignment-narrowed').textContent()).toContain('Holder: alex');
  });
});
