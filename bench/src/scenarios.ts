/** What each scenario sends. Both servers get the very same requests. */
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeCursor } from '@itam/db';
import type pg from 'pg';
import type { ScenarioName } from './args.ts';
import { type LoadSpec, trpcInput } from './load.ts';
import { BENCH_PASSWORD, MANAGER, type Pools, type SeededUsers } from './seed.ts';
import type { ServerKind } from './servers.ts';

export const SCENARIO_LABELS: Record<ScenarioName, string> = {
  list: 'assets.list (holder, 50)',
  get: 'assets.get',
  create: 'assets.create',
  transition: 'assets.transition',
  login: 'auth.login (argon2id)',
};

export interface ScenarioContext {
  users: SeededUsers;
  pools: Pools;
  /** For the transition pool's state. */
  client: pg.Client;
}

let runCounter = 0;

/**
 * `slot` of `slots`: which share of the transition pool this server walks (each server its own, so
 * the stages it knows are its own doing).
 */
export function scenarioSpec(
  name: ScenarioName,
  kind: ServerKind,
  ctx: ScenarioContext,
  slot = kind === 'ours' ? 0 : 1,
  slots = 2,
): LoadSpec {
  const label = SCENARIO_LABELS[name];
  switch (name) {
    case 'list': {
      const path = `/trpc/assets.list${trpcInput({ holderId: ctx.users.employeeId, limit: 50 })}`;
      return { label, method: 'GET', next: () => ({ path }) };
    }
    case 'get': {
      const paths = ctx.pools.get.map((id) => `/trpc/assets.get${trpcInput({ id })}`);
      let i = 0;
      return { label, method: 'GET', next: () => ({ path: paths[i++ % paths.length]! }) };
    }
    case 'create': {
      // Unique tags per request: the run, the server and a counter.
      const prefix = `BC-${process.pid}-${++runCounter}-${kind}`;
      let n = 0;
      return {
        label,
        method: 'POST',
        next: () => {
          n++;
          return {
            path: '/trpc/assets.create',
            body: JSON.stringify({
              tag: `${prefix}-${n}`,
              name: `Bench laptop ${n}`,
              model: 'ThinkPad T14 Gen 5',
              type: 'laptop',
              serialNumber: `PF${n}`,
              purchaseDate: '2025-03-01',
              purchaseCost: 1299.5,
              warrantyEnd: '2028-03-01',
              location: 'HQ Berlin · store room',
            }),
          };
        },
      };
    }
    case 'transition': {
      // Each server gets its own share of a pool of unheld in-stock assets and walks it round
      // robin, so a row comes back only after thousands of others (no measuring of one row lock).
      // Each request moves its asset to the other stage: in_stock → in_maintenance → in_stock.
      // The stage known for an asset is what the server last answered (a request autocannon
      // builds but never sends changes nothing), re-read from the database before each load.
      const share = Math.floor(ctx.pools.transition.length / slots);
      const ids = ctx.pools.transition.slice(slot * share, (slot + 1) * share);
      const stageOf = new Map<string, string>();
      let i = 0;
      return {
        label,
        method: 'POST',
        // After the previous load's last requests have committed.
        prepare: async () => {
          await sleep(1_000);
          const { rows } = await ctx.client.query<{ id: string; stage: string }>(
            'select id, stage from assets where id = any($1)',
            [ids],
          );
          for (const row of rows) stageOf.set(row.id, row.stage);
        },
        next: () => {
          const id = ids[i++ % ids.length]!;
          const to = stageOf.get(id) === 'in_stock' ? 'in_maintenance' : 'in_stock';
          return {
            path: '/trpc/assets.transition',
            body: JSON.stringify({ id, to, reason: 'Benchmark: routine check' }),
          };
        },
        onResponse: (status, body) => {
          if (status !== 200) return;
          const asset = (JSON.parse(body) as { result: { data: { id: string; stage: string } } }).result.data;
          stageOf.set(asset.id, asset.stage);
        },
      };
    }
    case 'login': {
      const body = JSON.stringify({ username: MANAGER, password: BENCH_PASSWORD });
      return { label, method: 'POST', next: () => ({ path: '/trpc/auth.login', body }) };
    }
  }
}

/** The three list shapes of the scaling check (plus the big holder), same on both servers. */
export function scaleSpecs(users: SeededUsers, deepSeq: number): { key: string; spec: LoadSpec }[] {
  const list = (label: string, input: unknown): LoadSpec => {
    const path = `/trpc/assets.list${trpcInput(input)}`;
    return { label, method: 'GET', next: () => ({ path }) };
  };
  return [
    {
      key: 'holder',
      spec: list('by holder (200 held), page of 50', { holderId: users.employeeId, limit: 50 }),
    },
    { key: 'first', spec: list('unfiltered, first page of 50', { limit: 50 }) },
    {
      key: 'deep',
      spec: list('unfiltered, page of 50 at 90% depth', {
        limit: 50,
        cursor: encodeCursor('created', [deepSeq]),
      }),
    },
    {
      key: 'depot',
      spec: list('by holder of 1% of assets, page of 50', { holderId: users.depotId, limit: 50 }),
    },
  ];
}
