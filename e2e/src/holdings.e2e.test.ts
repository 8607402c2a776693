import { expect, it } from 'vitest';
import {
  describeInChromium,
  isoDay,
  markWindow,
  navLinks,
  openFromMenu,
  screenshot,
  signIn,
  stillSameWindow,
  useApp,
} from './harness.ts';

// Demo data (apps/api/src/demo.ts): IT-01004 and IT-01008 are in stock and held by nobody;
// "JetBrains All Products" has 5 seats, held by lee and alex, and expires in 5 days.
const FREE_ASSET = 'IT-01008';
const OTHER_FREE_ASSET = 'IT-01004';
const LICENSE = 'JetBrains All Products';

describeInChromium('assignments, licenses, maintenance and holdings in Chromium', () => {
  const { app, manager, employee } = useApp({ browsers: { manager: {}, employee: {} } });

  it('lands an employee on "My holdings", with nothing else in the menu', async () => {
    const { page } = employee;
    await signIn(page, app.url, 'dana');
    await page.getByRole('heading', { level: 1, name: 'My holdings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await navLinks(page)).toEqual(['My holdings']);
    await page.getByTestId('held-seats').waitFor();
    expect(await page.locator(`[data-testid="holding-asset"][data-tag="${FREE_ASSET}"]`).count()).toBe(0);
    await markWindow(page);
  });

  it('gives a manager the staff menu, with Users to look people up but not to manage them', async () => {
    await signIn(manager.page, app.url, 'maria');
    expect(await navLinks(manager.page)).toEqual([
      'Overview',
      'Assets',
      'Licenses',
      'Maintenance',
      'Assignments',
      'Compliance',
      'Audit trail',
      'My holdings',
      'Users',
      'Import',
    ]);
  });

  it('checks an asset out to dana, and her open "My holdings" shows it without a reload', async () => {
    const { page } = manager;
    await page.goto(`${app.url}/assets?q=${FREE_ASSET}`);
    await page.locator(`[data-testid="asset-row"][data-tag="${FREE_ASSET}"]`).getByRole('link').click();
    await page.getByTestId('asset-holder-none').waitFor();

    await page.getByRole('button', { name: 'Check out' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Search people').fill('dana');
    await dialog.getByRole('radio', { name: 'dana', exact: true }).check();
    await dialog.getByLabel('Expected return').fill(isoDay(14));
    await dialog.getByLabel('Note').fill('e2e: for the offsite');
    await dialog.getByRole('button', { name: 'Check out' }).click();
    await expect.poll(() => page.getByTestId('asset-holder').textContent()).toContain('dana');
    await expect
      .poll(() => page.getByTestId('stage-badge').first().getAttribute('data-stage'))
      .toBe('deployed');
    await page.getByRole('button', { name: 'Check in' }).waitFor();

    const held = employee.page.locator(`[data-testid="holding-asset"][data-tag="${FREE_ASSET}"]`);
    await held.waitFor();
    expect(await held.getByTestId('expected-return').getAttribute('data-overdue')).toBe('false');
    expect(await stillSameWindow(employee.page)).toBe(true);
  });

  it('refuses a bulk check-out that includes a held asset, naming the asset and its holder', async () => {
    const { page } = manager;
    await page.goto(`${app.url}/assets?q=IT-0100`);
    await page.getByLabel(`Select ${FREE_ASSET}`).check();
    await page.getByLabel(`Select ${OTHER_FREE_ASSET}`).check();
    await page.getByRole('button', { name: 'Check out selected' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Search people').fill('lee');
    await dialog.getByRole('radio', { name: 'lee', exact: true }).check();
    await dialog.getByRole('button', { name: 'Check out' }).click();

    const refusal = dialog.getByTestId('refusal');
    await refusal.first().waitFor();
    expect(await refusal.count()).toBe(1);
    expect(await refusal.textContent()).toMatch(
      new RegExp(`^${FREE_ASSET}: Already checked out to dana since \\d{4}-\\d{2}-\\d{2}\\.$`),
    );
    // Nothing was checked out: all or nothing.
    const other = page.locator(`[data-testid="asset-row"][data-tag="${OTHER_FREE_ASSET}"]`);
    expect(await other.getByTestId('stage-badge').getAttribute('data-stage')).toBe('in_stock');
    await screenshot(page, '05-bulk-refusal');

    await dialog.getByRole('button', { name: 'Leave out the refused asset' }).click();
    await dialog.getByRole('button', { name: 'Check out' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => other.getByTestId('stage-badge').getAttribute('data-stage')).toBe('deployed');
  });

  it('assigns a license seat to dana, and it appears in her holdings live, without a key', async () => {
    const { page } = manager;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licenses' }).click();
    const row = page.locator(`[data-testid="license-row"][data-name="${LICENSE}"]`);
    await row.waitFor();
    expect(await row.getByRole('img', { name: '2 of 5 seats used' }).count()).toBe(1);
    expect(await row.getByTestId('expiry-badge').textContent()).toBe('Expires in 5 days');
    await screenshot(page, '06-licenses');

    await row.getByRole('link', { name: LICENSE }).click();
    await page.getByRole('heading', { level: 1, name: LICENSE }).waitFor();
    const key = page.getByTestId('product-key');
    expect(await key.getAttribute('data-masked')).toBe('true');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await key.textContent()).toMatch(/^DEMO-/);
    await page.getByRole('button', { name: 'Hide' }).click();

    await page.getByRole('button', { name: 'Assign seat', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Search people').fill('dana');
    await dialog.getByRole('radio', { name: 'dana', exact: true }).check();
    await dialog.getByRole('button', { name: 'Assign seat' }).click();
    await page.locator('[data-testid="seat-row"][data-username="dana"]').waitFor();
    await expect
      .poll(() => page.getByTestId('license-details').getByTestId('seats-bar').getAttribute('data-used'))
      .toBe('3');
    await screenshot(page, '07-license-page');

    const seat = employee.page.locator(`[data-testid="holding-seat"][data-license="${LICENSE}"]`);
    await seat.waitFor();
    expect(await seat.getByTestId('expiry-badge').getAttribute('data-state')).toBe('expiring');
    expect(await stillSameWindow(employee.page)).toBe(true);
    expect(await employee.page.content()).not.toContain('DEMO-');
    await screenshot(employee.page, '08-my-holdings');
  });

  it('schedules maintenance on an asset page and starts it, which moves the asset', async () => {
    const { page } = manager;
    await page.goto(`${app.url}/assets?q=${OTHER_FREE_ASSET}`);
    await page.locator(`[data-testid="asset-row"][data-tag="${OTHER_FREE_ASSET}"]`).getByRole('link').click();
    const section = page.getByTestId('maintenance-section');
    // The demo plans an upgrade of this asset.
    await section.getByTestId('maintenance-item').first().waitFor();

    await section.getByRole('button', { name: 'Schedule maintenance' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type').selectOption('inspection');
    await dialog.getByLabel('Date').fill(isoDay(0));
    await dialog.getByLabel('Details').fill('e2e: check the hinge');
    await dialog.getByLabel('Cost').fill('45.50');
    await dialog.getByRole('button', { name: 'Schedule maintenance' }).click();
    await dialog.waitFor({ state: 'detached' });
    const item = section.getByTestId('maintenance-item').filter({ hasText: 'e2e: check the hinge' });
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('scheduled');
    await item.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('in_progress');
    await expect
      .poll(() => page.getByTestId('stage-badge').first().getAttribute('data-stage'))
      .toBe('in_maintenance');
    await screenshot(page, '12-asset-page-maintenance');
  });

  it('creates a license, assigns seats to several people at once (all or nothing), releases one, and refuses fewer seats than used', async () => {
    const { page } = manager;
    await page.goto(`${app.url}/licenses`);
    await page.getByRole('link', { name: 'New license' }).click();
    await page.getByLabel('Software name').fill('E2E Diagram Tool');
    await page.getByLabel('Vendor').fill('E2E Vendor');
    await page.getByLabel('Product key').fill('E2E-KEY-0001');
    await page.getByLabel('Seats').fill('2');
    await page.getByLabel('Purchase date').fill(isoDay(-30));
    await page.getByLabel('Purchase cost').fill('240');
    await page.getByLabel('Expiry date').fill(isoDay(5));
    await page.getByLabel('Renewal cost').fill('260.50');
    await page.getByLabel('Renewal notes').fill('e2e: renew through the reseller');
    await page.getByRole('button', { name: 'Create license' }).click();
    await page.waitForURL(/\/licenses\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: 'E2E Diagram Tool' }).waitFor();
    expect(await page.getByTestId('expiry-badge').first().textContent()).toBe('Expires in 5 days');

    // Three people for two seats: nobody gets one, and the dialog says why.
    await page.getByRole('button', { name: 'Assign seats', exact: true }).click();
    const dialog = page.getByRole('dialog');
    for (const name of ['dana', 'lee', 'alex']) {
      await dialog.getByLabel('Search people').fill(name);
      await dialog.getByRole('checkbox', { name, exact: true }).check();
    }
    await dialog.getByRole('button', { name: 'Assign 3 seats' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Nobody got a seat.' }).waitFor();
    expect(await page.getByTestId('seat-row').count()).toBe(0);

    await dialog.getByRole('button', { name: 'Remove alex' }).click();
    await dialog.getByRole('button', { name: 'Assign 2 seats' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('seat-row').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Assign seat', exact: true }).isDisabled()).toBe(true);
    await employee.page.locator('[data-testid="holding-seat"][data-license="E2E Diagram Tool"]').waitFor();

    // Fewer seats than are in use: the server refuses, and says so beside the field.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit E2E Diagram Tool' }).waitFor();
    await page.getByLabel('Seats').fill('1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#license-seats-error').waitFor();
    expect(await page.locator('#license-seats-error').textContent()).toBe(
      '2 seats are in use; release some before reducing to 1.',
    );
    await page.getByRole('link', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Release lee’s seat' }).click();
    await page
      .getByRole('dialog', { name: 'Release lee’s seat?' })
      .getByRole('button', { name: 'Release seat' })
      .click();
    await expect.poll(() => page.getByTestId('seat-row').count()).toBe(1);

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit E2E Diagram Tool' }).waitFor();
    await page.getByLabel('Seats').fill('1');
    await page.getByLabel('Vendor').fill('E2E Vendor GmbH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/licenses\/[^/]+$/);
    await expect.poll(() => page.getByTestId('license-details').textContent()).toContain('E2E Vendor GmbH');
    expect(
      await page.getByTestId('license-details').getByTestId('seats-bar').getAttribute('data-owned'),
    ).toBe('1');
  });

  it('checks an asset in with its condition, and it leaves the holder’s list live', async () => {
    const { page } = manager;
    await page.goto(`${app.url}/assets?q=${FREE_ASSET}`);
    await page.locator(`[data-testid="asset-row"][data-tag="${FREE_ASSET}"]`).getByRole('link').click();
    await page.getByRole('button', { name: 'Check in' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Condition').selectOption('fair');
    await dialog.getByLabel('Note').fill('e2e: scuffed lid');
    await dialog.getByRole('button', { name: 'Check in' }).click();
    await page.getByTestId('asset-holder-none').waitFor();
    expect(await page.getByTestId('asset-details').textContent()).toContain('Fair');
    await expect
      .poll(() => employee.page.locator(`[data-testid="holding-asset"][data-tag="${FREE_ASSET}"]`).count())
      .toBe(0);
  });

  it('shows the maintenance list, the compliance report and the audit trail to staff', async () => {
    const { page } = manager;
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Maintenance' }).click();
    await page.getByTestId('maintenance-table').waitFor();
    await page.getByRole('checkbox', { name: 'Overdue only' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('1');
    await expect
      .poll(async () => {
        const statuses = await page
          .getByTestId('maintenance-row')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
        return statuses.length > 0 && statuses.every((s) => s === 'scheduled');
      })
      .toBe(true);
    await page.getByRole('checkbox', { name: 'Overdue only' }).uncheck();
    await expect.poll(() => page.getByTestId('maintenance-row').count()).toBeGreaterThan(2);
    await screenshot(page, '09-maintenance');

    await nav.getByRole('link', { name: 'Compliance' }).click();
    const overdue = page.locator('[data-testid="compliance-section"][data-section="maintenanceOverdue"]');
    await overdue.waitFor();
    expect(Number(await overdue.getAttribute('data-count'))).toBeGreaterThan(0);
    expect(await overdue.getByRole('heading', { level: 2 }).textContent()).toMatch(
      /^Overdue maintenance \(\d+\)$/,
    );
    const expiring = page.locator('[data-testid="compliance-section"][data-section="expiring"]');
    expect(await expiring.getByRole('link', { name: LICENSE }).count()).toBe(1);
    await screenshot(page, '10-compliance');

    await openFromMenu(page, 'Audit trail');
    await page.getByTestId('event-table').waitFor();
    await page.getByLabel('Entity').selectOption('license');
    await expect.poll(() => new URL(page.url()).searchParams.get('entity')).toBe('license');
    const seatEvent = page.locator('[data-testid="event-row"][data-action="seat_assigned"]').first();
    await seatEvent.waitFor();
    expect(await seatEvent.getByRole('link', { name: LICENSE }).count()).toBe(1);
    expect(await seatEvent.textContent()).toContain('maria');
    await page.getByLabel('Entity').selectOption('');
    await expect.poll(() => page.getByTestId('event-row').count()).toBeGreaterThan(20);
    await screenshot(page, '11-audit-trail');
  });
});
