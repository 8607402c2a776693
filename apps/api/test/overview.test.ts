/**
 * compliance.overview on the demo inventory: its alerts and seats are exactly compliance.report's,
 * and its counts equal what the lists give when counted one by one.
 */
import {
  ASSET_STAGES,
  ASSET_TYPES,
  type AssetStage,
  type AssetType,
  addDays,
  type Overview,
  todayUtc,
} from '@itam/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../src/demo.ts';
import { login } from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';

let testApp: TestApp;
let admin: Caller;
let manager: Caller;

beforeAll(async () => {
  testApp = await openTestApp();
  await seedDemo(testApp.database, testApp.services.keyring);
  const anonymous = await testApp.caller();
  admin = await testApp.caller(await login(anonymous, { username: 'admin', password: DEMO_PASSWORD }));
  manager = await testApp.caller(await login(anonymous, { username: 'maria', password: DEMO_PASSWORD }));
});

afterAll(() => testApp?.close());

/** Counts assets by reading every page of assets.list with the given filter. */
async function countAssets(filter: { stage?: AssetStage[]; type?: AssetType[] }): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page = await admin.assets.list({ ...filter, limit: 200, cursor });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('compliance.overview', () => {
  const today = todayUtc();
  let overview: Overview;

  beforeAll(async () => {
    overview = await manager.compliance.overview({ today });
  });

  it('carries exactly what compliance.report says for the same day', async () => {
    const report = await admin.compliance.report({ today });
    expect(overview.report).toEqual(report);
    for (const seat of overview.topSeats) expect(report.seats).toContainEqual(seat);
    const busiest = [...report.seats].sort((a, b) => b.used - a.used)[0];
    expect(overview.topSeats[0]?.used).toBe(busiest?.used);
  });

  it('counts assets per stage and per type as the assets list does', async () => {
    expect(overview.totalAssets).toBeGreaterThan(10);
    expect(overview.totalAssets).toBe(await countAssets({}));
    for (const stage of ASSET_STAGES) {
      expect(overview.stages.find((s) => s.stage === stage)?.count, stage).toBe(
        await countAssets({ stage: [stage] }),
      );
    }
    for (const type of ASSET_TYPES) {
      expect(overview.types.find((t) => t.type === type)?.count, type).toBe(
        await countAssets({ type: [type] }),
      );
    }
  });

  it('counts license expiries per month as the license list has them', async () => {
    const licenses = (await admin.licenses.list({ limit: 200 })).items;
    const byMonth = new Map<string, number>();
    for (const l of licenses) {
      if (l.expiryDate && l.expiryDate >= today) {
        byMonth.set(l.expiryDate.slice(0, 7), (byMonth.get(l.expiryDate.slice(0, 7)) ?? 0) + 1);
      }
    }
    expect(overview.expiriesByMonth).toHaveLength(12);
    for (const { month, count } of overview.expiriesByMonth)
      expect(count, month).toBe(byMonth.get(month) ?? 0);
    expect(overview.expiriesByMonth.reduce((sum, m) => sum + m.count, 0)).toBeGreaterThan(0);
  });

  it('lists the scheduled maintenance of the next 14 days as the maintenance list has it', async () => {
    const scheduled = (await admin.maintenance.list({ status: ['scheduled'], limit: 200 })).items;
    const due = scheduled
      .filter((m) => m.scheduledFor >= today && m.scheduledFor <= addDays(today, 14))
      .map((m) => m.id)
      .sort();
    expect(overview.maintenanceDue.map((m) => m.maintenanceId).sort()).toEqual(due);
  });
});
