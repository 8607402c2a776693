import {
  appendEvent,
  countActiveAdmins,
  type DB,
  deleteSessionsOfUser,
  listUsers,
  lockAccountForUpdate,
  type Transaction,
  updateUser,
} from '@itam/db';
import {
  DisableUserInput,
  decideAccountChange,
  ListUsersInput,
  page,
  SetRoleInput,
  User,
} from '@itam/domain';
import { fail, refused } from '../errors.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

/** Locks the user an admin changes: a person's account, or a refusal (NOT_FOUND, SERVICE_ACCOUNT). */
async function lockManagedUser(trx: Transaction<DB>, id: string): Promise<User> {
  const account = await lockAccountForUpdate(trx, id);
  if (!account) throw fail('NOT_FOUND', 'No such user.');
  const verdict = decideAccountChange(account);
  if (!verdict.ok) throw refused(verdict);
  return account.user;
}

export const usersRouter = router({
  list: allowedTo('user.list')
    .input(sync(ListUsersInput))
    .output(sync(page(User)))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  setRole: allowedTo('user.manage')
    .input(sync(SetRoleInput))
    .output(sync(User))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.actor.id) throw fail('CANNOT_CHANGE_SELF', 'You cannot change your own role.');
      const user = await ctx.transact(input, async (trx) => {
        const before = await lockManagedUser(trx, input.id);
        if (before.role === input.role) return before;
        if (before.role === 'admin' && !before.disabled && (await countActiveAdmins(trx)) <= 1) {
          throw fail('LAST_ADMIN', 'The last admin cannot be demoted.');
        }
        const after = await updateUser(trx, input.id, { role: input.role });
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'user',
          entityId: after.id,
          action: 'role_changed',
          before: { role: before.role },
          after: { role: after.role },
          audience: [after.id],
        });
        return after;
      });
      ctx.services.hub.ring();
      return user;
    }),

  /** Disabling ends every session of the user at once. */
  disable: allowedTo('user.manage')
    .input(sync(DisableUserInput))
    .output(sync(User))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.actor.id) throw fail('CANNOT_CHANGE_SELF', 'You cannot disable your own account.');
      const user = await ctx.transact(input, async (trx) => {
        const before = await lockManagedUser(trx, input.id);
        if (before.disabled === input.disabled) return before;
        if (input.disabled && before.role === 'admin' && (await countActiveAdmins(trx)) <= 1) {
          throw fail('LAST_ADMIN', 'The last admin cannot be disabled.');
        }
        const after = await updateUser(trx, input.id, { disabled: input.disabled });
        if (input.disabled) await deleteSessionsOfUser(trx, input.id);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'user',
          entityId: after.id,
          action: input.disabled ? 'disabled' : 'enabled',
          before: { disabled: before.disabled },
          after: { disabled: after.disabled },
          audience: [after.id],
        });
        return after;
      });
      ctx.services.hub.ring();
      return user;
    }),
});
