import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, PageDirection } from '../common.ts';
import { idempotent } from '../idempotency/keys.ts';
import { ROLES } from '../permissions.ts';

export const RoleSchema = z.enum(ROLES);

export const Username = z
  .string()
  .trim()
  .min(3, 'A username has at least 3 characters.')
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, and . _ - in a username.');

export const Email = z.string().trim().max(254).pipe(z.email('Enter a valid email address.'));

/** OWASP: at least 8 characters, long passphrases allowed, no composition rules. */
export const Password = z
  .string()
  .min(8, 'A password has at least 8 characters.')
  .max(256, 'A password has at most 256 characters.');

export const SignUpInput = z.strictObject({ username: Username, email: Email, password: Password });
export type SignUpInput = z.input<typeof SignUpInput>;

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1, 'Enter your username or email.').max(254),
  password: z.string().min(1, 'Enter your password.').max(256),
});
export type LoginInput = z.input<typeof LoginInput>;

/** A user as clients see them: never a password hash or a token. */
export const User = z.object({
  id: Id,
  username: z.string(),
  email: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  createdAt: IsoDateTime,
});
export type User = z.infer<typeof User>;

/** `username`: A to Z; `newest`: most recently created first. */
export const USER_SORTS = ['username', 'newest'] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const ListUsersInput = z
  .strictObject({
    q: z.string().trim().max(200).optional(),
    role: RoleSchema.optional(),
    status: z.enum(USER_STATUSES).optional(),
    sort: z.enum(USER_SORTS).default('username'),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ sort: 'username', limit: 50 });
export type ListUsersInput = z.input<typeof ListUsersInput>;

export const SetRoleInput = z.strictObject({ id: Id, role: RoleSchema, ...idempotent });
export const DisableUserInput = z.strictObject({
  id: Id,
  disabled: z.boolean().default(true),
  ...idempotent,
});

/**
 * One row of a user import. There is no password column: an imported account cannot sign in
 * until an admin sets its password, so no password ever travels in a spreadsheet.
 */
export const ImportUserInput = z.strictObject({
  username: Username,
  email: Email,
  role: RoleSchema.default('employee'),
  disabled: z.boolean().default(false),
});
export type ImportUserInput = z.output<typeof ImportUserInput>;
