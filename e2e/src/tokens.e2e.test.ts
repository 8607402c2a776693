import { expect, it } from 'vitest';
import { describeInChromium, navLinks, openFromMenu, screenshot, signIn, useApp } from './harness.ts';

/** A call with the token, as another service would make it. */
async function listAssets(baseUrl: string, token: string) {
  const response = await fetch(`${baseUrl}/trpc/assets.list?input=${encodeURIComponent('{"limit":1}')}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { error?: { data?: { reason?: string } } };
  return { status: response.status, reason: body.error?.data?.reason };
}

describeInChromium('API tokens in Chromium', () => {
  const { app, admin, manager } = useApp({ browsers: { admin: {}, manager: {} } });

  it('shows the API tokens link to admins only', async () => {
    await signIn(manager.page, app.url, 'maria');
    expect(await navLinks(manager.page)).not.toContain('API tokens');
    await signIn(admin.page, app.url, 'admin');
    expect(await navLinks(admin.page)).toContain('API tokens');
  });

  it('creates a token, shows its secret once with a copy button, and revokes it after a confirmation', async () => {
    const { page, context } = admin;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await openFromMenu(page, 'API tokens');
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();

    await page.getByLabel('Service name').fill('inventory-sync');
    await page.getByLabel('Role').selectOption('manager');
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Token for inventory-sync' });
    const token = (await dialog.getByTestId('token-secret').textContent())?.trim() ?? '';
    expect(token).toMatch(/^itam_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied.').waitFor();
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe(token);
    await screenshot(page, 'api-token-created');
    await dialog.getByRole('button', { name: 'I have stored it' }).click();

    // Shown once: gone from the page, and the list has the token without it.
    const row = page.getByTestId('token-table').getByRole('row').filter({ hasText: 'inventory-sync' });
    await row.getByText('Active').waitFor();
    expect(await page.content()).not.toContain(token);
    await page.reload();
    await row.getByText('Active').waitFor();
    expect(await page.content()).not.toContain(token);
    expect(await listAssets(app.url, token)).toEqual({ status: 200, reason: undefined });
    await screenshot(page, 'api-tokens');

    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the token of inventory-sync?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await listAssets(app.url, token)).toEqual({ status: 200, reason: undefined });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText(/Revoked/).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await listAssets(app.url, token)).toEqual({ status: 401, reason: 'TOKEN_REVOKED' });
  });

  it('explains a refused name beside the form', async () => {
    const { page } = admin;
    await page.getByLabel('Service name').fill('inventory-sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText(/taken/i).first().waitFor();
  });
});
