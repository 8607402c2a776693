import { runNotificationJob } from '@itam/api/notification-job';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  type AppUnderTest,
  describeInChromium,
  markWindow,
  screenshot,
  stillSameWindow,
  useApp,
} from './harness.ts';

// Demo data (apps/api/src/demo.ts): dana holds IT-01001, due back 60 days ago; licenses expire
// within 30, 7 and 1 days; one expired with a seat in use; a warranty ends in 20 days; one
// maintenance is 6 days late.

async function unreadOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('notification-bell').getAttribute('data-unread'));
}

async function countInTable(app: AppUnderTest, username: string, unreadOnly = true): Promise<number> {
  let query = app.database.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.recipient_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('u.username', '=', username);
  if (unreadOnly) query = query.where('n.read_at', 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

async function bellHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      (
        globalThis as unknown as {
          document: { activeElement: { getAttribute(n: string): string | null } | null };
        }
      ).document.activeElement?.getAttribute('data-testid') === 'notification-bell',
  );
}

describeInChromium('notifications in Chromium', () => {
  const { app, manager, employee } = useApp({
    // The job runs when the test says, not on the server's timer.
    config: { ITAM_NOTIFICATION_INTERVAL_SECONDS: '0' },
    browsers: { manager: { signIn: 'maria' }, employee: { signIn: 'dana' } },
  });

  beforeAll(async () => {
    for (const { page } of [manager, employee]) {
      await page.getByTestId('connection-status').and(page.locator('[data-status="live"]')).waitFor();
    }
  });

  it('shows a labelled bell with nothing unread before the job has run', async () => {
    for (const { page } of [manager, employee]) {
      const bell = page.getByRole('button', { name: 'Notifications, none unread' });
      await bell.waitFor();
      expect(await page.getByTestId('notification-count').count()).toBe(0);
      await markWindow(page);
    }
  });

  it('updates both bells live, without a reload, when the job runs', async () => {
    const result = await runNotificationJob(app.database, new Date());
    expect(result.ran).toBe(true);
    const dana = await countInTable(app, 'dana');
    const maria = await countInTable(app, 'maria');
    expect(dana).toBeGreaterThan(0);
    expect(maria).toBeGreaterThan(dana);

    await expect.poll(() => unreadOf(employee.page), { timeout: 10_000 }).toBe(dana);
    await expect.poll(() => unreadOf(manager.page), { timeout: 10_000 }).toBe(maria);
    expect(await employee.page.getByTestId('notification-count').textContent()).toBe(String(dana));
    await employee.page.getByRole('button', { name: `Notifications, ${dana} unread` }).waitFor();
    expect(await stillSameWindow(employee.page)).toBe(true);
    expect(await stillSameWindow(manager.page)).toBe(true);

    // A second run the same day adds nothing.
    expect(await runNotificationJob(app.database, new Date())).toEqual({ ran: true, created: 0 });
  });

  it('opens the inbox from the keyboard, shows only her own, and Escape returns focus to the bell', async () => {
    const { page } = employee;
    await page.getByTestId('notification-bell').focus();
    await page.keyboard.press('Enter');
    const inbox = page.getByRole('dialog', { name: 'Notifications' });
    await inbox.waitFor();
    expect(await page.getByTestId('notification-bell').getAttribute('aria-expanded')).toBe('true');
    // Focus moved into the inbox, onto its heading.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document
            .activeElement?.tagName,
      ),
    ).toBe('H2');
    const items = inbox.getByTestId('notification-item');
    await expect.poll(() => items.count()).toBe(await countInTable(app, 'dana', false));
    const titles = await items.locator('.inbox-item-title').allTextContents();
    expect(titles.some((t) => t.startsWith('Please return IT-01001'))).toBe(true);
    // Staff reminders (renewals, someone else's late return) are not hers.
    expect(titles.some((t) => t.includes('expires') || t.includes('overdue from'))).toBe(false);

    await page.keyboard.press('Escape');
    await inbox.waitFor({ state: 'detached' });
    expect(await bellHasFocus(page)).toBe(true);
  });

  it('marks one read, then all, and the count follows', async () => {
    const { page } = employee;
    const before = await unreadOf(page);
    await page.getByTestId('notification-bell').click();
    const inbox = page.getByRole('dialog', { name: 'Notifications' });
    await inbox.waitFor();
    await screenshot(page, 'notifications');
    await inbox
      .getByRole('button', { name: /^Mark read: / })
      .first()
      .click();
    await expect.poll(() => unreadOf(page)).toBe(before - 1);
    expect(await countInTable(app, 'dana')).toBe(before - 1);
    if (before - 1 > 0) {
      await inbox.getByRole('button', { name: 'Mark all read' }).click();
      await expect.poll(() => unreadOf(page)).toBe(0);
    }
    expect(await page.getByTestId('notification-count').count()).toBe(0);
    expect(await countInTable(app, 'dana')).toBe(0);
    // The manager's unread are untouched.
    expect(await unreadOf(manager.page)).toBe(await countInTable(app, 'maria'));
    await page.keyboard.press('Escape');
  });

  it('leads from a notification to its subject, and marks it read on the way', async () => {
    const { page } = manager;
    const before = await unreadOf(page);
    await page.getByTestId('notification-bell').click();
    const inbox = page.getByRole('dialog', { name: 'Notifications' });
    const renewal = inbox.locator('[data-testid="notification-item"][data-kind="license_renewal"]').first();
    const title = (await renewal.locator('.inbox-item-title').textContent())!;
    const name = title.replace(/ expires .*$/, '');
    await renewal.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/licenses\/[0-9a-f-]{36}$/);
    await inbox.waitFor({ state: 'detached' });
    await expect.poll(() => unreadOf(page)).toBe(before - 1);
    expect(await stillSameWindow(page)).toBe(true);
    await screenshot(page, 'notifications-manager');
  });
});
