import { randomBytes } from 'node:crypto';
import { createServer } from '@itam/api/server';
import pg from 'pg';
import { loadConfig } from '../../apps/api/src/config.ts';
import { BENCH_PASSWORD, MANAGER } from '../src/seed.ts';

const url = process.argv[2]!;
const counts = new Map<string, number>();
const original = pg.Client.prototype.query;
// why: a scratch counter of the statements the API sends, to find extra transactions.
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '?';
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;
const ours = await createServer(
  loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, DATABASE_POOL_SIZE: '10', ITAM_SECRET: randomBytes(32).toString('base64url') }),
);
const url0 = await ours.start();
const login = await fetch(`${url0}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: MANAGER, password: BENCH_PASSWORD }) });
const token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
await new Promise((r) => setTimeout(r, 500));
counts.clear();
const N = 200;
const stamp = Date.now().toString(36);
await Promise.all(
  Array.from({ length: 20 }, async (_, w) => {
    for (let i = w; i < N; i += 20) {
      const res = await fetch(`${url0}/trpc/assets.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ tag: `CNT-${stamp}-${i}`, name: 'Laptop', type: 'laptop' }),
      });
      if (res.status !== 200) console.log(res.status, await res.text());
    }
  }),
);
await new Promise((r) => setTimeout(r, 1000));
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log((v / N).toFixed(2).padStart(6), k);
await ours.stop();
