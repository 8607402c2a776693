/**
 * Employees see only what they hold: their assignments, the licenses they have a seat of (and
 * only their own seat), maintenance of the assets they hold, and their holdings. Asking for
 * someone else's record by id gets NOT_FOUND or FORBIDDEN, never the record. The compliance
 * report matches a hand-computed expectation for a small fixture, and what computeCompliance
 * gives on the same data.
 */
import { insertAssignment, insertLicense, insertMaintenance, insertSeats } from '@itam/db';
import { type ComplianceInput, type ComplianceReport, computeCompliance } from '@itam/domain';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createUser, login, type TestUser, unique } from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';
import { bearer, trpcHttp } from './http.ts';

let testApp: TestApp;
let admin: Caller;
let adminToken: string;
let baseUrl: string;

const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await openTestApp();
  baseUrl = await testApp.start();
  const adminUser = await createUser(db(), { role: 'admin' });
  adminToken = await login(await testApp.caller(), adminUser);
  admin = await testApp.caller(adminToken);
});

afterAll(async () => {
  await testApp?.close();
});

async function rejection(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('what an employee sees', () => {
  let me: TestUser;
  let them: TestUser;
  let meCaller: Caller;
  let meToken: string;
  /** Assets: mine (held), theirs (held), nobody's, and one I held before. */
  const a: Record<'mine' | 'theirs' | 'nobodys' | 'returned', { id: string; tag: string; name: string }> =
    {} as never;
  /** Licenses: seat for me, seat for them, seats for both, no seats. */
  const l: Record<'mine' | 'theirs' | 'shared' | 'none', { id: string; name: string }> = {} as never;
  /** Maintenance on each of the assets. */
  const m: Record<'mine' | 'theirs' | 'nobodys', string> = {} as never;

  beforeAll(async () => {
    me = await createUser(db());
    them = await createUser(db());
    meToken = await login(await testApp.caller(), me);
    meCaller = await testApp.caller(meToken);
    for (const key of ['mine', 'theirs', 'nobodys', 'returned'] as const) a[key] = await createAsset(db());
    await admin.assignments.checkOut({ assetId: a.mine.id, userId: me.id });
    await admin.assignments.checkOut({ assetId: a.theirs.id, userId: them.id });
    await admin.assignments.checkOut({ assetId: a.returned.id, userId: me.id });
    await admin.assignments.checkIn({ assetId: a.returned.id });
    for (const key of ['mine', 'theirs', 'shared', 'none'] as const)
      l[key] = await admin.licenses.create({ name: unique(`Scope ${key}`), seats: 3, productKey: 'SECRET' });
    await admin.licenses.assignSeat({ licenseId: l.mine.id, userId: me.id });
    await admin.licenses.assignSeat({ licenseId: l.theirs.id, userId: them.id });
    await admin.licenses.assignSeats({ licenseId: l.shared.id, userIds: [me.id, them.id] });
    for (const key of ['mine', 'theirs', 'nobodys'] as const) {
      const record = await admin.maintenance.schedule({
        assetId: a[key].id,
        scheduledFor: '2030-01-01',
        type: 'inspection',
        details: `Check ${key}`,
      });
      m[key] = record.id;
    }
  });

  it('assignments.list: their own only, whatever userId or assetId they send', async () => {
    const open = await meCaller.assignments.list({});
    expect(open.items.map((s) => s.asset.id)).toEqual([a.mine.id]);
    expect((await meCaller.assignments.list({ userId: them.id })).items.map((s) => s.asset.id)).toEqual([
      a.mine.id,
    ]);
    expect((await meCaller.assignments.list({ assetId: a.theirs.id })).items).toEqual([]);
    const all = await meCaller.assignments.list({ state: 'all', userId: them.id });
    expect(all.items.map((s) => s.asset.id).sort()).toEqual([a.mine.id, a.returned.id].sort());
    expect(all.items.every((s) => s.user.id === me.id)).toBe(true);
    expect((await meCaller.assignments.list({ state: 'closed' })).items.map((s) => s.asset.id)).toEqual([
      a.returned.id,
    ]);
  });

  it('licenses.list: only licenses they hold a seat of', async () => {
    const { items } = await meCaller.licenses.list({});
    expect(items.map((x) => x.id).sort()).toEqual([l.mine.id, l.shared.id].sort());
    expect((await meCaller.licenses.list({ q: l.theirs.name })).items).toEqual([]);
  });

  it('licenses.get: a held license with only their own seat; any other license is NOT_FOUND', async () => {
    const mine = await meCaller.licenses.get({ id: l.mine.id });
    expect(mine.seats.map((s) => s.user.id)).toEqual([me.id]);
    const shared = await meCaller.licenses.get({ id: l.shared.id });
    expect(shared.seats.map((s) => s.user.id)).toEqual([me.id]);
    // Staff see both seats of the shared license.
    expect((await admin.licenses.get({ id: l.shared.id })).seats.map((s) => s.user.id).sort()).toEqual(
      [me.id, them.id].sort(),
    );
    for (const id of [l.theirs.id, l.none.id, '00000000-0000-4000-8000-000000000000']) {
      expect(await rejection(meCaller.licenses.get({ id }))).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('maintenance.list: only for assets they hold', async () => {
    const { items } = await meCaller.maintenance.list({});
    expect(items.map((x) => x.id)).toEqual([m.mine]);
    expect((await meCaller.maintenance.list({ assetId: a.theirs.id })).items).toEqual([]);
    expect((await meCaller.maintenance.list({ assetId: a.nobodys.id })).items).toEqual([]);
  });

  it('me.holdings: their assets, open assignments and seats', async () => {
    const holdings = await meCaller.me.holdings();
    expect(holdings.assets.map((x) => x.id)).toEqual([a.mine.id]);
    expect(holdings.assignments.map((x) => x.asset.id)).toEqual([a.mine.id]);
    expect(holdings.seats.map((x) => x.license.id).sort()).toEqual([l.mine.id, l.shared.id].sort());
    expect(holdings.seats.every((x) => x.seat.user.id === me.id)).toBe(true);
  });

  it('assets.list and assets.get: their own only', async () => {
    expect((await meCaller.assets.list({ holderId: them.id })).items.map((x) => x.id)).toEqual([a.mine.id]);
    expect((await meCaller.assets.get({ id: a.mine.id })).id).toBe(a.mine.id);
  });

  it("gets NOT_FOUND or FORBIDDEN for another person's record by id, and never the record", async () => {
    const http = trpcHttp(baseUrl);
    const auth = bearer(meToken);
    const probes: [string, unknown, number][] = [
      ['assets.get', { id: a.theirs.id }, 404],
      ['assets.get', { id: a.nobodys.id }, 404],
      ['assets.get', { id: a.returned.id }, 404],
      ['assets.history', { id: a.theirs.id }, 403],
      ['licenses.get', { id: l.theirs.id }, 404],
      ['licenses.get', { id: l.none.id }, 404],
      ['events.list', { entityId: a.theirs.id }, 403],
      ['events.list', { entity: 'license', entityId: l.theirs.id }, 403],
      ['compliance.report', {}, 403],
      ['compliance.overview', {}, 403],
    ];
    const secrets = [
      a.theirs.tag,
      a.theirs.name,
      a.nobodys.tag,
      a.returned.tag,
      l.theirs.name,
      l.none.name,
      them.username,
    ];
    for (const [path, input, status] of probes) {
      const res = await http.query(path, input, auth);
      expect(res.status, `${path} ${JSON.stringify(input)}`).toBe(status);
      expect(res.error.data.reason).toBe(status === 404 ? 'NOT_FOUND' : 'FORBIDDEN');
      expect(res.data).toBeUndefined();
      for (const secret of secrets) expect(res.text, `${path} leaks ${secret}`).not.toContain(secret);
    }
    // And the lists they may call never name the other person's things either.
    for (const path of [
      'assets.list',
      'assignments.list',
      'licenses.list',
      'maintenance.list',
      'me.holdings',
    ]) {
      const res = await http.query(path, path === 'me.holdings' ? undefined : {}, auth);
      expect(res.status, path).toBe(200);
      for (const secret of secrets) expect(res.text, `${path} leaks ${secret}`).not.toContain(secret);
    }
  });
});

describe('compliance.report', () => {
  const TODAY = '2030-06-15';
  let prefix: string;
  let expected: ComplianceReport;
  let input: ComplianceInput;

  beforeAll(async () => {
    prefix = unique('cmp');
    const alice = await createUser(db(), { username: `${prefix}-alice` });
    const bob = await createUser(db(), { username: `${prefix}-bob` });
    const carol = await createUser(db(), { username: `${prefix}-carol` });

    const license = async (name: string, seats: number, expiryDate: string | null, holders: TestUser[]) => {
      const stored = await insertLicense(db(), { name: `${prefix} ${name}`, seats, expiryDate });
      if (holders.length > 0)
        await db()
          .transaction()
          .execute((trx) =>
            insertSeats(
              trx,
              stored.license.id,
              holders.map((u) => ({ userId: u.id })),
            ),
          );
      return { ...stored.license, used: holders.length };
    };
    const alpha = await license('Alpha', 5, '2030-06-16', [alice, bob]); // 1 day left
    const bravo = await license('Bravo', 3, TODAY, []); // last day
    const charlie = await license('Charlie', 2, '2030-06-01', [carol]); // expired, still assigned
    const delta = await license('Delta', 10, '2030-06-20', []); // 5 days left
    const echo = await license('Echo', 1, '2030-07-15', [alice]); // 30 days left
    const foxtrot = await license('Foxtrot', 4, '2030-07-16', []); // 31 days: not yet
    const golf = await license('Golf', 2, '2030-01-01', []); // expired, nobody holds it
    const hotel = await license('Hotel', 2, null, [bob, carol]); // never expires

    const tag = (name: string) => `${prefix}-${name}`.toUpperCase();
    const asset = (name: string, stage: 'in_stock' | 'deployed' | 'disposed', warrantyEnd: string | null) =>
      createAsset(db(), { tag: tag(name), name: `${prefix} ${name}`, stage, warrantyEnd });
    const w1 = await asset('w1', 'in_stock', '2030-06-20'); // 5 days
    const w2 = await asset('w2', 'in_stock', '2030-07-15'); // 30 days
    const w3 = await asset('w3', 'in_stock', '2030-07-16'); // 31 days: not yet
    const w4 = await asset('w4', 'disposed', '2030-06-18'); // disposed: not counted
    const w5 = await asset('w5', 'in_stock', '2030-06-14'); // already ended
    const w6 = await asset('w6', 'deployed', TODAY); // ends today, held below
    const d1 = await asset('d1', 'deployed', null); // deployed, nobody holds it
    const h1 = await asset('h1', 'deployed', null);
    const h2 = await asset('h2', 'deployed', null);
    const h3 = await asset('h3', 'deployed', null);
    const h4 = await asset('h4', 'in_stock', null);

    const hold = (assetId: string, user: TestUser, expectedReturn: string | null) =>
      insertAssignment(db(), { assetId, userId: user.id, expectedReturn });
    const s1 = await hold(h1.id, alice, '2030-06-10'); // 5 days overdue
    const s2 = await hold(h2.id, bob, '2030-06-14'); // 1 day overdue
    const s3 = await hold(h3.id, carol, TODAY); // due today: not overdue
    const s6 = await hold(w6.id, alice, null); // no date
    // A returned asset that was late is not overdue any more.
    const past = await insertAssignment(db(), {
      assetId: h4.id,
      userId: bob.id,
      expectedReturn: '2030-06-01',
      startedAt: new Date(Date.now() - 60_000),
    });
    await db().updateTable('assignments').set({ ended_at: new Date() }).where('id', '=', past.id).execute();

    const maintenance = async (assetId: string, scheduledFor: string, status: string) => {
      const record = await insertMaintenance(db(), {
        assetId,
        type: 'inspection',
        scheduledFor,
        details: 'x',
      });
      if (status !== 'scheduled')
        await db().updateTable('maintenance').set({ status }).where('id', '=', record.id).execute();
      return { id: record.id, assetId, scheduledFor, status };
    };
    const m1 = await maintenance(w1.id, '2030-06-05', 'scheduled'); // 10 days overdue
    const m2 = await maintenance(w2.id, '2030-06-14', 'scheduled'); // 1 day overdue
    const m3 = await maintenance(w3.id, '2030-06-01', 'in_progress'); // started: not overdue
    const m4 = await maintenance(w5.id, TODAY, 'scheduled'); // due today: not overdue
    await maintenance(w5.id, '2030-05-01', 'completed');
    await maintenance(w5.id, '2030-05-01', 'cancelled');

    // By hand.
    const seat = (x: typeof alpha) => ({
      licenseId: x.id,
      name: x.name,
      used: x.used,
      owned: x.seats,
      free: x.seats - x.used,
    });
    expected = {
      today: TODAY,
      seats: [alpha, bravo, charlie, delta, echo, foxtrot, golf, hotel].map(seat),
      expiredStillAssigned: [
        { licenseId: charlie.id, name: charlie.name, expiryDate: '2030-06-01', used: 1 },
      ],
      expiring: [
        { licenseId: bravo.id, name: bravo.name, expiryDate: TODAY, daysLeft: 0, window: 1 },
        { licenseId: alpha.id, name: alpha.name, expiryDate: '2030-06-16', daysLeft: 1, window: 1 },
        { licenseId: delta.id, name: delta.name, expiryDate: '2030-06-20', daysLeft: 5, window: 7 },
        { licenseId: echo.id, name: echo.name, expiryDate: '2030-07-15', daysLeft: 30, window: 30 },
      ],
      overdueReturns: [
        {
          assignmentId: s1.id,
          assetId: h1.id,
          assetTag: h1.tag,
          userId: alice.id,
          username: alice.username,
          expectedReturn: '2030-06-10',
          daysOverdue: 5,
        },
        {
          assignmentId: s2.id,
          assetId: h2.id,
          assetTag: h2.tag,
          userId: bob.id,
          username: bob.username,
          expectedReturn: '2030-06-14',
          daysOverdue: 1,
        },
      ],
      deployedWithoutHolder: [{ assetId: d1.id, tag: d1.tag, name: d1.name }],
      warrantiesEnding: [
        { assetId: w6.id, tag: w6.tag, warrantyEnd: TODAY, daysLeft: 0 },
        { assetId: w1.id, tag: w1.tag, warrantyEnd: '2030-06-20', daysLeft: 5 },
        { assetId: w2.id, tag: w2.tag, warrantyEnd: '2030-07-15', daysLeft: 30 },
      ],
      maintenanceOverdue: [
        {
          maintenanceId: m1.id,
          assetId: w1.id,
          assetTag: w1.tag,
          scheduledFor: '2030-06-05',
          daysOverdue: 10,
        },
        {
          maintenanceId: m2.id,
          assetId: w2.id,
          assetTag: w2.tag,
          scheduledFor: '2030-06-14',
          daysOverdue: 1,
        },
      ],
    };

    // The same fixture as the domain's input, written out from what was created above.
    const lic = (x: typeof alpha) => ({
      id: x.id,
      name: x.name,
      seats: x.seats,
      used: x.used,
      expiryDate: x.expiryDate,
    });
    const holders = new Map([
      [w6.id, alice.id],
      [h1.id, alice.id],
      [h2.id, bob.id],
      [h3.id, carol.id],
    ]);
    input = {
      today: TODAY,
      licenses: [alpha, bravo, charlie, delta, echo, foxtrot, golf, hotel].map(lic),
      assets: [w1, w2, w3, w4, w5, w6, d1, h1, h2, h3, h4].map((x) => ({
        id: x.id,
        tag: x.tag,
        name: x.name,
        stage: x.stage,
        holderId: holders.get(x.id) ?? null,
        warrantyEnd: x.warrantyEnd,
      })),
      assignments: [
        [s1, h1, alice, '2030-06-10'],
        [s2, h2, bob, '2030-06-14'],
        [s3, h3, carol, TODAY],
        [s6, w6, alice, null],
      ].map(([s, x, u, expectedReturn]) => ({
        id: (s as { id: string }).id,
        assetId: (x as typeof h1).id,
        assetTag: (x as typeof h1).tag,
        userId: (u as TestUser).id,
        username: (u as TestUser).username,
        expectedReturn: expectedReturn as string | null,
      })),
      maintenance: [m1, m2, m3, m4].map((r) => ({
        id: r.id,
        assetId: r.assetId,
        assetTag: [w1, w2, w3, w5].find((x) => x.id === r.assetId)!.tag,
        scheduledFor: r.scheduledFor,
        status: r.status as 'scheduled' | 'in_progress',
      })),
    };
  });

  /** The report restricted to this fixture (the file's database holds other tests' rows too). */
  function ofFixture(report: ComplianceReport): ComplianceReport {
    const mine = (name: string) => name.startsWith(`${prefix} `);
    const tagged = (tag: string) => tag.startsWith(`${prefix}-`.toUpperCase());
    return {
      today: report.today,
      seats: report.seats.filter((x) => mine(x.name)),
      expiredStillAssigned: report.expiredStillAssigned.filter((x) => mine(x.name)),
      expiring: report.expiring.filter((x) => mine(x.name)),
      overdueReturns: report.overdueReturns.filter((x) => tagged(x.assetTag)),
      deployedWithoutHolder: report.deployedWithoutHolder.filter((x) => tagged(x.tag)),
      warrantiesEnding: report.warrantiesEnding.filter((x) => tagged(x.tag)),
      maintenanceOverdue: report.maintenanceOverdue.filter((x) => tagged(x.assetTag)),
    };
  }

  it('matches the hand-computed expectation for the fixture', async () => {
    expect(ofFixture(await admin.compliance.report({ today: TODAY }))).toEqual(expected);
  });

  it("equals what the domain's computeCompliance gives on the same data", async () => {
    expect(computeCompliance(input)).toEqual(expected);
    const res = await trpcHttp(baseUrl).query('compliance.report', { today: TODAY }, bearer(adminToken));
    expect(ofFixture(res.data)).toEqual(computeCompliance(input));
  });

  it('is for staff only', async () => {
    const person = await createUser(db());
    const caller = await testApp.caller(await login(await testApp.caller(), person));
    expect(await rejection(caller.compliance.report({ today: TODAY }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
