import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../apps/api/test/webhook-receiver.ts';
import { describeInChromium, navLinks, openFromMenu, screenshot, signIn, useApp } from './harness.ts';

// Demo data (apps/api/src/demo.ts): IT-01004 is an in-stock laptop.
const ASSET = 'IT-01004';

describeInChromium('webhooks in Chromium', () => {
  let receiver: Receiver;

  // Registered before the app's hooks, so the receiver is closed after the app has stopped.
  beforeAll(async () => {
    receiver = await startReceiver('/itam-events');
  });

  afterAll(async () => {
    await receiver?.close();
  });

  const { app, admin } = useApp({ browsers: { admin: {} } });

  it('an admin registers a webhook, keeps its secret, changes an asset and sees the signed delivery in the log', async () => {
    const { page } = admin;
    await signIn(page, app.url, 'admin');
    expect(await navLinks(page)).toContain('Webhooks');
    await openFromMenu(page, 'Webhooks');
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();

    // A URL the server refuses is reported beside the field.
    await page.getByLabel('Payload URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Register webhook' }).click();
    await page.getByText('A webhook URL starts with http:// or https://.').waitFor();

    // Only asset events.
    await page.getByLabel('Payload URL').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('Inventory sync');
    await page.getByLabel('All events', { exact: true }).uncheck();
    await page.getByLabel('All asset events').check();
    await page.getByRole('button', { name: 'Register webhook' }).click();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByTestId('webhook-row').filter({ hasText: receiver.url }).waitFor();
    expect(await page.getByTestId('webhook-row').getByText('asset: all').count()).toBe(1);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByRole('textbox', { name: 'Signing secret' }).count()).toBe(0);

    // A change: edit the asset's location.
    await page.goto(`${app.url}/assets?q=${ASSET}`);
    await page.locator(`[data-testid="asset-row"][data-tag="${ASSET}"]`).getByRole('link').click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Location').fill('Webhook lab');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Webhook lab').first().waitFor();

    // The receiver got it, signed with the secret the page showed once.
    await expect.poll(() => receiver.receipts.length, { timeout: 15_000 }).toBe(1);
    const { headers, body, json } = receiver.receipts[0]!;
    const signed = createHmac('sha256', secret)
      .update(`${headers['x-itam-timestamp']}.${body}`)
      .digest('hex');
    expect(headers['x-itam-signature']).toBe(`sha256=${signed}`);
    expect(json.type).toBe('asset.updated');
    expect((json.event.after as { location?: string }).location).toBe('Webhook lab');

    // The delivery log shows it, with its attempt.
    await openFromMenu(page, 'Webhooks');
    await page.getByRole('button', { name: `Deliveries of ${receiver.url}` }).click();
    const row = page.locator('[data-testid="delivery-row"][data-status="succeeded"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(`asset.updated`);
    expect(await row.textContent()).toContain(`#${json.id}`);
    await row.getByText('1 attempt').click();
    await row.getByText(/#1 .*: 200 OK in \d+ ms/).waitFor();
    await screenshot(page, 'webhooks');

    // Redeliver: the same event arrives again, and the log shows a second attempt.
    await row.getByRole('button', { name: `Redeliver event ${json.id}` }).click();
    await expect.poll(() => receiver.receipts.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.receipts[1]!.json.id).toBe(json.id);
    await page.getByTestId('delivery-row').getByText('2 attempts').waitFor();

    // Disable, with confirmation: the status says so.
    await page.getByRole('button', { name: `Disable ${receiver.url}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await page.getByTestId('webhook-row').getByText('Disabled').waitFor();
  });
});
