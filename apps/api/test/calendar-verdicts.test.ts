/**
 * The dashboard's "warranty ended", "maintenance overdue" and license expiry badges show the
 * server's verdicts, decided on the server's calendar day as the compliance report decides them:
 * `assets.get` (and every asset a mutation returns) carries `warrantyEnded`, `maintenance.list`
 * carries `overdue`, every license answer carries `expired` and `daysUntilExpiry`, and each agrees
 * with `compliance.report` at the boundary (the last day, the day after).
 */
import { insertMaintenance } from '@itam/db';
import { addDays, todayUtc } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { createAsset, createUser, unique } from './factories.ts';
import { useTestApp } from './harness.ts';

const used = useTestApp();
const db = () => used.db;

describe('server-side calendar verdicts', () => {
  it('a warranty ending today has not ended; one that ended yesterday has, as the report says', async () => {
    const today = todayUtc();
    const lastDay = await createAsset(db(), { warrantyEnd: today });
    const ended = await createAsset(db(), { warrantyEnd: addDays(today, -1) });
    const none = await createAsset(db(), { warrantyEnd: null });
    expect((await used.admin.assets.get({ id: lastDay.id })).warrantyEnded).toBe(false);
    expect((await used.admin.assets.get({ id: ended.id })).warrantyEnded).toBe(true);
    expect((await used.admin.assets.get({ id: none.id })).warrantyEnded).toBe(false);
    const report = await used.admin.compliance.report();
    const ending = report.warrantiesEnding.map((w) => w.assetId);
    expect(ending).toContain(lastDay.id);
    expect(ending).not.toContain(ended.id);
    // A mutation's answer carries the verdict too (the page caches it as its asset).
    const moved = await used.admin.assets.transition({ id: ended.id, to: 'retired', reason: 'old' });
    expect(moved.warrantyEnded).toBe(true);
  });

  it('maintenance planned for today is not overdue; planned for yesterday and not started, it is', async () => {
    const today = todayUtc();
    const asset = await createAsset(db());
    const plan = (scheduledFor: string) =>
      insertMaintenance(db(), { assetId: asset.id, type: 'inspection', scheduledFor, details: 'Check' });
    const dueToday = await plan(today);
    const late = await plan(addDays(today, -1));
    const started = await plan(addDays(today, -2));
    await used.admin.maintenance.start({ id: started.id });
    const { items } = await used.admin.maintenance.list({ assetId: asset.id });
    const overdue = new Map(items.map((m) => [m.id, m.overdue]));
    expect(overdue).toEqual(
      new Map([
        [dueToday.id, false],
        [late.id, true],
        [started.id, false],
      ]),
    );
    const report = await used.admin.compliance.report();
    const listed = report.maintenanceOverdue.map((m) => m.maintenanceId);
    expect(listed).toContain(late.id);
    expect(listed).not.toContain(dueToday.id);
    expect(listed).not.toContain(started.id);
  });

  it('a license is valid on its last day and expired from the day after, as the report says', async () => {
    const today = todayUtc();
    const employeeUser = await createUser(db(), { role: 'employee' });
    const employee = await used.signIn(employeeUser);
    /** A license with one seat held by the employee, then given this expiry date. */
    const held = async (expiryDate: string | null) => {
      const created = await used.admin.licenses.create({
        name: unique('Suite'),
        seats: 2,
        productKey: 'K-1',
      });
      await used.admin.licenses.assignSeat({ licenseId: created.id, userId: employeeUser.id });
      return used.admin.licenses.update({ id: created.id, patch: { expiryDate } });
    };
    const lastDay = await held(today);
    const ended = await held(addDays(today, -1));
    const inAWeek = await held(addDays(today, 7));
    const never = await held(null);
    // The mutation's answer carries the verdict too (the edit page caches it).
    expect(ended).toMatchObject({ expired: true, daysUntilExpiry: -1, productKey: 'K-1' });

    const expected = new Map([
      [lastDay.id, { expired: false, daysUntilExpiry: 0 }],
      [ended.id, { expired: true, daysUntilExpiry: -1 }],
      [inAWeek.id, { expired: false, daysUntilExpiry: 7 }],
      [never.id, { expired: false, daysUntilExpiry: null }],
    ]);
    const standing = (l: { id: string; expired: boolean; daysUntilExpiry: number | null }) =>
      [l.id, { expired: l.expired, daysUntilExpiry: l.daysUntilExpiry }] as const;
    const ids = new Set(expected.keys());
    const listed = (await used.admin.licenses.list({ limit: 200 })).items.filter((l) => ids.has(l.id));
    expect(new Map(listed.map(standing))).toEqual(expected);
    for (const id of ids) {
      // Staff (with the key) and the seat holder (without it) get the same verdict.
      expect(standing((await used.admin.licenses.get({ id })).license)[1]).toEqual(expected.get(id));
      const own = (await employee.licenses.get({ id })).license;
      expect('productKey' in own).toBe(false);
      expect(standing(own)[1]).toEqual(expected.get(id));
    }
    const holdings = (await employee.me.holdings()).seats.map((s) => s.license);
    expect(new Map(holdings.filter((l) => ids.has(l.id)).map(standing))).toEqual(expected);

    const report = await used.admin.compliance.report();
    expect(report.today).toBe(today);
    const expiredStillAssigned = report.expiredStillAssigned
      .map((l) => l.licenseId)
      .filter((id) => ids.has(id));
    expect(expiredStillAssigned).toEqual([ended.id]);
    const expiring = report.expiring.filter((l) => ids.has(l.licenseId));
    expect(new Map(expiring.map((l) => [l.licenseId, l.daysLeft]))).toEqual(
      new Map([
        [lastDay.id, 0],
        [inAWeek.id, 7],
      ]),
    );
    // Assigning a seat is refused by the same verdict the badge shows.
    const another = await createUser(db(), { role: 'employee' });
    await expect(
      used.admin.licenses.assignSeat({ licenseId: ended.id, userId: another.id }),
    ).rejects.toMatchObject({
      cause: { reason: 'LICENSE_EXPIRED' },
    });
    await used.admin.licenses.assignSeat({ licenseId: lastDay.id, userId: another.id });
  });
});
