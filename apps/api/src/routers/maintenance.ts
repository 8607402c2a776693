import {
  appendEvent,
  countOtherMaintenanceInProgress,
  type DB,
  insertMaintenance,
  listMaintenance,
  lockAssetForUpdate,
  lockMaintenanceForUpdate,
  setAssetStage,
  setMaintenanceStatus,
  type Transaction,
} from '@itam/db';
import {
  type Asset,
  CompleteMaintenanceInput,
  decideCancelMaintenance,
  decideCompleteMaintenance,
  decideScheduleMaintenance,
  decideStartMaintenance,
  holderIdsOf,
  ListedMaintenance,
  ListMaintenanceInput,
  type Maintenance,
  MaintenanceActionInput,
  Maintenance as MaintenanceSchema,
  page,
  ScheduleMaintenanceInput,
  scopeOf,
  todayUtc,
  type User,
} from '@itam/domain';
import { fail, refused } from '../errors.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

type Decide = typeof decideStartMaintenance;

/**
 * Start, complete and cancel share one shape: lock the record and then its asset, let the domain
 * decide the record's status and the asset's stage together, write both, append one event.
 */
async function moveMaintenance(
  trx: Transaction<DB>,
  actor: User,
  id: string,
  action: 'started' | 'completed' | 'cancelled',
  decide: (record: Maintenance, asset: Asset, otherInProgress: number) => ReturnType<Decide>,
  values: { note?: string | null | undefined; cost?: number | null | undefined },
): Promise<Maintenance> {
  const record = await lockMaintenanceForUpdate(trx, id);
  if (!record) throw fail('NOT_FOUND', 'No such maintenance record.');
  const asset = (await lockAssetForUpdate(trx, record.asset.id))!;
  const others = await countOtherMaintenanceInProgress(trx, asset.id, id);
  const verdict = decide(record, asset, others);
  if (!verdict.ok) throw refused(verdict);
  const status = action === 'started' ? 'in_progress' : action;
  const after = await setMaintenanceStatus(trx, id, status, values);
  if (verdict.value.assetTo !== asset.stage) await setAssetStage(trx, asset.id, verdict.value.assetTo);
  await appendEvent(trx, {
    actor,
    entity: 'maintenance',
    entityId: id,
    action,
    reason: values.note ?? null,
    before: { status: record.status, assetStage: asset.stage },
    after: { ...after, assetStage: verdict.value.assetTo },
    audience: holderIdsOf(asset),
  });
  return after;
}

const held = (asset: Asset) => ({ stage: asset.stage, held: asset.holder !== null });

/** A staff mutation that moves one maintenance record (and maybe its asset) as `decide` says. */
function moveProcedure(
  input: typeof MaintenanceActionInput | typeof CompleteMaintenanceInput,
  action: 'started' | 'completed' | 'cancelled',
  decide: (record: Maintenance, asset: Asset, otherInProgress: number) => ReturnType<Decide>,
) {
  return allowedTo('maintenance.manage')
    .input(sync(input))
    .output(sync(MaintenanceSchema))
    .mutation(async ({ ctx, input }) => {
      const values = { note: input.note, cost: 'cost' in input ? input.cost : undefined };
      const record = await ctx.transact(input, (trx) =>
        moveMaintenance(trx, ctx.actor, input.id, action, decide, values),
      );
      ctx.services.hub.ring();
      return record;
    });
}

export const maintenanceRouter = router({
  /** Employees see maintenance of what they hold. */
  list: allowedTo('maintenance.read')
    .input(sync(ListMaintenanceInput))
    .output(sync(page(ListedMaintenance)))
    .query(({ ctx, input }) => {
      const own = scopeOf(ctx.actor, 'maintenance.read') === 'own';
      return listMaintenance(ctx.db, {
        ...input,
        holderId: own ? ctx.actor.id : undefined,
        today: todayUtc(),
      });
    }),

  schedule: allowedTo('maintenance.manage')
    .input(sync(ScheduleMaintenanceInput))
    .output(sync(MaintenanceSchema))
    .mutation(async ({ ctx, input }) => {
      const record = await ctx.transact(input, async (trx) => {
        const asset = await lockAssetForUpdate(trx, input.assetId);
        if (!asset) throw fail('NOT_FOUND', 'No such asset.');
        const verdict = decideScheduleMaintenance(asset);
        if (!verdict.ok) throw refused(verdict);
        const created = await insertMaintenance(trx, input);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'maintenance',
          entityId: created.id,
          action: 'scheduled',
          after: created,
          audience: holderIdsOf(asset),
        });
        return created;
      });
      ctx.services.hub.ring();
      return record;
    }),

  /** Moves the asset into maintenance; its holder, if any, keeps it. */
  start: moveProcedure(MaintenanceActionInput, 'started', (r, a) => decideStartMaintenance(r, held(a))),

  /** Returns the asset to its holder (deployed) or to stock, unless other work on it goes on. */
  complete: moveProcedure(CompleteMaintenanceInput, 'completed', (r, a, n) =>
    decideCompleteMaintenance(r, held(a), n),
  ),

  cancel: moveProcedure(MaintenanceActionInput, 'cancelled', (r, a, n) =>
    decideCancelMaintenance(r, held(a), n),
  ),
});
