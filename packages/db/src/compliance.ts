import {
  type AssetStage,
  type AssetType,
  addDays,
  type ComplianceInput,
  MAINTENANCE_DUE_DAYS,
  type MaintenanceType,
  type OverviewInput,
  WARRANTY_WINDOW_DAYS,
} from '@itam/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Loads what the compliance rules look at. Each query selects a superset of what a rule can
 * flag (the domain applies the exact rules), using the partial indexes, so the report does not
 * read every asset.
 */
export async function loadComplianceInput(db: Kysely<DB>, today: string): Promise<ComplianceInput> {
  const [licenses, assets, assignments, maintenance] = await Promise.all([
    db.selectFrom('licenses').select(['id', 'name', 'seats', 'seats_used', 'expiry_date']).execute(),
    db
      .selectFrom('assets as a')
      .leftJoin('assignments as s', (join) =>
        join.onRef('s.asset_id', '=', 'a.id').on('s.ended_at', 'is', null),
      )
      .select(['a.id', 'a.tag', 'a.name', 'a.stage', 'a.warranty_end', 's.user_id'])
      .where((eb) =>
        eb.or([
          eb('a.stage', '=', 'deployed'),
          eb.and([
            eb('a.warranty_end', '>=', today),
            eb('a.warranty_end', '<=', addDays(today, WARRANTY_WINDOW_DAYS)),
          ]),
        ]),
      )
      .execute(),
    db
      .selectFrom('assignments as s')
      .innerJoin('assets as a', 'a.id', 's.asset_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.asset_id', 'a.tag', 's.user_id', 'u.username', 's.expected_return'])
      .where('s.ended_at', 'is', null)
      .where('s.expected_return', '<', today)
      .execute(),
    db
      .selectFrom('maintenance as m')
      .innerJoin('assets as a', 'a.id', 'm.asset_id')
      .leftJoin('assignments as s', (join) =>
        join.onRef('s.asset_id', '=', 'm.asset_id').on('s.ended_at', 'is', null),
      )
      .select(['m.id', 'm.asset_id', 'a.tag', 'm.scheduled_for', 'm.status', 's.user_id as holder_id'])
      .where(sql<boolean>`m.status in ('scheduled', 'in_progress')`)
      .execute(),
  ]);
  return {
    today,
    licenses: licenses.map((l) => ({
      id: l.id,
      name: l.name,
      seats: l.seats,
      used: l.seats_used,
      expiryDate: l.expiry_date,
    })),
    assets: assets.map((a) => ({
      id: a.id,
      tag: a.tag,
      name: a.name,
      stage: a.stage as AssetStage,
      holderId: a.user_id,
      warrantyEnd: a.warranty_end,
    })),
    assignments: assignments.map((s) => ({
      id: s.id,
      assetId: s.asset_id,
      assetTag: s.tag,
      userId: s.user_id,
      username: s.username,
      expectedReturn: s.expected_return,
    })),
    maintenance: maintenance.map((m) => ({
      id: m.id,
      assetId: m.asset_id,
      assetTag: m.tag,
      scheduledFor: m.scheduled_for,
      status: m.status as 'scheduled' | 'in_progress',
      holderId: m.holder_id,
    })),
  };
}

/**
 * What the staff overview needs beyond the compliance input: asset counts per stage and per type
 * (two grouped counts) and maintenance planned in the coming days.
 */
export async function loadOverviewInput(db: Kysely<DB>, today: string): Promise<OverviewInput> {
  const [compliance, stages, types, planned] = await Promise.all([
    loadComplianceInput(db, today),
    db
      .selectFrom('assets')
      .select(['stage', sql<number>`count(*)::int`.as('count')])
      .groupBy('stage')
      .execute(),
    db
      .selectFrom('assets')
      .select(['type', sql<number>`count(*)::int`.as('count')])
      .groupBy('type')
      .execute(),
    db
      .selectFrom('maintenance as m')
      .innerJoin('assets as a', 'a.id', 'm.asset_id')
      .select(['m.id', 'm.asset_id', 'a.tag', 'm.type', 'm.scheduled_for'])
      .where('m.status', '=', 'scheduled')
      .where('m.scheduled_for', '>=', today)
      .where('m.scheduled_for', '<=', addDays(today, MAINTENANCE_DUE_DAYS))
      .execute(),
  ]);
  return {
    compliance,
    stageCounts: stages.map((r) => ({ stage: r.stage as AssetStage, count: r.count })),
    typeCounts: types.map((r) => ({ type: r.type as AssetType, count: r.count })),
    maintenancePlanned: planned.map((m) => ({
      id: m.id,
      assetId: m.asset_id,
      assetTag: m.tag,
      type: m.type as MaintenanceType,
      scheduledFor: m.scheduled_for,
    })),
  };
}
