import {
  appendEvent,
  closeAssignment,
  type DB,
  findAssetById,
  findAssignmentById,
  findOpenAssignment,
  insertAssignment,
  listAssignments,
  lockAssetForUpdate,
  lockUserForUpdate,
  type NewEvent,
  setAssetCondition,
  setAssetStage,
  type Transaction,
} from '@itam/db';
import {
  type Asset,
  AssetDetail,
  Assignment,
  assetDetail,
  BulkCheckOutInput,
  CheckInInput,
  CheckOutInput,
  decideCheckIn,
  decideCheckOut,
  ListAssignmentsInput,
  page,
  type Reason,
  type Refusal,
  scopeOf,
  todayUtc,
  type User,
} from '@itam/domain';
import { z } from 'zod';
import { fail, refused } from '../errors.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

/** The asset with the verdicts its page shows, decided on the server's calendar day. */
const CheckOutOutput = z.object({ assignment: Assignment, asset: AssetDetail });

type Outcome = { ok: true; assignmentId: string; asset: Asset; event: NewEvent } | Refusal;

/**
 * One check-out inside the caller's transaction: lock the asset, let the domain decide, open
 * the assignment (the partial unique index is the last word), move the stage. The caller appends
 * the returned event as its last write: the events lock is held until commit, so taking another
 * asset's lock after it can deadlock with a check-out of that asset waiting for the events lock.
 */
async function checkOutOne(
  trx: Transaction<DB>,
  actor: User,
  assignee: User,
  input: { assetId: string; expectedReturn?: string | null | undefined; note?: string | null | undefined },
): Promise<Outcome> {
  const before = await lockAssetForUpdate(trx, input.assetId);
  if (!before)
    return { ok: false, reason: 'NOT_FOUND', message: 'No such asset.', details: { assetId: input.assetId } };
  const open = before.holder ? await findOpenAssignment(trx, before.id) : undefined;
  const verdict = decideCheckOut({
    asset: {
      stage: before.stage,
      held: before.holder !== null,
      holderName: before.holder?.username,
      heldSince: open?.startedAt.toISOString(),
    },
    assignee: { disabled: assignee.disabled },
  });
  if (!verdict.ok) return { ...verdict, details: { ...verdict.details, assetId: input.assetId } };
  const { id } = await insertAssignment(trx, {
    assetId: before.id,
    userId: assignee.id,
    expectedReturn: input.expectedReturn ?? null,
    note: input.note ?? null,
  });
  await setAssetStage(trx, before.id, verdict.value.to);
  const after = (await findAssetById(trx, before.id))!;
  const event: NewEvent = {
    actor,
    entity: 'asset',
    entityId: after.id,
    action: 'checked_out',
    reason: input.note ?? null,
    before,
    after,
    audience: [assignee.id],
  };
  return { ok: true, assignmentId: id, asset: after, event };
}

async function lockAssignee(trx: Transaction<DB>, userId: string): Promise<User> {
  const user = await lockUserForUpdate(trx, userId);
  if (!user) throw fail('NOT_FOUND', 'No such user.');
  return user;
}

export const assignmentsRouter = router({
  checkOut: allowedTo('assignment.manage')
    .input(sync(CheckOutInput))
    .output(sync(CheckOutOutput))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.transact(input, async (trx) => {
        const assignee = await lockAssignee(trx, input.userId);
        const outcome = await checkOutOne(trx, ctx.actor, assignee, input);
        if (!outcome.ok) throw refused(outcome);
        await appendEvent(trx, outcome.event);
        return {
          assignment: (await findAssignmentById(trx, outcome.assignmentId, todayUtc()))!,
          asset: outcome.asset,
        };
      });
      ctx.services.hub.ring();
      return { ...result, asset: assetDetail(result.asset, todayUtc()) };
    }),

  /** All or nothing: if any asset cannot go, none goes, and every refusal is reported per asset. */
  bulkCheckOut: allowedTo('assignment.manage')
    .input(sync(BulkCheckOutInput))
    .output(sync(z.object({ assignments: z.array(Assignment) })))
    .mutation(async ({ ctx, input }) => {
      const assetIds = [...new Set(input.assetIds)].sort();
      const result = await ctx.transact(input, async (trx) => {
        const assignee = await lockAssignee(trx, input.userId);
        const refusals: { assetId: string; reason: Reason; message: string }[] = [];
        const done: { assignmentId: string; event: NewEvent }[] = [];
        // Locks in id order, so two bulk check-outs over the same assets cannot deadlock.
        for (const assetId of assetIds) {
          const outcome = await checkOutOne(trx, ctx.actor, assignee, { ...input, assetId });
          if (outcome.ok) done.push(outcome);
          else refusals.push({ assetId, reason: outcome.reason, message: outcome.message });
        }
        if (refusals.length > 0) {
          throw fail(
            // The first refused asset's reason, as a single check-out of it would answer.
            refusals[0]!.reason,
            `${refusals.length} of ${assetIds.length} assets cannot be checked out; nothing was checked out.`,
            { refusals },
          );
        }
        // Every asset is locked and written: only now take the events lock, for all of them.
        for (const { event } of done) await appendEvent(trx, event);
        const today = todayUtc();
        return {
          assignments: await Promise.all(
            done.map(async ({ assignmentId }) => (await findAssignmentById(trx, assignmentId, today))!),
          ),
        };
      });
      ctx.services.hub.ring();
      return result;
    }),

  checkIn: allowedTo('assignment.manage')
    .input(sync(CheckInInput))
    .output(sync(CheckOutOutput))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.transact(input, async (trx) => {
        const before = await lockAssetForUpdate(trx, input.assetId);
        if (!before) throw fail('NOT_FOUND', 'No such asset.');
        const verdict = decideCheckIn({ stage: before.stage, held: before.holder !== null });
        if (!verdict.ok) throw refused(verdict);
        const open = (await findOpenAssignment(trx, before.id))!;
        await closeAssignment(trx, open.id, { note: input.note, condition: input.condition });
        if (verdict.value.to !== before.stage) await setAssetStage(trx, before.id, verdict.value.to);
        if (input.condition) await setAssetCondition(trx, before.id, input.condition);
        const after = (await findAssetById(trx, before.id))!;
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'asset',
          entityId: after.id,
          action: 'checked_in',
          reason: input.note ?? null,
          before,
          after,
          audience: [open.userId],
        });
        return { assignment: (await findAssignmentById(trx, open.id, todayUtc()))!, asset: after };
      });
      ctx.services.hub.ring();
      return { ...result, asset: assetDetail(result.asset, todayUtc()) };
    }),

  /** Employees see only their own assignments, whatever filter they send. */
  list: allowedTo('assignment.read')
    .input(sync(ListAssignmentsInput))
    .output(sync(page(Assignment)))
    .query(({ ctx, input }) => {
      const own = scopeOf(ctx.actor, 'assignment.read') === 'own';
      return listAssignments(ctx.db, {
        ...input,
        userId: own ? ctx.actor.id : input.userId,
        today: todayUtc(),
      });
    }),
});
