/**
 * Creating, seeding and dropping the benchmark database. Seeding is set-based
 * (`insert … select … from generate_series`), one statement per table and batch.
 */
import pg from 'pg';

export const BENCH_PASSWORD = 'bench-password-1';
export const MANAGER = 'bench_manager';
export const EMPLOYEE = 'bench_employee';
/** A holder of 1% of all assets (a loaner pool, say): shows how the holder filter grows with it. */
export const DEPOT = 'bench_depot';
const OTHER_EMPLOYEES = 1_000;
/** How many assets `bench_employee` holds: enough for full pages of 50. */
export const EMPLOYEE_HOLDS = 200;

const TYPES = [
  'laptop',
  'desktop',
  'monitor',
  'phone',
  'tablet',
  'server',
  'network',
  'printer',
  'peripheral',
  'other',
];
const CONDITIONS = ['new', 'good', 'fair', 'poor', 'broken'];
const LOCATIONS = [
  'HQ Berlin · 3rd floor',
  'HQ Berlin · store room',
  'Lisbon office',
  'Remote',
  'Data centre FRA1',
];
// Stage by g % 20: 40% deployed (all held), 30% in stock, 5% in maintenance, 5% ordered,
// 10% retired, 5% disposed, 5% lost.
const STAGE_BY_MOD20 = [
  ...Array(8).fill('deployed'),
  ...Array(5).fill('in_stock'),
  'in_maintenance',
  'ordered',
  'retired',
  'retired',
  'disposed',
  'lost',
  'in_stock',
];

export function serverUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A URL without its password, to print. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function createBenchDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const admin = serverUrl();
  const name = `itam_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return {
    name,
    url: withDatabase(admin, name),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface SeededUsers {
  managerId: string;
  employeeId: string;
  depotId: string;
}

/** The bench users and 1,000 other employees, all with the same (real argon2id) password hash. */
export async function seedUsers(client: pg.Client, passwordHash: string): Promise<SeededUsers> {
  await client.query(
    `insert into users (username, email, password_hash, role)
     values ($1, $1 || '@bench.example', $4, 'manager'),
            ($2, $2 || '@bench.example', $4, 'employee'),
            ($3, $3 || '@bench.example', $4, 'employee')`,
    [MANAGER, EMPLOYEE, DEPOT, passwordHash],
  );
  await client.query(
    `insert into users (username, email, password_hash, role)
     select 'emp_' || lpad(g::text, 5, '0'), 'emp_' || lpad(g::text, 5, '0') || '@bench.example', $1, 'employee'
     from generate_series(1, $2::int) g`,
    [passwordHash, OTHER_EMPLOYEES],
  );
  const { rows } = await client.query<{ username: string; id: string }>(
    'select username, id from users where username = any($1)',
    [[MANAGER, EMPLOYEE, DEPOT]],
  );
  const idOf = (u: string) => rows.find((r) => r.username === u)!.id;
  return { managerId: idOf(MANAGER), employeeId: idOf(EMPLOYEE), depotId: idOf(DEPOT) };
}

/**
 * Adds assets `from`..`to` (inclusive, by number g), their open assignments (every deployed asset
 * is held: 1% of all assets by the depot, the rest spread over the 1,000 employees) and a closed
 * assignment in the history of every tenth asset. The first call also gives `bench_employee` 200
 * held assets spread over the whole range.
 */
export async function seedAssets(
  client: pg.Client,
  users: SeededUsers,
  from: number,
  to: number,
): Promise<{ ms: number }> {
  const started = performance.now();
  await client.query('begin');
  await client.query(`set local synchronous_commit = off`);
  await client.query(
    `insert into assets (tag, name, model, type, serial_number, stage, condition, purchase_date, purchase_cost,
                         warranty_end, location, notes, created_at, updated_at)
     select 'BA-' || lpad(g::text, 8, '0'),
            initcap(($1::text[])[g % 10 + 1]) || ' ' || lpad(g::text, 8, '0'),
            'Model ' || (g % 37),
            ($1::text[])[g % 10 + 1],
            'SN' || substr(md5(g::text), 1, 12),
            ($2::text[])[g % 20 + 1],
            ($3::text[])[g % 5 + 1],
            date '2020-01-01' + (g % 1800),
            100 + (g % 3000) + 0.99,
            date '2023-01-01' + (g % 1800),
            ($4::text[])[g % 5 + 1],
            case when g % 50 = 0 then 'Spare charger in the drawer.' end,
            now() - make_interval(secs => $6::int - g),
            now() - make_interval(secs => $6::int - g)
     from generate_series($5::int, $6::int) g
     order by g`,
    [TYPES, STAGE_BY_MOD20, CONDITIONS, LOCATIONS, from, to],
  );
  // Every deployed asset is held. seq follows g here (one insert, ordered by g, on a fresh table).
  await client.query(
    `insert into assignments (asset_id, user_id, started_at)
     select a.id,
            case when a.seq % 100 = 0 then $1::uuid
                 else (select id from users where username = 'emp_' || lpad((a.seq % $4 + 1)::text, 5, '0')) end,
            now() - interval '30 days'
     from assets a
     where a.seq between $2 and $3 and a.stage = 'deployed'`,
    [users.depotId, from, to, OTHER_EMPLOYEES],
  );
  await client.query(
    `insert into assignments (asset_id, user_id, started_at, ended_at, return_condition)
     select a.id, (select id from users where username = 'emp_' || lpad((a.seq % $3 + 1)::text, 5, '0')),
            now() - interval '700 days', now() - interval '400 days', 'good'
     from assets a
     where a.seq between $1 and $2 and a.seq % 10 = 1`,
    [from, to, OTHER_EMPLOYEES],
  );
  if (from === 1) {
    // bench_employee takes over 200 open assignments, spread over the range (never the depot's).
    await client.query(
      `update assignments set user_id = $1
       where id in (select s.id from assignments s join assets a on a.id = s.asset_id
                    where s.ended_at is null and a.seq % 100 <> 0
                    order by md5(s.id::text) limit $2)`,
      [users.employeeId, EMPLOYEE_HOLDS],
    );
  }
  await client.query('commit');
  return { ms: performance.now() - started };
}

/** VACUUM (for the visibility map and hint bits, as autovacuum would leave them) and ANALYZE. */
export async function vacuumAnalyze(client: pg.Client): Promise<void> {
  for (const table of ['users', 'sessions', 'assets', 'assignments', 'events'])
    await client.query(`vacuum (analyze) ${table}`);
}

export interface Pools {
  /** in_stock assets that nobody holds: transition pool, split between the two servers. */
  transition: string[];
  /** Random assets of any stage for assets.get. */
  get: string[];
  /** A seq deep in the keyset (90% of the way down) for the deep-page list. */
  deepSeq: number;
}

export async function loadPools(client: pg.Client, total: number, transitionSize = 20_000): Promise<Pools> {
  const transition = await client.query<{ id: string }>(
    `select a.id from assets a
     where a.stage = 'in_stock'
       and not exists (select 1 from assignments s where s.asset_id = a.id and s.ended_at is null)
     order by md5(a.id::text) limit $1`,
    [transitionSize],
  );
  const get = await client.query<{ id: string }>('select id from assets tablesample system (5) limit 10000');
  return {
    transition: transition.rows.map((r) => r.id),
    get: get.rows.map((r) => r.id),
    deepSeq: Math.max(2, Math.floor(total * 0.1)),
  };
}
