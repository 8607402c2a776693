/**
 * The dashboard's polish: the header fits one line for every role at 1280 pixels and at phone
 * width, its "More"/"Menu" button works from the keyboard, and actions that are hard to undo ask
 * first (cancelling changes nothing; confirming applies). Every screenshot is axe-checked.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  describeInChromium,
  expectAccessible,
  navLinks,
  PHONE,
  screenshot,
  signIn,
  useApp,
} from './harness.ts';

// The little of the DOM these checks read (the e2e package has no DOM typings: it runs in Node).
interface Element {
  id: string;
  textContent: string | null;
  children: ArrayLike<Element>;
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; height: number };
}
interface Document {
  activeElement: Element | null;
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
}

/** The header's height, the tops of what stands in it, and whether the page scrolls sideways. */
async function headerLayout(page: Page) {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: Document }).document;
    const header = doc.querySelector('.header-inner') as Element;
    const visible = (el: Element) => el.offsetParent !== null;
    const parts = Array.from(header.children).filter(visible);
    const links = Array.from(doc.querySelectorAll('nav[aria-label="Main"] .nav-main .nav-link')).filter(
      visible,
    );
    const middle = (el: Element) => {
      const r = el.getBoundingClientRect();
      return Math.round(r.top + r.height / 2);
    };
    return {
      height: header.getBoundingClientRect().height,
      partMiddles: parts.map(middle),
      linkTops: links.map((el) => Math.round(el.getBoundingClientRect().top)),
      scrollWidth: doc.documentElement.scrollWidth,
      clientWidth: doc.documentElement.clientWidth,
    };
  });
}

/** One row: everything in the header centred on one line, no link wrapped, no sideways scroll. */
async function expectOneLine(page: Page) {
  const layout = await headerLayout(page);
  expect(layout.height).toBeLessThan(64);
  expect(Math.max(...layout.partMiddles) - Math.min(...layout.partMiddles)).toBeLessThanOrEqual(4);
  expect(new Set(layout.linkTops).size).toBeLessThanOrEqual(1);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
}

const activeText = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: Document }).document.activeElement?.textContent?.trim() ?? '',
  );
const activeTestId = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: Document }).document.activeElement?.getAttribute('data-testid') ??
      null,
  );

const STAFF_PAGES = ['Overview', 'Assets', 'Licenses', 'Maintenance', 'Assignments', 'Compliance'];

