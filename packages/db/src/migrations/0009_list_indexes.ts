import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code.
// Indexes for the list filters and sorts added with it: each list's keyset order has an index
// that reads in that order, so a page costs its own rows, not a sort of the whole table.
export async function up(db: Kysely<any>): Promise<void> {
  // licenses.list sort=expiry: (expiry_date, seq), never-expiring ones (null) last.
  await sql`create index licenses_expiry_seq_idx on licenses (expiry_date, seq)`.execute(db);
  // users.list sort=newest: (created_at, id), newest first.
  await sql`create index users_created_idx on users (created_at desc, id desc)`.execute(db);
  // maintenance.list sort=scheduled, and its type filter in the default (newest first) order.
  await sql`create index maintenance_scheduled_idx on maintenance (scheduled_for, seq)`.execute(db);
  await sql`create index maintenance_type_idx on maintenance (type, seq desc)`.execute(db);
  // events.list by event type (entity and action), newest first.
  await sql`create index events_type_idx on events (entity, action, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'events_type_idx',
    'maintenance_type_idx',
    'maintenance_scheduled_idx',
    'users_created_idx',
    'licenses_expiry_seq_idx',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
