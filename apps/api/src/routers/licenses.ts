import {
  appendEvent,
  deleteLicense,
  findAssetById,
  findLicenseById,
  findOpenSeat,
  hasSeatHistory,
  insertLicense,
  insertSeats,
  listLicenses,
  listOpenSeats,
  lockLicenseForUpdate,
  lockUserForUpdate,
  releaseSeat,
  type StoredLicense,
  updateLicenseFields,
} from '@itam/db';
import {
  type Actor,
  AssignSeatInput,
  AssignSeatsInput,
  CreateLicenseInput,
  can,
  decideLicenseRemoval,
  decideSeatAssignment,
  decideSeatCount,
  Id,
  License,
  LicenseDetail,
  LicenseDetailWithKey,
  ListLicensesInput,
  licenseDetail,
  page,
  type Reason,
  ReleaseSeatInput,
  RemoveLicenseInput,
  Seat,
  scopeOf,
  todayUtc,
  UpdateLicenseInput,
} from '@itam/domain';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { fail, refused } from '../errors.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

/**
 * Staff get the license with its product key, everyone else without: the output schema is a
 * union whose key-less branch is what an employee's response is parsed with. Either way it says
 * where the license stands against its expiry (`expired`, `daysUntilExpiry`), decided on the
 * server's calendar day as the compliance report decides it, never a browser's clock.
 */
const LicenseView = z.union([LicenseDetailWithKey, LicenseDetail]);

function view(ctx: Context, actor: Actor, stored: StoredLicense) {
  const today = todayUtc();
  if (!can(actor, 'license.readKey')) return licenseDetail(License.parse(stored.license), today);
  const productKey = stored.productKeyEncrypted
    ? ctx.services.keyring.open(stored.productKeyEncrypted)
    : null;
  return licenseDetail({ ...stored.license, productKey }, today);
}

const notFound = () => fail('NOT_FOUND', 'No such license.');

