/**
 * Model-based test of the use cases: random sequences of check-out (single and bulk), check-in,
 * transition, maintenance schedule/start/complete/cancel and seat assign (single and bulk),
 * release and recount run against the real database through callers, and against a pure model
 * that only asks the domain package's rules over in-memory state. After every step the outcome
 * (ok or the refusal's reason, per item for bulk operations), the number of events appended and
 * the whole state (stages, holders, seats, maintenance statuses) must agree.
 *
 * A small universe (3 assets, 3 people, 1-2 licenses of 1-2 seats) makes collisions frequent.
 * Each run builds a fresh universe in the one database of this file, so runs are cheap.
 * ITAM_PROPERTY_RUNS sets the number of runs (default 100; CI uses 500).
 */
import { randomUUID } from 'node:crypto';
import { insertAssignment, insertLicense, insertMaintenance, insertUser } from '@itam/db';
import { describeBackend } from '@itam/db/testing';
import {
  ASSET_STAGES,
  type AssetStage,
  decideCancelMaintenance,
  decideCheckIn,
  decideCheckOut,
  decideCompleteMaintenance,
  decideSeatAssignment,
  decideSeatCount,
  decideStartMaintenance,
  decideTransition,
  HOLDABLE_STAGES,
  includesStage,
  type MaintenanceStatus,
  todayUtc,
  type Verdict,
} from '@itam/domain';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { createAsset, maxEventId, passwordHash } from './factories.ts';
import { useTestApp } from './harness.ts';

const RUNS = Number(process.env.ITAM_PROPERTY_RUNS ?? 100);
const MAX_COMMANDS = 15;
const ASSETS = 3;
const USERS = 3;

const used = useTestApp();
const db = () => used.db;

// ---------------------------------------------------------------------------------------------
// Operations, as plain data (indices into the universe).

type Op =
  | { kind: 'checkOut'; asset: number; user: number }
  | { kind: 'bulkCheckOut'; assets: number[]; user: number }
  | { kind: 'checkIn'; asset: number }
  | { kind: 'transition'; asset: number; to: AssetStage }
  | { kind: 'schedule'; asset: number }
  | { kind: 'start' | 'complete' | 'cancel'; record: number }
  | { kind: 'assignSeat'; license: number; user: number }
  | { kind: 'assignSeats'; license: number; users: number[] }
  | { kind: 'releaseSeat'; license: number; user: number }
  | { kind: 'setSeats'; license: number; seats: number };

