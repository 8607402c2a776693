/**
 * The first page in a fresh Chromium: how long it takes to become usable, what JavaScript it
 * loads and how many bytes of it cross the wire. The routes are split, so a page's code arrives
 * only when it is visited; the server sends the build's precompressed copies.
 *
 * "Usable" is the time, from the start of navigation (the page's `performance` time origin), at
 * which the page's purpose is in the document, committed by React with its handlers attached:
 * the sign-in form's username field, the overview's first stage tile, the assets table's first
 * row. An observer installed before any page script records it, so the test's own polling adds
 * nothing. Each case is measured five times (the median is reported; the first sign-in visit is
 * the fresh browser's first page). The timings are written to artifacts/first-page.json with the
 * machine's load average and logged, never asserted: a shared machine's load is not the app's
 * speed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, describeInChromium, signIn, useApp } from './harness.ts';

/** What marks each page usable (see the file's comment). */
const USABLE = {
  login: '#login-username',
  overview: '[data-testid="stage-count"]',
  assets: '[data-testid="asset-row"]',
} as const;
type Mark = keyof typeof USABLE;

/**
 * Runs in every document before its scripts: notes when each mark's selector first matches.
 * Playwright serialises this function into the page, so it may use only its argument.
 */
function observeMarks(selectors: Record<string, string>) {
  const page = globalThis as unknown as {
    document: {
      querySelector(selector: string): unknown;
    };
    performance: { now(): number };
    MutationObserver: new (
      callback: () => void,
    ) => { observe(target: unknown, options: unknown): void; disconnect(): void };
    __itamMarks?: Record<string, number>;
  };
  const marks: Record<string, number> = {};
  page.__itamMarks = marks;
  const check = () => {
    for (const [name, selector] of Object.entries(selectors)) {
      if (marks[name] === undefined && page.document.querySelector(selector))
        marks[name] = page.performance.now();
    }
  };
  new page.MutationObserver(check).observe(page.document, { childList: true, subtree: true });
}

interface Script {
  path: string;
  /** Bytes on the wire, headers included; 0 when the browser's cache answered. */
  transferred: number;
  /** The body as sent (compressed) and as run. */
  encoded: number;
  decoded: number;
  /** Content-Encoding of the response, when the network answered. */
  encoding: string | null;
  /** When it was asked for and when it had arrived, in ms from navigation start. */
  start: number;
  end: number;
}

interface Measurement {
  /** Milliseconds from the start of navigation until the page was usable. */
  usable: number;
  responseEnd: number;
  domContentLoaded: number;
  scripts: Script[];
  /** The API calls before the page was usable (tRPC paths), with their times. */
  calls: { path: string; start: number; end: number }[];
  /** Sums over `scripts`. */
  js: { count: number; transferred: number; encoded: number; decoded: number };
}

/** Opens `url` and waits until `mark` is in the document; reads the timings and scripts. */
async function measure(page: Page, url: string, mark: Mark): Promise<Measurement> {
  const encodings = new Map<string, string | null>();
  const onResponse = (response: Response) => {
    const { pathname } = new URL(response.url());
    if (pathname.endsWith('.js')) encodings.set(pathname, response.headers()['content-encoding'] ?? null);
  };
  page.on('response', onResponse);
  try {
    await page.goto(url);
    await page.locator(USABLE[mark]).first().waitFor();
  } finally {
    page.off('response', onResponse);
  }
  const read = await page.evaluate((name) => {
    type Entry = Record<string, number> & { name: string };
    const window = globalThis as unknown as {
      __itamMarks: Record<string, number>;
      performance: { getEntriesByType(type: string): Entry[] };
    };
    const nav = window.performance.getEntriesByType('navigation')[0] as Entry;
    const resources = window.performance.getEntriesByType('resource').map((r) => ({
      url: r.name,
      start: Math.round(r.startTime as number),
      end: Math.round(r.responseEnd as number),
      transferred: r.transferSize as number,
      encoded: r.encodedBodySize as number,
      decoded: r.decodedBodySize as number,
    }));
    return {
      usable: Math.round(window.__itamMarks[name] ?? Number.NaN),
      responseEnd: Math.round(nav.responseEnd ?? 0),
      domContentLoaded: Math.round(nav.domContentLoadedEventEnd ?? 0),
      resources,
    };
  }, mark);
  const scripts: Script[] = read.resources
    .filter((r) => new URL(r.url).pathname.endsWith('.js'))
    .map(({ url: address, ...r }) => {
      const pathname = new URL(address).pathname;
      return { path: pathname, ...r, encoding: encodings.get(pathname) ?? null };
    });
  const calls = read.resources
    .filter((r) => new URL(r.url).pathname.startsWith('/trpc/') && r.start <= read.usable)
    .map((r) => ({ path: new URL(r.url).pathname.slice('/trpc/'.length), start: r.start, end: r.end }));
  const sum = (key: 'transferred' | 'encoded' | 'decoded') => scripts.reduce((total, s) => total + s[key], 0);
  return {
    usable: read.usable,
    responseEnd: read.responseEnd,
    domContentLoaded: read.domContentLoaded,
    scripts,
    calls,
    js: {
      count: scripts.length,
      transferred: sum('transferred'),
      encoded: sum('encoded'),
      decoded: sum('decoded'),
    },
  };
}