describeInChromium('polish in Chromium', () => {
  // Each role in a wide window and on a phone.
  const { app, ...browsers } = useApp({
    browsers: {
      admin: {},
      maria: {},
      dana: {},
      adminPhone: { viewport: PHONE },
      mariaPhone: { viewport: PHONE },
      danaPhone: { viewport: PHONE },
    },
  });
  const wide = { admin: browsers.admin, maria: browsers.maria, dana: browsers.dana };
  const phone = { admin: browsers.adminPhone, maria: browsers.mariaPhone, dana: browsers.danaPhone };

  it('fits the header on one line at 1280 pixels for each role, the rest behind “More”', async () => {
    const expected = {
      admin: [...STAFF_PAGES, 'Audit trail', 'My holdings', 'Users', 'Import', 'Webhooks', 'API tokens'],
      maria: [...STAFF_PAGES, 'Audit trail', 'My holdings', 'Users', 'Import'],
      dana: ['My holdings'],
    };
    for (const name of ['admin', 'maria', 'dana'] as const) {
      const { page } = wide[name];
      await signIn(page, app.url, name);
      await expectOneLine(page);
      expect(await navLinks(page)).toEqual(expected[name]);
    }
    expect(await wide.dana.page.getByTestId('nav-toggle').count()).toBe(0);
    await screenshot(wide.admin.page, 'polish-01-header-admin-1280');
    // The narrowest window that still shows the pages in a row, and the widest that folds them.
    for (const width of [1101, 1100]) {
      await wide.admin.page.setViewportSize({ width, height: 800 });
      await expectOneLine(wide.admin.page);
    }
    await wide.admin.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens “More” from the keyboard, and Escape closes it with focus back on the button', async () => {
    const { page } = wide.admin;
    const toggle = page.getByRole('button', { name: 'More' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
    await panel.getByRole('link', { name: 'Users' }).waitFor();
    await screenshot(page, 'polish-02-more-open-1280');
    await page.keyboard.press('Tab');
    expect(await activeText(page)).toBe('Audit trail');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await activeTestId(page)).toBe('nav-toggle');

    // A page behind "More" is named on the button while it is open.
    await toggle.click();
    await panel.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(await panel.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'More: Users' }).waitFor();
    await expectOneLine(page);
  });

  it('keeps the header on one line at 375 pixels for each role, every page behind “Menu”', async () => {
    for (const name of ['admin', 'maria', 'dana'] as const) {
      const { page } = phone[name];
      await signIn(page, app.url, name);
      await expectOneLine(page);
      expect(await page.getByTestId('current-user').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    }
    expect(await navLinks(phone.dana.page)).toEqual(['My holdings']);

    const { page } = phone.admin;
    await screenshot(page, 'polish-03-header-admin-375');
    const toggle = page.getByRole('button', { name: 'Menu' });
    await toggle.click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      ...STAFF_PAGES,
      'Audit trail',
      'My holdings',
      'Users',
      'Import',
      'Webhooks',
      'API tokens',
    ]);
    await screenshot(page, 'polish-04-menu-open-375');
    await nav.getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('heading', { level: 1, name: 'Licenses' }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await expectOneLine(page);
  });

  it('asks before changing a role: cancelling keeps it, confirming applies it', async () => {
    const { page } = wide.admin;
    const role = page.getByLabel('Role of dana');
    await role.selectOption('admin');
    const dialog = page.getByRole('dialog', { name: 'Make dana an admin?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Admins can do everything');
    await expectAccessible(page, 'polish-role-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('employee');

    // From the keyboard: the arrow picks another role, the question opens, Escape returns to the select.
    await role.focus();
    await page.keyboard.press('ArrowUp');
    const toManager = page.getByRole('dialog', { name: 'Make dana a manager?' });
    await toManager.waitFor();
    expect(await activeText(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await toManager.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('employee');
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: Document }).document.activeElement?.id),
    ).toBe(await role.getAttribute('id'));
    await page.reload();
    expect(await page.getByLabel('Role of dana').inputValue()).toBe('employee');

    await page.getByLabel('Role of dana').selectOption('manager');
    await page
      .getByRole('dialog', { name: 'Make dana a manager?' })
      .getByRole('button', { name: 'Make manager' })
      .click();
    await page.getByTestId('toast').filter({ hasText: 'dana is now manager.' }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Role of dana').inputValue()).toBe('manager');
    // Your own role is not offered: the server would refuse it.
    expect(await page.getByLabel('Role of admin').count()).toBe(0);

    // A manager may look people up, and is offered nothing only admins may do.
    const manager = wide.maria.page;
    await manager.goto(`${app.url}/users`);
    await manager.locator('[data-testid="user-row"][data-username="dana"]').waitFor();
    expect(await manager.getByTestId('user-row').count()).toBeGreaterThan(4);
    expect(await manager.getByRole('combobox', { name: /^Role of / }).count()).toBe(0);
    expect(await manager.getByRole('button', { name: 'Disable' }).count()).toBe(0);
    await screenshot(manager, 'polish-07-users-for-a-manager');
  });

  it('asks before releasing a seat: cancelling keeps it, confirming frees it', async () => {
    const { page } = wide.admin;
    await page.goto(`${app.url}/licenses`);
    await page.getByRole('link', { name: 'Adobe Creative Cloud' }).click();
    const rows = page.getByTestId('seat-row');
    await rows.first().waitFor();
    const before = await rows.count();
    const who = (await rows.first().getAttribute('data-username'))!;
    await rows
      .first()
      .getByRole('button', { name: `Release ${who}’s seat` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Release ${who}’s seat?` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.reload();
    await rows.first().waitFor();
    expect(await rows.count()).toBe(before);

    await page.getByRole('button', { name: `Release ${who}’s seat` }).click();
    await screenshot(page, 'polish-05-release-seat-confirm');
    await dialog.getByRole('button', { name: 'Release seat' }).click();
    await expect.poll(() => rows.count()).toBe(before - 1);
  });

  it('says what disposing means before it happens, and cancelling leaves the asset where it was', async () => {
    const { page } = wide.admin;
    await page.goto(`${app.url}/assets?stage=retired`);
    const row = page.getByTestId('asset-row').first();
    await row.waitFor();
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    const dispose = page.getByRole('button', { name: 'Move to Disposed' });
    await dispose.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('transition-consequence').waitFor();
    expect(await dialog.getByTestId('transition-consequence').textContent()).toContain('final');
    await screenshot(page, 'polish-06-dispose-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('button', { name: 'Move to Disposed' }).waitFor();
    expect(await page.locator('h1').getByTestId('stage-badge').getAttribute('data-stage')).toBe('retired');

    await page.getByRole('button', { name: 'Move to Disposed' }).click();
    await dialog.getByLabel('Reason').fill('Shredded by the recycler');
    await dialog.getByRole('button', { name: 'Move to Disposed' }).click();
    await page.getByTestId('toast').filter({ hasText: 'to Disposed.' }).waitFor();
    expect(await page.locator('h1').getByTestId('stage-badge').getAttribute('data-stage')).toBe('disposed');
  });
});