function describeOp(op: Op): string {
  const { kind, ...args } = op;
  return `${kind}(${Object.entries(args)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : v}`)
    .join(' ')})`;
}

// ---------------------------------------------------------------------------------------------
// The model: in-memory state, changed only as the domain's rules decide.

interface Model {
  today: string;
  /** Real ids, only for the order in which bulk operations go through items (sorted by id). */
  userIds: string[];
  assetIds: string[];
  assets: { stage: AssetStage; holder: number | null }[];
  users: { disabled: boolean }[];
  licenses: { seats: number; holders: number[]; expiryDate: string | null }[];
  maintenance: { asset: number; status: MaintenanceStatus }[];
}

/** What a step did: `ok`, or the refusal's reason (with per-item reasons for bulk operations). */
interface Outcome {
  result: string;
  events: number;
}

const ok = (events = 1): Outcome => ({ result: 'ok', events });
const no = (reason: string): Outcome => ({ result: reason, events: 0 });
const refusalOf = (v: Verdict<unknown>) => (v.ok ? undefined : v.reason);
const bulkResult = (reason: string, items: [number, string][]) =>
  `${reason}[${items
    .sort((a, b) => a[0] - b[0])
    .map(([i, r]) => `${i}:${r}`)
    .join(',')}]`;

const facts = (m: Model, i: number) => ({ stage: m.assets[i]!.stage, held: m.assets[i]!.holder !== null });
const pick = <T>(list: T[], i: number): [T, number] => [list[i % list.length]!, i % list.length];
/** The `i`-th most recent record (wrapping around), so operations mostly follow a recent schedule. */
const recent = <T>(list: T[], i: number): [T, number] => pick(list, list.length - 1 - (i % list.length));
const distinct = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

function stepModel(m: Model, op: Op): Outcome {
  switch (op.kind) {
    case 'checkOut': {
      const verdict = decideCheckOut({
        asset: facts(m, op.asset),
        assignee: { disabled: m.users[op.user]!.disabled },
      });
      if (!verdict.ok) return no(verdict.reason);
      m.assets[op.asset] = { stage: verdict.value.to, holder: op.user };
      return ok();
    }
    case 'bulkCheckOut': {
      const assets = distinct(op.assets);
      const verdicts = assets.map((i) =>
        decideCheckOut({ asset: facts(m, i), assignee: { disabled: m.users[op.user]!.disabled } }),
      );
      const refused = assets.flatMap((i, k): [number, string][] => {
        const reason = refusalOf(verdicts[k]!);
        return reason ? [[i, reason]] : [];
      });
      if (refused.length > 0) {
        // A bulk refusal answers with the reason of the first refused item, in id order.
        const first = [...refused].sort((a, b) => (m.assetIds[a[0]]! < m.assetIds[b[0]]! ? -1 : 1))[0]!;
        return no(bulkResult(first[1], refused));
      }
      assets.forEach((i, k) => {
        const verdict = verdicts[k]!;
        if (verdict.ok) m.assets[i] = { stage: verdict.value.to, holder: op.user };
      });
      return ok(assets.length);
    }
    case 'checkIn': {
      const verdict = decideCheckIn(facts(m, op.asset));
      if (!verdict.ok) return no(verdict.reason);
      m.assets[op.asset] = { stage: verdict.value.to, holder: null };
      return ok();
    }
    case 'transition': {
      const verdict = decideTransition(facts(m, op.asset), op.to);
      if (!verdict.ok) return no(verdict.reason);
      m.assets[op.asset]!.stage = op.to;
      return ok();
    }
    case 'schedule': {
      // The router's one rule of its own: a disposed asset gets no maintenance.
      if (m.assets[op.asset]!.stage === 'disposed') return no('NOT_ASSIGNABLE');
      m.maintenance.push({ asset: op.asset, status: 'scheduled' });
      return ok();
    }
    case 'start':
    case 'complete':
    case 'cancel': {
      const [record, k] = recent(m.maintenance, op.record);
      const others = m.maintenance.filter(
        (r, j) => j !== k && r.asset === record.asset && r.status === 'in_progress',
      ).length;
      const asset = facts(m, record.asset);
      const verdict =
        op.kind === 'start'
          ? decideStartMaintenance(record, asset)
          : op.kind === 'complete'
            ? decideCompleteMaintenance(record, asset, others)
            : decideCancelMaintenance(record, asset, others);
      if (!verdict.ok) return no(verdict.reason);
      record.status =
        op.kind === 'start' ? 'in_progress' : op.kind === 'complete' ? 'completed' : 'cancelled';
      m.assets[record.asset]!.stage = verdict.value.assetTo;
      return ok();
    }
    case 'assignSeat': {
      const [license] = pick(m.licenses, op.license);
      const verdict = decideSeatAssignment(
        {
          seats: license.seats,
          used: license.holders.length,
          expiryDate: license.expiryDate,
          alreadyHeld: license.holders.includes(op.user),
          assignee: { disabled: m.users[op.user]!.disabled },
        },
        m.today,
      );
      if (!verdict.ok) return no(verdict.reason);
      license.holders.push(op.user);
      return ok();
    }
    case 'assignSeats': {
      const [license] = pick(m.licenses, op.license);
      const users = distinct(op.users);
      // Per person, every reason but the count; then the count for all of them at once.
      const refused = users.flatMap((u): [number, string][] => {
        const reason = refusalOf(
          decideSeatAssignment(
            {
              seats: license.seats,
              used: license.holders.length,
              expiryDate: license.expiryDate,
              alreadyHeld: license.holders.includes(u),
              assignee: { disabled: m.users[u]!.disabled },
            },
            m.today,
          ),
        );
        return reason && reason !== 'SEATS_EXHAUSTED' ? [[u, reason]] : [];
      });
      const count = decideSeatAssignment(
        {
          seats: license.seats,
          used: license.holders.length,
          expiryDate: null,
          alreadyHeld: false,
          assignee: { disabled: false },
        },
        m.today,
        users.length,
      );
      if (refused.length > 0) {
        // The router goes through people in the order of their ids; a person's own reason (an
        // expired license, say) comes before the count, as in the single assignment.
        const first = [...refused].sort((a, b) => (m.userIds[a[0]]! < m.userIds[b[0]]! ? -1 : 1))[0]!;
        return no(bulkResult(first[1], refused));
      }
      if (!count.ok) return no(bulkResult(count.reason, refused));
      license.holders.push(...users);
      return ok();
    }
    case 'releaseSeat': {
      const [license] = pick(m.licenses, op.license);
      if (!license.holders.includes(op.user)) return no('NOT_FOUND');
      license.holders = license.holders.filter((u) => u !== op.user);
      return ok();
    }
    case 'setSeats': {
      const [license] = pick(m.licenses, op.license);
      const verdict = decideSeatCount({ newSeats: op.seats, used: license.holders.length });
      if (!verdict.ok) return no(verdict.reason);
      license.seats = op.seats;
      return ok();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The real system: the same operations through the API's callers, on the real database.

interface Real {
  assets: string[];
  users: string[];
  licenses: string[];
  maintenance: string[];
}

function reasonOfError(error: unknown): string {
  if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.reason;
  throw error;
}

function bulkReasonOf(error: unknown, key: 'assetId' | 'userId', ids: string[]): string {
  const reason = reasonOfError(error);
  const cause = (error as TRPCError).cause as AppError;
  const refusals = (cause.details?.refusals ?? []) as Record<string, string>[];
  return bulkResult(
    reason,
    refusals.map((r): [number, string] => [ids.indexOf(r[key]!), r.reason!]),
  );
}

async function stepReal(r: Real, op: Op): Promise<string> {
  switch (op.kind) {
    case 'checkOut':
      await used.admin.assignments.checkOut({ assetId: r.assets[op.asset]!, userId: r.users[op.user]! });
      return 'ok';
    case 'bulkCheckOut':
      try {
        await used.admin.assignments.bulkCheckOut({
          assetIds: op.assets.map((i) => r.assets[i]!),
          userId: r.users[op.user]!,
        });
        return 'ok';
      } catch (error) {
        return bulkReasonOf(error, 'assetId', r.assets);
      }
    case 'checkIn':
      await used.admin.assignments.checkIn({ assetId: r.assets[op.asset]!, condition: 'good' });
      return 'ok';
    case 'transition':
      await used.admin.assets.transition({ id: r.assets[op.asset]!, to: op.to, reason: 'model test' });
      return 'ok';
    case 'schedule': {
      const record = await used.admin.maintenance.schedule({
        assetId: r.assets[op.asset]!,
        scheduledFor: '2030-01-01',
        type: 'inspection',
        details: 'model test',
      });
      r.maintenance.push(record.id);
      return 'ok';
    }
    case 'start':
    case 'complete':
    case 'cancel':
      await used.admin.maintenance[op.kind]({ id: recent(r.maintenance, op.record)[0] });
      return 'ok';
    case 'assignSeat':
      await used.admin.licenses.assignSeat({
        licenseId: pick(r.licenses, op.license)[0],
        userId: r.users[op.user]!,
      });
      return 'ok';
    case 'assignSeats':
      try {
        await used.admin.licenses.assignSeats({
          licenseId: pick(r.licenses, op.license)[0],
          userIds: op.users.map((u) => r.users[u]!),
        });
        return 'ok';
      } catch (error) {
        return bulkReasonOf(error, 'userId', r.users);
      }
    case 'releaseSeat':
      await used.admin.licenses.releaseSeat({
        licenseId: pick(r.licenses, op.license)[0],
        userId: r.users[op.user]!,
      });
      return 'ok';
    case 'setSeats':
      await used.admin.licenses.update({ id: pick(r.licenses, op.license)[0], patch: { seats: op.seats } });
      return 'ok';
  }
}

/** The real state in the model's shape, read straight from the tables. */
async function readState(r: Real) {
  const assets = await db()
    .selectFrom('assets as a')
    .leftJoin('assignments as s', (join) =>
      join.onRef('s.asset_id', '=', 'a.id').on('s.ended_at', 'is', null),
    )
    .select(['a.id', 'a.stage', 's.user_id'])
    .where('a.id', 'in', r.assets)
    .execute();
  const licenses = await db()
    .selectFrom('licenses')
    .select(['id', 'seats', 'seats_used'])
    .where('id', 'in', r.licenses)
    .execute();
  const seats = await db()
    .selectFrom('license_seats')
    .select(['license_id', 'user_id'])
    .where('license_id', 'in', r.licenses)
    .where('released_at', 'is', null)
    .execute();
  const maintenance =
    r.maintenance.length === 0
      ? []
      : await db()
          .selectFrom('maintenance')
          .select(['id', 'status'])
          .where('id', 'in', r.maintenance)
          .execute();
  const byId = <T extends { id: string }>(rows: T[], id: string) => rows.find((row) => row.id === id)!;
  const userIndex = (id: string | null) => (id === null ? null : r.users.indexOf(id));
  return {
    assets: r.assets.map((id) => {
      const row = byId(assets, id);
      return { stage: row.stage as AssetStage, holder: userIndex(row.user_id) };
    }),
    licenses: r.licenses.map((id) => {
      const row = byId(licenses, id);
      const holders = seats.filter((s) => s.license_id === id).map((s) => userIndex(s.user_id)!);
      return { seats: row.seats, used: row.seats_used, holders: holders.sort() };
    }),
    maintenance: r.maintenance.map((id) => byId(maintenance, id).status as MaintenanceStatus),
  };
}

function modelState(m: Model): Awaited<ReturnType<typeof readState>> {
  return {
    assets: m.assets.map((a) => ({ ...a })),
    licenses: m.licenses.map((l) => ({
      seats: l.seats,
      used: l.holders.length,
      holders: [...l.holders].sort(),
    })),
    maintenance: m.maintenance.map((r) => r.status),
  };
}

// ---------------------------------------------------------------------------------------------
// One command: the same operation on both sides, then compare.

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly op: Op) {}

  check(m: Readonly<Model>): boolean {
    const needsRecord = this.op.kind === 'start' || this.op.kind === 'complete' || this.op.kind === 'cancel';
    return !needsRecord || m.maintenance.length > 0;
  }

  async run(m: Model, r: Real): Promise<void> {
    const label = describeOp(this.op);
    const lastEvent = await maxEventId(db());
    const expected = stepModel(m, this.op);
    const actual = await stepReal(r, this.op).catch(reasonOfError);
    expect(actual, label).toBe(expected.result);
    expect((await maxEventId(db())) - lastEvent, `${label}: events appended`).toBe(expected.events);
    const state = await readState(r);
    expect(state, `${label}: state`).toEqual(modelState(m));
    // Invariants the rules promise together: a holder only in a holdable stage, deployed only with one,
    // and the count on the license row equals its open seats.
    for (const asset of state.assets) {
      if (asset.holder !== null) expect(includesStage(HOLDABLE_STAGES, asset.stage), label).toBe(true);
      if (asset.stage === 'deployed') expect(asset.holder, label).not.toBeNull();
    }
    for (const license of state.licenses) {
      expect(license.used, label).toBe(license.holders.length);
      expect(license.used, label).toBeLessThanOrEqual(license.seats);
    }
  }

  toString(): string {
    return describeOp(this.op);
  }
}

// Asset 0 comes up as often as the two others together, so operations collide on it.
const asset = fc.constantFrom(0, 0, 1, 2);
const user = fc.integer({ min: 0, max: USERS - 1 });
const license = fc.integer({ min: 0, max: 1 });
const record = fc.constantFrom(0, 0, 1, 1, 2, 3);
const some = (arb: fc.Arbitrary<number>) => fc.array(arb, { minLength: 1, maxLength: 3 });

// Maintenance mostly on asset 0, and started more often than ended, so repairs overlap on it.
const maintained = fc.constantFrom(0, 0, 0, 1, 2);
const moveKind = fc.constantFrom('start' as const, 'start' as const, 'complete' as const, 'cancel' as const);

/** One operation, weighted so that every rule comes up within 15 steps. */
const operation: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('checkOut' as const), asset, user }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('bulkCheckOut' as const), assets: some(asset), user }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkIn' as const), asset }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transition' as const),
      asset,
      to: fc.constantFrom(...ASSET_STAGES),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('schedule' as const), asset: maintained }) },
  { weight: 8, arbitrary: fc.record({ kind: moveKind, record }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('assignSeat' as const), license, user }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('assignSeats' as const), license, users: some(user) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('releaseSeat' as const), license, user }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setSeats' as const),
      license,
      seats: fc.integer({ min: 1, max: 3 }),
    }),
  },
);
const commands = [operation.map((op) => new Step(op))];

/** The starting point of a run: who is disabled, where the assets are, which licenses and repairs exist. */
const universe = fc.record({
  disabledUser: fc.option(fc.integer({ min: 0, max: USERS - 1 }), { freq: 2 }),
  stages: fc.array(
    fc.constantFrom<AssetStage>(
      'in_stock',
      'in_stock',
      'in_stock',
      'in_stock',
      'ordered',
      'in_maintenance',
      'retired',
      'lost',
      'disposed',
    ),
    {
      minLength: ASSETS,
      maxLength: ASSETS,
    },
  ),
  licenses: fc.array(
    fc.record({ seats: fc.integer({ min: 1, max: 2 }), expired: fc.constantFrom(false, false, false, true) }),
    { minLength: 1, maxLength: 2 },
  ),
  /** Asset 0 may start held, and in maintenance with repairs already in progress. */
  first: fc.record({
    holder: fc.option(fc.integer({ min: 0, max: USERS - 1 }), { freq: 2 }),
    repairs: fc.constantFrom(0, 0, 1, 2),
  }),
});
type Universe = typeof universe extends fc.Arbitrary<infer U> ? U : never;

/** Builds the universe as rows (setup, not under test: no events) and as a model. */
async function build(u: Universe): Promise<{ model: Model; real: Real }> {
  const hash = await passwordHash();
  const users = await Promise.all(
    Array.from({ length: USERS }, (_, i) => {
      const username = `model-${randomUUID().slice(0, 13)}`;
      return insertUser(db(), {
        username,
        email: `${username}@example.test`,
        passwordHash: hash,
        role: 'employee',
      }).then(async (created) => {
        if (u.disabledUser === i)
          await db().updateTable('users').set({ disabled: true }).where('id', '=', created.id).execute();
        return created;
      });
    }),
  );
  const stages = [...u.stages];
  if (u.first.repairs > 0) stages[0] = 'in_maintenance';
  else if (u.first.holder !== null) stages[0] = 'deployed';
  const assets = await Promise.all(stages.map((stage) => createAsset(db(), { stage })));
  if (u.first.holder !== null) {
    const startedAt = new Date(Date.now() - 60_000);
    await insertAssignment(db(), { assetId: assets[0]!.id, userId: users[u.first.holder]!.id, startedAt });
  }
  const repairs: string[] = [];
  for (let i = 0; i < u.first.repairs; i++) {
    const { id } = await insertMaintenance(db(), {
      assetId: assets[0]!.id,
      type: 'repair',
      scheduledFor: '2030-01-01',
      details: 'model test',
    });
    await db()
      .updateTable('maintenance')
      .set({ status: 'in_progress', started_at: new Date() })
      .where('id', '=', id)
      .execute();
    repairs.push(id);
  }
  const licenses = await Promise.all(
    u.licenses.map((l) =>
      insertLicense(db(), {
        name: `model ${randomUUID().slice(0, 8)}`,
        seats: l.seats,
        expiryDate: l.expired ? '2020-01-01' : null,
      }),
    ),
  );
  return {
    model: {
      today: todayUtc(),
      userIds: users.map((x) => x.id),
      assetIds: assets.map((a) => a.id),
      assets: stages.map((stage, i) => ({ stage, holder: i === 0 ? u.first.holder : null })),
      users: users.map((_, i) => ({ disabled: u.disabledUser === i })),
      licenses: u.licenses.map((l) => ({
        seats: l.seats,
        holders: [],
        expiryDate: l.expired ? '2020-01-01' : null,
      })),
      maintenance: repairs.map(() => ({ asset: 0, status: 'in_progress' as const })),
    },
    real: {
      assets: assets.map((a) => a.id),
      users: users.map((x) => x.id),
      licenses: licenses.map((l) => l.license.id),
      maintenance: repairs,
    },
  };
}

describe(`the use cases agree with the domain's rules, on ${describeBackend()}`, () => {
  it(
    `${RUNS} random sequences of up to ${MAX_COMMANDS} operations`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          universe,
          fc.commands(commands, { maxCommands: MAX_COMMANDS, size: 'max' }),
          async (u, cmds) => {
            const setup = await build(u);
            await fc.asyncModelRun(() => setup, cmds);
          },
        ),
        { numRuns: RUNS },
      );
    },
    Math.max(60_000, RUNS * 2_000),
  );
});
