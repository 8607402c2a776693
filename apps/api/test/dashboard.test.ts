/**
 * The built dashboard as the server sends it: the precompressed copy the request accepts (brotli,
 * gzip, or the file itself), with `Vary: Accept-Encoding`, hashed assets cached for a year and
 * the HTML shell revalidated, and the shell for any page the dashboard routes on the client. The
 * build here is a fixture shaped like `apps/web/dist` after `pnpm --filter @itam/web build`.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from './harness.ts';

const SHELL =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `export const value${i} = 'the dashboard, line ${i}';`).join('\n'),
);
const STYLE = Buffer.from('body { margin: 0 }');

let dist: string;
let test: TestApp;
let baseUrl: string;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'itam-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), SHELL);
  await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const script = path.join(dist, 'assets/index-Ab12Cd34.js');
  await writeFile(script, SCRIPT);
  await writeFile(`${script}.br`, brotliCompressSync(SCRIPT));
  await writeFile(`${script}.gz`, gzipSync(SCRIPT));
  // Too small to be worth compressing: the build writes no copies of it.
  await writeFile(path.join(dist, 'assets/index-Ef56Gh78.css'), STYLE);
  test = await openTestApp({ ITAM_WEB_DIST: dist });
  baseUrl = await test.start();
});

afterAll(async () => {
  await test?.close();
  await rm(dist, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET whose body is the bytes as sent (fetch would decompress them). */
function get(pathname: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${pathname}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const varies = (answer: Answer) =>
  String(answer.headers.vary ?? '')
    .toLowerCase()
    .split(/,\s*/)
    .includes('accept-encoding');

describe('the dashboard’s JavaScript', () => {
  it('is sent as brotli to a browser that accepts it, whatever else it accepts', async () => {
    const answer = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(varies(answer)).toBe(true);
    expect(answer.body.length).toBeLessThan(SCRIPT.length / 2);
    expect(brotliDecompressSync(answer.body).equals(SCRIPT)).toBe(true);
  });

  it('is sent as gzip to a browser that accepts gzip but not brotli', async () => {
    const answer = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(varies(answer)).toBe(true);
    expect(gunzipSync(answer.body).equals(SCRIPT)).toBe(true);
  });

  it('is sent as it is to a client that accepts no encoding, still saying it varies', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const answer = await get('/assets/index-Ab12Cd34.js', headers);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(varies(answer)).toBe(true);
      expect(answer.body.equals(SCRIPT)).toBe(true);
    }
  });

  it('is cached for a year, never to be checked again: its name changes with its content', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const answer = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': encoding });
      expect(answer.headers['cache-control'], encoding).toBe('public, max-age=31536000, immutable');
    }
  });

  it('is sent as it is when the build wrote no compressed copy', async () => {
    const answer = await get('/assets/index-Ef56Gh78.css', { 'accept-encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.body.equals(STYLE)).toBe(true);
  });

  it('has no address of its own for the compressed copies', async () => {
    const answer = await get('/assets/index-Ab12Cd34.js.br', { 'accept-encoding': 'br' });
    expect(answer.status).toBe(404);
  });
});

describe('the HTML shell', () => {
  it('is revalidated before each use at / and at every page the dashboard routes', async () => {
    for (const pathname of ['/', '/index.html', '/overview', '/assets/42?tab=history']) {
      const answer = await get(pathname, { accept: 'text/html', 'accept-encoding': 'gzip, br' });
      expect(answer.status, pathname).toBe(200);
      expect(answer.headers['content-type'], pathname).toMatch(/text\/html/);
      expect(answer.headers['cache-control'], pathname).toBe('no-cache');
      expect(answer.body.toString(), pathname).toBe(SHELL);
    }
  });

  it('is not sent for a missing asset or to a client that does not want HTML', async () => {
    expect((await get('/assets/index-gone.js', { accept: '*/*' })).status).toBe(404);
    expect((await get('/overview', { accept: 'application/json' })).status).toBe(404);
  });

  it('keeps other files revalidated too (the icon has no hash in its name)', async () => {
    const answer = await get('/favicon.svg');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-cache');
  });
});

describe('the API’s answers', () => {
  it('are sent uncompressed: compressing JSON per request costs the CPU every call pays', async () => {
    const answer = await get('/healthz', { 'accept-encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(answer.body.toString())).toMatchObject({ status: 'ok' });
  });
});