export const licensesRouter = router({
  list: allowedTo('license.read')
    .input(sync(ListLicensesInput))
    .output(sync(page(LicenseView)))
    .query(async ({ ctx, input }) => {
      const own = scopeOf(ctx.actor, 'license.read') === 'own';
      const result = await listLicenses(ctx.db, {
        ...input,
        seatHolderId: own ? ctx.actor.id : undefined,
        today: todayUtc(),
      });
      return { items: result.items.map((l) => view(ctx, ctx.actor, l)), nextCursor: result.nextCursor };
    }),

  /** The license and its open seats; an employee sees a license only if they hold a seat, and only their seat. */
  get: allowedTo('license.read')
    .input(sync(z.strictObject({ id: Id })))
    .output(sync(z.object({ license: LicenseView, seats: z.array(Seat) })))
    .query(async ({ ctx, input }) => {
      const stored = await findLicenseById(ctx.db, input.id);
      if (!stored) throw notFound();
      if (scopeOf(ctx.actor, 'license.read') === 'own') {
        const mine = await findOpenSeat(ctx.db, input.id, ctx.actor.id);
        if (!mine) throw notFound();
        return { license: view(ctx, ctx.actor, stored), seats: [mine] };
      }
      return { license: view(ctx, ctx.actor, stored), seats: await listOpenSeats(ctx.db, input.id) };
    }),

  create: allowedTo('license.manage')
    .input(sync(CreateLicenseInput))
    .output(sync(LicenseView))
    .mutation(async ({ ctx, input }) => {
      const { productKey, ...fields } = input;
      const stored = await ctx.transact(input, async (trx) => {
        const created = await insertLicense(trx, {
          ...fields,
          productKeyEncrypted: productKey ? ctx.services.keyring.seal(productKey) : null,
        });
        // Events never carry the product key: they reach subscribers of every role.
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'license',
          entityId: created.license.id,
          action: 'created',
          after: created.license,
        });
        return created;
      });
      ctx.services.hub.ring();
      return view(ctx, ctx.actor, stored);
    }),

  update: allowedTo('license.manage')
    .input(sync(UpdateLicenseInput))
    .output(sync(LicenseView))
    .mutation(async ({ ctx, input }) => {
      const { productKey, ...patch } = input.patch;
      const stored = await ctx.transact(input, async (trx) => {
        const before = await lockLicenseForUpdate(trx, input.id);
        if (!before) throw notFound();
        if (patch.seats !== undefined) {
          const verdict = decideSeatCount({ newSeats: patch.seats, used: before.license.seatsUsed });
          if (!verdict.ok) throw refused(verdict);
        }
        const sealed =
          productKey === undefined ? undefined : productKey ? ctx.services.keyring.seal(productKey) : null;
        const after = await updateLicenseFields(trx, input.id, patch, sealed);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'license',
          entityId: input.id,
          action: 'updated',
          reason: productKey !== undefined ? 'product key changed' : null,
          before: before.license,
          after: after.license,
        });
        return after;
      });
      ctx.services.hub.ring();
      return view(ctx, ctx.actor, stored);
    }),

  /** Only a license that never had a seat can be deleted; others are kept for the record. */
  remove: allowedTo('license.manage')
    .input(sync(RemoveLicenseInput))
    .output(sync(z.object({ id: Id })))
    .mutation(async ({ ctx, input }) => {
      await ctx.transact(input, async (trx) => {
        const before = await lockLicenseForUpdate(trx, input.id);
        if (!before) throw notFound();
        const verdict = decideLicenseRemoval({ everHadSeats: await hasSeatHistory(trx, input.id) });
        if (!verdict.ok) throw refused(verdict);
        await deleteLicense(trx, input.id);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'license',
          entityId: input.id,
          action: 'removed',
          before: before.license,
        });
      });
      ctx.services.hub.ring();
      return { id: input.id };
    }),

  assignSeat: allowedTo('license.manage')
    .input(sync(AssignSeatInput))
    .output(sync(Seat))
    .mutation(async ({ ctx, input }) => {
      const seat = await ctx.transact(input, async (trx) => {
        const license = await lockLicenseForUpdate(trx, input.licenseId);
        if (!license) throw notFound();
        const user = await lockUserForUpdate(trx, input.userId);
        if (!user) throw fail('NOT_FOUND', 'No such user.');
        if (input.assetId && !(await findAssetById(trx, input.assetId)))
          throw fail('NOT_FOUND', 'No such asset.');
        const verdict = decideSeatAssignment(
          {
            seats: license.license.seats,
            used: license.license.seatsUsed,
            expiryDate: license.license.expiryDate,
            alreadyHeld: !!(await findOpenSeat(trx, input.licenseId, input.userId)),
            assignee: { disabled: user.disabled },
          },
          todayUtc(),
        );
        if (!verdict.ok) throw refused(verdict);
        const [created] = await insertSeats(trx, input.licenseId, [
          { userId: input.userId, assetId: input.assetId },
        ]);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'license',
          entityId: input.licenseId,
          action: 'seat_assigned',
          before: { seatsUsed: license.license.seatsUsed },
          after: { seatsUsed: license.license.seatsUsed + 1, seat: created },
          audience: [input.userId],
        });
        return created!;
      });
      ctx.services.hub.ring();
      return seat;
    }),

  /** All or nothing: every person gets a seat, or nobody does, with the reason per person. */
  assignSeats: allowedTo('license.manage')
    .input(sync(AssignSeatsInput))
    .output(sync(z.object({ seats: z.array(Seat) })))
    .mutation(async ({ ctx, input }) => {
      const userIds = [...new Set(input.userIds)].sort();
      const seats = await ctx.transact(input, async (trx) => {
        const license = await lockLicenseForUpdate(trx, input.licenseId);
        if (!license) throw notFound();
        const today = todayUtc();
        const refusals: { userId: string; reason: Reason; message: string }[] = [];
        for (const userId of userIds) {
          const user = await lockUserForUpdate(trx, userId);
          if (!user) {
            refusals.push({ userId, reason: 'NOT_FOUND', message: 'No such user.' });
            continue;
          }
          const verdict = decideSeatAssignment(
            {
              seats: license.license.seats,
              used: license.license.seatsUsed,
              expiryDate: license.license.expiryDate,
              alreadyHeld: !!(await findOpenSeat(trx, input.licenseId, userId)),
              assignee: { disabled: user.disabled },
            },
            today,
          );
          if (!verdict.ok && verdict.reason !== 'SEATS_EXHAUSTED') {
            refusals.push({ userId, reason: verdict.reason, message: verdict.message });
          }
        }
        const count = decideSeatAssignment(
          {
            seats: license.license.seats,
            used: license.license.seatsUsed,
            expiryDate: null,
            alreadyHeld: false,
            assignee: { disabled: false },
          },
          today,
          userIds.length,
        );
        if (refusals.length > 0 || !count.ok) {
          throw fail(
            // A person's own reason (an expired license, say) before the count, as a single assignment answers.
            refusals[0]?.reason ?? 'SEATS_EXHAUSTED',
            refusals.length > 0 || count.ok
              ? `${refusals.length} of ${userIds.length} people cannot get a seat; nobody got one.`
              : `${count.message} Nobody got a seat.`,
            { refusals, ...(count.ok ? {} : count.details) },
          );
        }
        const created = await insertSeats(
          trx,
          input.licenseId,
          userIds.map((userId) => ({ userId })),
        );
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'license',
          entityId: input.licenseId,
          action: 'seats_assigned',
          before: { seatsUsed: license.license.seatsUsed },
          after: { seatsUsed: license.license.seatsUsed + created.length, seats: created },
          audience: userIds,
        });
        return created;
      });
      ctx.services.hub.ring();
      return { seats };
    }),

  releaseSeat: allowedTo('license.manage')
    .input(sync(ReleaseSeatInput))
    .output(sync(z.object({ licenseId: Id, userId: Id })))
    .mutation(async ({ ctx, input }) => {
      await ctx.transact(input, async (trx) => {
        const license = await lockLicenseForUpdate(trx, input.licenseId);
        if (!license) throw notFound();
        const seat = await releaseSeat(trx, input.licenseId, input.userId);
        if (!seat) throw fail('NOT_FOUND', 'That person has no seat of this license.');
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'license',
          entityId: input.licenseId,
          action: 'seat_released',
          before: { seatsUsed: license.license.seatsUsed, seat },
          after: { seatsUsed: license.license.seatsUsed - 1 },
          audience: [input.userId],
        });
      });
      ctx.services.hub.ring();
      return { licenseId: input.licenseId, userId: input.userId };
    }),
});