const chunkOf = (m: Measurement, page: string) => m.scripts.some((s) => s.path.includes(`/${page}-`));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Visits per measured case: one visit on a busy machine says little. */
const VISITS = 5;

interface Case {
  /** `usable` of each visit, in order, and their median. */
  usable: { median: number; visits: number[] };
  /** The first visit in full. */
  first: Measurement;
}

describeInChromium('the first page in Chromium', () => {
  const { app, browser } = useApp({ browsers: { browser: {} } });
  let clearCache: () => Promise<void>;
  const measured: Record<string, Case> = {};

  /** Measures `visit` VISITS times (`before` each), records the case, returns the first visit. */
  async function measureCase(
    name: string,
    visit: () => Promise<Measurement>,
    before: () => Promise<void> = async () => {},
  ): Promise<Measurement> {
    const visits: Measurement[] = [];
    for (let i = 0; i < VISITS; i++) {
      await before();
      visits.push(await visit());
    }
    const usable = visits.map((m) => m.usable);
    measured[name] = { usable: { median: median(usable), visits: usable }, first: visits[0]! };
    return visits[0]!;
  }

  beforeAll(async () => {
    await browser.context.addInitScript(observeMarks, USABLE);
    const cdp = await browser.context.newCDPSession(browser.page);
    clearCache = async () => void (await cdp.send('Network.clearBrowserCache'));
  });

  afterAll(async () => {
    if (Object.keys(measured).length > 0) {
      const load = loadavg().map((n) => Number(n.toFixed(2)));
      await mkdir(ARTIFACTS, { recursive: true });
      await writeFile(
        path.join(ARTIFACTS, 'first-page.json'),
        `${JSON.stringify({ loadAverage: load, cores: availableParallelism(), cases: measured }, null, 2)}\n`,
      );
      console.log(`[first page] load average ${load.join(' ')} (${availableParallelism()} cores)`);
      for (const [name, { usable, first }] of Object.entries(measured)) {
        console.log(
          `[first page] ${name}: usable at ${usable.median} ms (median; visits ${usable.visits.join(', ')}); ` +
            `first visit: DOMContentLoaded ${first.domContentLoaded} ms, ${first.js.count} scripts, ` +
            `${kb(first.js.transferred)} transferred (${kb(first.js.decoded)} uncompressed)`,
        );
      }
    }
  });

  it('shows the sign-in form to a first visitor: only the sign-in page’s code, sent compressed', async () => {
    // The first visit is the browser's first page ever; the next ones start from an empty cache.
    let visits = 0;
    const login = await measureCase(
      'sign-in form, empty cache',
      () => measure(browser.page, `${app.url}/`, 'login'),
      async () => {
        if (visits++ > 0) await clearCache();
      },
    );
    expect(new URL(browser.page.url()).pathname).toBe('/login');
    expect(login.scripts.length).toBeGreaterThan(0);
    for (const other of ['AssetsPage', 'AssetPage', 'CompliancePage', 'OverviewPage', 'LicensesPage']) {
      expect(chunkOf(login, other), other).toBe(false);
    }
    // Every script worth compressing came compressed, and is smaller on the wire than in memory.
    for (const script of login.scripts.filter((s) => s.decoded >= 1024)) {
      expect(script.encoding, script.path).toMatch(/^(br|gzip)$/);
      expect(script.encoded, script.path).toBeLessThan(script.decoded / 2);
    }
  });

  it('opens the overview, signed in, with an empty cache and with a warm one', async () => {
    const { page } = browser;
    await signIn(page, app.url, 'maria');
    const cold = await measureCase(
      'overview, signed in, empty cache',
      () => measure(page, `${app.url}/`, 'overview'),
      clearCache,
    );
    expect(chunkOf(cold, 'OverviewPage')).toBe(true);
    expect(chunkOf(cold, 'AssetsPage')).toBe(false);

    const warm = await measureCase('overview, signed in, warm cache', () =>
      measure(page, `${app.url}/`, 'overview'),
    );
    // Hashed scripts are cached as immutable: a second visit asks the network for none of them.
    expect(warm.scripts.length).toBeGreaterThan(0);
    for (const script of warm.scripts) expect(script.transferred, script.path).toBe(0);
  });

  it('loads a page’s code when it is opened: the assets table after a reload, signed in', async () => {
    const assets = await measure(browser.page, `${app.url}/assets`, 'assets');
    measured['assets table, opened by address'] = {
      usable: { median: assets.usable, visits: [assets.usable] },
      first: assets,
    };
    expect(chunkOf(assets, 'AssetsPage')).toBe(true);
    expect(chunkOf(assets, 'CompliancePage')).toBe(false);
  });
});
