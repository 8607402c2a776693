/**
 * The dashboard's "warranty ended" and "maintenance overdue" badges show the server's verdicts,
 * decided on the server's calendar day as the compliance report decides them: `assets.get` (and
 * every asset a mutation returns) carries `warrantyEnded`, `maintenance.list` carries `overdue`,
 * and both agree with `compliance.report` at the boundary (the last day, the day after).
 */
import { insertMaintenance } from '@itam/db';
import { addDays, todayUtc } from '@itam/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createUser, login } from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';

let testApp: TestApp;
let admin: Caller;
const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await openTestApp();
  const adminUser = await createUser(db(), { role: 'admin' });
  admin = await testApp.caller(await login(await testApp.caller(), adminUser));
});

afterAll(async () => {
  await testApp?.close();
});

describe('server-side calendar verdicts', () => {
  it('a warranty ending today has not ended; one that ended yesterday has, as the report says', async () => {
    const today = todayUtc();
    const lastDay = await createAsset(db(), { warrantyEnd: today });
    const ended = await createAsset(db(), { warrantyEnd: addDays(today, -1) });
    const none = await createAsset(db(), { warrantyEnd: null });
    expect((await admin.assets.get({ id: lastDay.id })).warrantyEnded).toBe(false);
    expect((await admin.assets.get({ id: ended.id })).warrantyEnded).toBe(true);
    expect((await admin.assets.get({ id: none.id })).warrantyEnded).toBe(false);
    const report = await admin.compliance.report();
    const ending = report.warrantiesEnding.map((w) => w.assetId);
    expect(ending).toContain(lastDay.id);
    expect(ending).not.toContain(ended.id);
    // A mutation's answer carries the verdict too (the page caches it as its asset).
    const moved = await admin.assets.transition({ id: ended.id, to: 'retired', reason: 'old' });
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
    await admin.maintenance.start({ id: started.id });
    const { items } = await admin.maintenance.list({ assetId: asset.id });
    const overdue = new Map(items.map((m) => [m.id, m.overdue]));
    expect(overdue).toEqual(
      new Map([
        [dueToday.id, false],
        [late.id, true],
        [started.id, false],
      ]),
    );
    const report = await admin.compliance.report();
    const listed = report.maintenanceOverdue.map((m) => m.maintenanceId);
    expect(listed).toContain(late.id);
    expect(listed).not.toContain(dueToday.id);
    expect(listed).not.toContain(started.id);
  });
});
