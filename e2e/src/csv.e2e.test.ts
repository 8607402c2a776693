import { expect, it } from 'vitest';
import { describeInChromium, openFromMenu, screenshot, useApp } from './harness.ts';

describeInChromium('CSV import and export in Chromium', () => {
  const { app, manager } = useApp({ browsers: { manager: { signIn: 'maria' } } });

  const file = (text: string) => ({ name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

  it('checks a file, lists each problem by line and column, then imports the fixed file whole', async () => {
    const { page } = manager;
    await openFromMenu(page, 'Import');
    await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
    await page.getByLabel('What').selectOption('assets');

    await page
      .getByLabel(/CSV file/)
      .setInputFiles(file('tag,name,type\nCSV-E2E-1,Dock,peripheral\nCSV-E2E-2,,spaceship\n'));
    await page.getByRole('button', { name: 'Check file' }).click();
    const problems = page.getByRole('table', { name: 'Problems in the file' });
    await problems.waitFor();
    const rows = await problems.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 2))).toEqual([
      ['3', '2 (name)'],
      ['3', '3 (type)'],
    ]);
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await screenshot(page, 'import-problems');

    await page
      .getByLabel(/CSV file/)
      .setInputFiles(file('tag,name,type\nCSV-E2E-1,Dock,peripheral\nCSV-E2E-2,"Screen, 27""",monitor\n'));
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText('2 rows checked: no problems.').waitFor();
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('Imported 2 assets.').waitFor();

    await page.goto(`${app.url}/assets?q=CSV-E2E`);
    await page.getByRole('link', { name: 'CSV-E2E-2' }).waitFor();
  });

  it('exports the assets table as filtered on screen, with the session cookie', async () => {
    const { page } = manager;
    const link = page.getByRole('link', { name: 'Export CSV' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/export/assets.csv?sort=created&q=CSV-E2E');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv.split('\r\n').filter(Boolean)).toEqual([
      'tag,name,model,type,serialNumber,stage,condition,purchaseDate,purchaseCost,warrantyEnd,location,notes',
      'CSV-E2E-2,"Screen, 27""",,monitor,,in_stock,new,,,,,',
      'CSV-E2E-1,Dock,,peripheral,,in_stock,new,,,,,',
    ]);
  });
});
