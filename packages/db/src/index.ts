// @itam/db: the database — schema types, migrations, the connection (PostgreSQL via `pg`, or
// embedded PGlite) and query modules per aggregate. Used by apps/api and by tools.
// Never makes business decisions and never speaks HTTP; rows never leave this package.

export type { Kysely, Transaction } from 'kysely';
export * from './assets.ts';
export * from './assignments.ts';
export * from './compliance.ts';
export * from './connection.ts';
export * from './cursor.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './idempotency.ts';
export * from './imports.ts';
export * from './licenses.ts';
export * from './maintenance.ts';
export * from './migrate.ts';
export * from './notifications.ts';
export type { DB } from './schema.ts';
export * from './sessions.ts';
export * from './tokens.ts';
export * from './users.ts';
export * from './webhooks.ts';
