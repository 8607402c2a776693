import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@itam/api/config';
import { seedDemo } from '@itam/api/demo';
import { createServer } from '@itam/api/server';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const WEB_DIST = path.resolve(import.meta.dirname, '../../apps/web/dist');

/**
 * Whether the browser suite can run here. Without Chromium it is skipped with a notice, except
 * in CI (or with ITAM_REQUIRE_BROWSER=1), where a missing browser is a failure.
 */
function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) {
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error('apps/web/dist is missing: run `pnpm --filter @itam/web build` first.');
    }
    return true;
  }
  if (process.env.CI || process.env.ITAM_REQUIRE_BROWSER === '1') {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium).`,
    );
  }
  console.warn(`[e2e] skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return false;
}

/** `describe` for browser tests: the block is skipped where no Chromium can run (see browserAvailable). */
export function describeInChromium(name: string, body: () => void): void {
  describe.skipIf(!browserAvailable())(name, body);
}

interface RunningApp {
  url: string;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** The real API with demo data, serving the built dashboard, on a random port. `config`: more settings. */
async function startApp(config: Record<string, string> = {}): Promise<RunningApp> {
  const database = await createTestDatabase();
  const app = await createServer(
    loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      ITAM_WEB_DIST: WEB_DIST,
      ...config,
    }),
    { database },
  );
  await seedDemo(database, app.services.keyring);
  const url = await app.start();
  return {
    url,
    database,
    async stop() {
      await app.stop();
      await database.close();
    },
  };
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A phone's window, for the pages' narrow layout. */
export const PHONE = { width: 375, height: 740 };

/** A fresh Chromium with its own empty profile, so two browsers share no cookies. */
async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'itam-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** One browser a test file asks useApp for. */
export interface BrowserWanted {
  /** Its window; a 1280 by 800 desktop window when left out. */
  viewport?: { width: number; height: number };
  /** The demo user signed in before the first test; left out, the browser starts on a blank page. */
  signIn?: string;
}

/** What a test sees of the running app. */
export type AppUnderTest = Pick<RunningApp, 'url' | 'database'>;

/** What a test sees of one browser. */
export type BrowserUnderTest = Pick<Browser, 'context' | 'page'>;

/**
 * A test file's app and browsers. Before the file's first test: the app with demo data (`config`:
 * more settings), then one fresh Chromium per name in `browsers`, each signed in where asked; after
 * its last test, all of them closed. Call it at the top of the describe block: the handles it
 * returns can be destructured at once, and work from the first test (or a later beforeAll) on.
 */
export function useApp<Name extends string>(options: {
  config?: Record<string, string>;
  browsers: Record<Name, BrowserWanted>;
}): { app: AppUnderTest } & Record<Name, BrowserUnderTest> {
  const names = Object.keys(options.browsers) as Name[];
  let running: RunningApp | undefined;
  const opened = new Map<Name, Browser>();

  beforeAll(async () => {
    running = await startApp(options.config);
    const url = running.url;
    await Promise.all(
      names.map(async (name) => {
        opened.set(name, await openBrowser(options.browsers[name].viewport));
      }),
    );
    await Promise.all(
      names.map(async (name) => {
        const username = options.browsers[name].signIn;
        if (username) await signIn(opened.get(name)!.page, url, username);
      }),
    );
  });

  afterAll(async () => {
    await Promise.all([...opened.values()].map((browser) => browser.close()));
    await running?.stop();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`${what} is not open yet: use it in a test or in a later beforeAll`);
    return value;
  };
  const app: AppUnderTest = {
    get url() {
      return ready(running, 'the app').url;
    },
    get database() {
      return ready(running, 'the app').database;
    },
  };
  const browsers = Object.fromEntries(
    names.map((name): [Name, BrowserUnderTest] => [
      name,
      {
        get context() {
          return ready(opened.get(name), `the browser "${name}"`).context;
        },
        get page() {
          return ready(opened.get(name), `the browser "${name}"`).page;
        },
      },
    ]),
  ) as Record<Name, BrowserUnderTest>;
  return { ...browsers, app };
}

/** Saves a full-page screenshot of the page, after checking it with axe-core (see expectAccessible). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await expectAccessible(page, name);
  // Notifications would cover the page: close them first.
  await page
    .getByTestId('toast')
    .getByRole('button', { name: 'Dismiss' })
    .evaluateAll((buttons) => {
      for (const button of buttons) (button as unknown as { click(): void }).click();
    });
  // A sticky header would show up mid-page in a full-page shot of a scrolled page.
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password = 'itam-demo',
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The start page: the overview for staff, "My holdings" for employees.
  await page.getByTestId('current-user').waitFor();
  await page.locator('#main h1').first().waitFor();
}

/**
 * The text of each link in the header's main navigation, in order: those in the header, then
 * those behind its "More" (or, on a phone, "Menu") button, which is opened to read them and closed.
 */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const toggle = nav.getByTestId('nav-toggle');
  const folds = await toggle.isVisible();
  if (folds) await toggle.click();
  const links = (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
  if (folds) await page.keyboard.press('Escape');
  return links;
}

/** Follows the header's link to a page, opening "More" (or "Menu") first when the link is behind it. */
export async function openFromMenu(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const link = nav.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await nav.getByTestId('nav-toggle').click();
  await link.click();
}

/** Marks the page's window; the mark survives anything but a reload or a new page load. */
export async function markWindow(page: Page) {
  await page.evaluate(() => {
    (globalThis as unknown as { e2eMark: boolean }).e2eMark = true;
  });
}

/** Whether the page is still the window markWindow marked: no reload or page load since. */
export async function stillSameWindow(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { e2eMark?: boolean }).e2eMark === true);
}

/** A calendar date `days` from today (UTC), as the date inputs take it. */
export function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) in the page and fails on any serious or critical violation,
 * naming the rule and the elements. The engine's source is injected into the page as it is.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const injected = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    const result = (await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    })) as { violations: unknown[] };
    return result.violations;
  })) as AxeViolation[];
  // Every finding of any impact, one file per page, beside the screenshots.
  await mkdir(path.join(ARTIFACTS, 'a11y'), { recursive: true });
  await writeFile(path.join(ARTIFACTS, 'a11y', `${name}.json`), `${JSON.stringify(violations, null, 2)}\n`);
  const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  if (failing.length > 0) {
    const lines = failing.map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 5)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
    throw new Error(`accessibility violations on ${name}:\n${lines.join('\n')}`);
  }
}
