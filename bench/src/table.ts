/**
 * `pnpm --filter @itam/bench table`: time to first rows of the dashboard's assets table with
 * 100,000 assets (or --assets N) on a real PostgreSQL, in Debian's Chromium. A benchmark, not a
 * test: it prints and saves the numbers and asserts nothing.
 *
 * It seeds a fresh database like `pnpm bench`, starts the API serving the built dashboard, signs in
 * as the bench manager, and for each view (no filter, filters, search, sort) loads the page cold
 * (a full navigation) several times, taking the time from the start of navigation until the first
 * row is on screen, and the time of the assets.list request itself.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '@itam/api/server';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { hashPassword } from '../../apps/api/src/auth/passwords.ts';
import { loadConfig } from '../../apps/api/src/config.ts';
import {
  BENCH_PASSWORD,
  createBenchDatabase,
  MANAGER,
  redact,
  seedAssets,
  seedUsers,
  serverUrl,
  vacuumAnalyze,
} from './seed.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.resolve(import.meta.dirname, '../../apps/web/dist');
const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');
const RUNS = 5;

const VIEWS: Record<string, string> = {
  'newest first': '/assets',
  'stage = deployed': '/assets?stage=deployed',
  'type = laptop, stage = in stock': '/assets?type=laptop&stage=in_stock',
  'search "BA-0000500"': '/assets?q=BA-0000500',
  'sorted by tag': '/assets?sort=tag',
  'sorted by name': '/assets?sort=name',
};

const argIndex = process.argv.indexOf('--assets');
const ASSETS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 100_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main() {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('build the dashboard first');
  console.log(`PostgreSQL server: ${redact(serverUrl())}; ${ASSETS.toLocaleString('en')} assets`);
  const created = await createBenchDatabase();
  const client = new pg.Client({ connectionString: created.url });
  const profile = await mkdtemp(path.join(tmpdir(), 'itam-table-'));
  let app: Awaited<ReturnType<typeof createServer>> | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    app = await createServer(
      loadConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: created.url,
        ITAM_SECRET: randomBytes(32).toString('base64url'),
        ITAM_WEB_DIST: WEB_DIST,
      }),
    );
    await client.connect();
    const users = await seedUsers(client, await hashPassword(BENCH_PASSWORD));
    const seeded = await seedAssets(client, users, 1, ASSETS);
    await vacuumAnalyze(client);
    console.log(`Seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    const url = await app.start();

    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/login`);
    await page.getByLabel('Username or email').fill(MANAGER);
    await page.getByLabel('Password').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();

    const results: Record<string, { firstRowsMs: number[]; listRequestMs: number[]; rows: number }> = {};
    for (const [name, view] of Object.entries(VIEWS)) {
      const firstRowsMs: number[] = [];
      const listRequestMs: number[] = [];
      let rows = 0;
      // One warm-up load (chunks into the browser cache, plans into PostgreSQL's), then RUNS timed.
      for (let run = 0; run <= RUNS; run++) {
        await page.goto(`${url}${view}`);
        await page.getByTestId('asset-row').first().waitFor({ timeout: 30_000 });
        const timing = await page.evaluate(() => {
          type Entry = { name: string; startTime: number; responseEnd: number };
          const perf = (
            globalThis as unknown as { performance: { now(): number; getEntriesByType(t: string): Entry[] } }
          ).performance;
          const list = perf.getEntriesByType('resource').find((e) => e.name.includes('assets.list'));
          return { now: perf.now(), list: list ? list.responseEnd - list.startTime : Number.NaN };
        });
        rows = await page.getByTestId('asset-row').count();
        if (run === 0) continue;
        firstRowsMs.push(Math.round(timing.now));
        listRequestMs.push(Math.round(timing.list));
      }
      results[name] = { firstRowsMs, listRequestMs, rows };
      console.log(
        `${name.padEnd(32)} first rows: median ${median(firstRowsMs)} ms (${firstRowsMs.join(', ')}); assets.list request: median ${median(listRequestMs)} ms; ${rows} rows`,
      );
    }
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `table-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify({ assets: ASSETS, runs: RUNS, results }, null, 2)}\n`);
    console.log(`JSON: ${path.relative(process.cwd(), file)}`);
  } finally {
    await context?.close().catch(() => {});
    await app?.stop().catch(() => {});
    await client.end().catch(() => {});
    await created.drop();
    await rm(profile, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
  }
}

await main();
