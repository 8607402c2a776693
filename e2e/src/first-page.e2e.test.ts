/**
 * The first page in a fresh Chromium: which JavaScript it loads (the routes are split, so a
 * page's code arrives only when it is visited) and how long it takes to become usable. The
 * timings are measured and written to artifacts/first-page.json, never asserted: a shared
 * machine's load is not the app's speed.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  type Browser,
  browserAvailable,
  openBrowser,
  type RunningApp,
  signIn,
  startApp,
} from './harness.ts';

const run = browserAvailable();

interface Timings {
  /** Milliseconds from the start of navigation. */
  responseEnd: number;
  domContentLoaded: number;
  load: number;
  /** When the page's purpose was on screen (the form, or the first table row). */
  usable: number;
  scripts: { name: string; bytes: number }[];
}

/** Navigation timing and the scripts loaded, read in the page; `usable` is now. */
async function timingsOf(page: Page): Promise<Timings> {
  return page.evaluate(() => {
    // The page's Performance API (this package is typed for Node, not the DOM).
    type Entry = Record<string, number> & { name: string };
    const perf = (
      globalThis as unknown as { performance: { now(): number; getEntriesByType(type: string): Entry[] } }
    ).performance;
    const nav = perf.getEntriesByType('navigation')[0] as Entry;
    const scripts = perf
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.js'))
      .map((r) => ({ name: new URL(r.name).pathname, bytes: r.encodedBodySize as number }));
    return {
      responseEnd: Math.round(nav.responseEnd ?? 0),
      domContentLoaded: Math.round(nav.domContentLoadedEventEnd ?? 0),
      load: Math.round(nav.loadEventEnd ?? 0),
      usable: Math.round(perf.now()),
      scripts,
    };
  });
}

const chunkOf = (t: Timings, page: string) => t.scripts.some((s) => s.name.includes(`/${page}-`));

describe.skipIf(!run)('the first page in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  const measured: Record<string, Timings> = {};

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
  });

  afterAll(async () => {
    if (Object.keys(measured).length > 0) {
      await writeFile(path.join(ARTIFACTS, 'first-page.json'), `${JSON.stringify(measured, null, 2)}\n`);
      for (const [name, t] of Object.entries(measured)) {
        const kb = t.scripts.reduce((sum, s) => sum + s.bytes, 0) / 1024;
        console.log(
          `[first page] ${name}: usable at ${t.usable} ms (DOMContentLoaded ${t.domContentLoaded} ms, load ${t.load} ms), ${t.scripts.length} scripts, ${kb.toFixed(1)} KB transferred`,
        );
      }
    }
    await browser?.close();
    await app?.stop();
  });

  it('loads only the sign-in page’s code on the sign-in page', async () => {
    const { page } = browser;
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Username or email').waitFor();
    const login = await timingsOf(page);
    measured.login = login;
    expect(login.scripts.length).toBeGreaterThan(0);
    for (const other of ['AssetsPage', 'AssetPage', 'CompliancePage', 'OverviewPage', 'LicensesPage']) {
      expect(chunkOf(login, other), other).toBe(false);
    }
  });

  it('loads a page’s code when it is opened: the assets table after a reload, signed in', async () => {
    const { page } = browser;
    await signIn(page, app.url, 'maria');
    await page.goto(`${app.url}/assets`);
    await page.getByTestId('asset-row').first().waitFor();
    const assets = await timingsOf(page);
    measured.assets = assets;
    expect(chunkOf(assets, 'AssetsPage')).toBe(true);
    expect(chunkOf(assets, 'CompliancePage')).toBe(false);
  });
});
