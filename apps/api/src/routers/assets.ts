import {
  appendEvent,
  deleteAsset,
  findAssetById,
  hasAssignmentHistory,
  insertAsset,
  listAssets,
  listEvents,
  lockAssetForUpdate,
  setAssetStage,
  updateAssetFields,
} from '@itam/db';
import {
  Asset,
  AssetDetail,
  AuditEvent,
  assetDetail,
  CreateAssetInput,
  Cursor,
  decideRemoval,
  decideTransition,
  holderIdsOf,
  Id,
  ListAssetsInput,
  PageDirection,
  page,
  RemoveAssetInput,
  scopeOf,
  TransitionAssetInput,
  todayUtc,
  UpdateAssetInput,
} from '@itam/domain';
import { z } from 'zod';
import { fail, refused } from '../errors.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

const notFound = () => fail('NOT_FOUND', 'No such asset.');

export const assetsRouter = router({
  /** Employees see only what they hold, whatever filter they send. */
  list: allowedTo('asset.read')
    .input(sync(ListAssetsInput))
    .output(sync(page(Asset)))
    .query(({ ctx, input }) => {
      const own = scopeOf(ctx.actor, 'asset.read') === 'own';
      return listAssets(ctx.db, { ...input, holderId: own ? ctx.actor.id : input.holderId });
    }),

  get: allowedTo('asset.read')
    .input(sync(z.strictObject({ id: Id })))
    .output(sync(AssetDetail))
    .query(async ({ ctx, input }) => {
      const asset = await findAssetById(ctx.db, input.id);
      const own = scopeOf(ctx.actor, 'asset.read') === 'own';
      // Another person's asset is "not found" to an employee: its existence is not theirs to know.
      if (!asset || (own && asset.holder?.id !== ctx.actor.id)) throw notFound();
      return assetDetail(asset, todayUtc());
    }),

  create: allowedTo('asset.create')
    .input(sync(CreateAssetInput))
    .output(sync(AssetDetail))
    .mutation(async ({ ctx, input }) => {
      const asset = await ctx.transact(input, async (trx) => {
        const created = await insertAsset(trx, input);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'asset',
          entityId: created.id,
          action: 'created',
          after: created,
        });
        return created;
      });
      ctx.services.hub.ring();
      return assetDetail(asset, todayUtc());
    }),

  update: allowedTo('asset.update')
    .input(sync(UpdateAssetInput))
    .output(sync(AssetDetail))
    .mutation(async ({ ctx, input }) => {
      const asset = await ctx.transact(input, async (trx) => {
        const before = await lockAssetForUpdate(trx, input.id);
        if (!before) throw notFound();
        await updateAssetFields(trx, input.id, input.patch);
        const after = (await findAssetById(trx, input.id))!;
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'asset',
          entityId: after.id,
          action: 'updated',
          before,
          after,
          audience: holderIdsOf(before, after),
        });
        return after;
      });
      ctx.services.hub.ring();
      return assetDetail(asset, todayUtc());
    }),

  /** Moves an asset through its lifecycle; the domain decides, inside the same transaction as the write. */
  transition: allowedTo('asset.transition')
    .input(sync(TransitionAssetInput))
    .output(sync(AssetDetail))
    .mutation(async ({ ctx, input }) => {
      const asset = await ctx.transact(input, async (trx) => {
        const before = await lockAssetForUpdate(trx, input.id);
        if (!before) throw notFound();
        const verdict = decideTransition({ stage: before.stage, held: before.holder !== null }, input.to);
        if (!verdict.ok) throw refused(verdict);
        await setAssetStage(trx, input.id, input.to);
        const after = (await findAssetById(trx, input.id))!;
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'asset',
          entityId: after.id,
          action: 'transitioned',
          reason: input.reason,
          before,
          after,
          audience: holderIdsOf(before, after),
        });
        return after;
      });
      ctx.services.hub.ring();
      return assetDetail(asset, todayUtc());
    }),

  history: allowedTo('event.list')
    .input(
      sync(
        z.strictObject({
          id: Id,
          cursor: Cursor.nullish(),
          direction: PageDirection,
          limit: z.number().int().min(1).max(200).default(50),
        }),
      ),
    )
    .output(sync(page(AuditEvent)))
    .query(async ({ ctx, input }) => {
      const asset = await findAssetById(ctx.db, input.id);
      const { items, nextCursor } = await listEvents(ctx.db, {
        entity: 'asset',
        entityId: input.id,
        cursor: input.cursor,
        limit: input.limit,
      });
      // A removed asset keeps its history; an id that never existed is not found.
      if (!asset && items.length === 0) throw notFound();
      return { items, nextCursor };
    }),

  /** Only an asset registered by mistake can be deleted; its events stay. */
  remove: allowedTo('asset.remove')
    .input(sync(RemoveAssetInput))
    .output(sync(z.object({ id: Id })))
    .mutation(async ({ ctx, input }) => {
      await ctx.transact(input, async (trx) => {
        const before = await lockAssetForUpdate(trx, input.id);
        if (!before) throw notFound();
        const verdict = decideRemoval({
          stage: before.stage,
          everAssigned: await hasAssignmentHistory(trx, input.id),
        });
        if (!verdict.ok) throw refused(verdict);
        await deleteAsset(trx, input.id);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'asset',
          entityId: input.id,
          action: 'removed',
          before,
        });
      });
      ctx.services.hub.ring();
      return { id: input.id };
    }),
});
