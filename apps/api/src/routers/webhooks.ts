import type { DB } from '@itam/db';
import {
  appendEvent,
  deleteWebhook,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  lockDeliveryForUpdate,
  lockWebhookForUpdate,
  resetDelivery,
  startWebhookAfter,
  updateWebhook,
  type WebhookFields,
  type WebhookPatch,
} from '@itam/db';
import {
  CreateWebhookInput,
  checkWebhookUrl,
  Delivery,
  Id,
  idempotent,
  ListDeliveriesInput,
  page,
  RedeliverInput,
  UpdateWebhookInput,
  Webhook,
  WebhookWithSecret,
} from '@itam/domain';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { fail, refused } from '../errors.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';
import { createWebhookSecret } from '../webhooks/signing.ts';

const notFound = () => fail('NOT_FOUND', 'No such webhook.');

function checkedUrl(text: string): string {
  const verdict = checkWebhookUrl(text);
  if (!verdict.ok) throw refused(verdict);
  return verdict.value;
}

async function readBack(db: Kysely<DB>, id: string): Promise<Webhook> {
  const webhook = await findWebhook(db, id);
  if (!webhook) throw notFound();
  return webhook;
}

/** After a change: the dashboards and this instance's dispatcher hear of it now. */
function afterChange(ctx: Context): void {
  ctx.services.hub.ring();
  ctx.services.webhooks?.wake();
}

// Audit events record a webhook's fields (`WebhookFields`), never its secret: events reach
// every staff subscriber, and webhooks themselves.
const manage = allowedTo('webhook.manage');

export const webhooksRouter = router({
  list: manage.output(sync(z.array(Webhook))).query(({ ctx }) => listWebhooks(ctx.db)),

  /** The answer holds the signing secret: the only time it is shown. */
  create: manage
    .input(sync(CreateWebhookInput))
    .output(sync(WebhookWithSecret))
    .mutation(async ({ ctx, input }) => {
      const url = checkedUrl(input.url);
      const secret = createWebhookSecret();
      const created = await ctx.db.transaction().execute(async (trx) => {
        const stored = await insertWebhook(trx, {
          url,
          eventTypes: input.eventTypes,
          description: input.description ?? null,
          active: input.active,
          secretEncrypted: ctx.services.keyring.seal(secret),
        });
        const event = await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'webhook',
          entityId: stored.fields.id,
          action: 'created',
          after: stored.fields,
        });
        // The webhook receives the events after its own creation, not the history before it.
        await startWebhookAfter(trx, stored.fields.id, event.id);
        return stored;
      });
      afterChange(ctx);
      return { webhook: await readBack(ctx.db, created.fields.id), secret };
    }),

  update: manage
    .input(sync(UpdateWebhookInput))
    .output(sync(Webhook))
    .mutation(async ({ ctx, input }) => {
      const { url, ...rest } = input.patch;
      const patch: WebhookPatch = { ...rest, ...(url !== undefined ? { url: checkedUrl(url) } : {}) };
      // The answer is read in the change's transaction, so a retry with the key replays it.
      const updated = await ctx.transact(input, async (trx) => {
        const before = await lockWebhookForUpdate(trx, input.id);
        if (!before) throw notFound();
        if (!changes(before.fields, patch)) return readBack(trx, input.id);
        const after = await updateWebhook(trx, input.id, patch);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'webhook',
          entityId: input.id,
          action: 'updated',
          before: before.fields,
          after: after.fields,
        });
        return readBack(trx, input.id);
      });
      afterChange(ctx);
      return updated;
    }),

  /** Removes the webhook with its deliveries and their log. */
  remove: manage
    .input(sync(z.strictObject({ id: Id, ...idempotent })))
    .output(sync(z.object({ id: Id })))
    .mutation(async ({ ctx, input }) => {
      await ctx.transact(input, async (trx) => {
        const before = await lockWebhookForUpdate(trx, input.id);
        if (!before) throw notFound();
        await deleteWebhook(trx, input.id);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'webhook',
          entityId: input.id,
          action: 'removed',
          before: before.fields,
        });
      });
      afterChange(ctx);
      return { id: input.id };
    }),

  /** A new secret at once: deliveries from now on are signed with it. Shown once. */
  rotateSecret: manage
    .input(sync(z.strictObject({ id: Id })))
    .output(sync(WebhookWithSecret))
    .mutation(async ({ ctx, input }) => {
      const secret = createWebhookSecret();
      await ctx.db.transaction().execute(async (trx) => {
        const before = await lockWebhookForUpdate(trx, input.id);
        if (!before) throw notFound();
        await updateWebhook(trx, input.id, { secretEncrypted: ctx.services.keyring.seal(secret) });
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'webhook',
          entityId: input.id,
          action: 'secret_rotated',
        });
      });
      afterChange(ctx);
      return { webhook: await readBack(ctx.db, input.id), secret };
    }),

  /** A webhook's deliveries, newest first, each with its attempt log. */
  deliveries: manage
    .input(sync(ListDeliveriesInput))
    .output(sync(page(Delivery)))
    .query(async ({ ctx, input }) => {
      if (!(await findWebhook(ctx.db, input.webhookId))) throw notFound();
      return listDeliveries(ctx.db, input);
    }),

  /** Sends a delivery again now, with a fresh round of attempts, whatever its status. */
  redeliver: manage
    .input(sync(RedeliverInput))
    .output(sync(Delivery))
    .mutation(async ({ ctx, input }) => {
      const delivery = await ctx.transact(input, async (trx) => {
        const found = await lockDeliveryForUpdate(trx, input.id);
        if (!found) throw fail('NOT_FOUND', 'No such delivery.');
        await resetDelivery(trx, input.id);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'webhook',
          entityId: found.webhookId,
          action: 'redelivered',
          after: { deliveryId: found.id, eventId: found.eventId },
        });
        // Read in the change's transaction, so a retry with the key replays this answer.
        const { items } = await listDeliveries(trx, {
          webhookId: found.webhookId,
          ids: [input.id],
          limit: 1,
        });
        if (!items[0]) throw fail('NOT_FOUND', 'No such delivery.');
        return items[0];
      });
      afterChange(ctx);
      return delivery;
    }),
});

function changes(before: WebhookFields, patch: WebhookPatch): boolean {
  return (
    (patch.url !== undefined && patch.url !== before.url) ||
    (patch.eventTypes !== undefined && patch.eventTypes.join('\n') !== before.eventTypes.join('\n')) ||
    (patch.description !== undefined && patch.description !== before.description) ||
    (patch.active !== undefined && patch.active !== before.active)
  );
}
