import { type Kysely, sql } from 'kysely';

// Frozen in time: value lists are copies, never imported.
const KINDS = [
  'license_renewal',
  'license_expired_assigned',
  'overdue_return',
  'warranty_ending',
  'maintenance_due',
];
const SUBJECTS = ['license', 'asset'];

const oneOf = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('recipient_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', KINDS)))
    .addColumn('subject_type', 'text', (c) => c.notNull().check(oneOf('subject_type', SUBJECTS)))
    .addColumn('subject_id', 'uuid', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  // Each reminder exists once per person, however many job runs (on however many instances) make it.
  // The key leads, so the job can look up who already has a reminder by its keys.
  await sql`create unique index notifications_dedupe_key_recipient on notifications (dedupe_key, recipient_id)`.execute(
    db,
  );
  // The inbox (newest first) and its unread view and count.
  await sql`create index notifications_inbox_idx on notifications (recipient_id, id desc)`.execute(db);
  await sql`create index notifications_unread_idx on notifications (recipient_id, id desc) where read_at is null`.execute(
    db,
  );

  // As for events: ids become visible in id order, so a reader remembering the last id misses none.
  await sql`
    create function notifications_serialize() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(7236002);
      return null;
    end $$`.execute(db);
  await sql`create trigger notifications_serialize before insert on notifications
    for each statement execute function notifications_serialize()`.execute(db);

  // The doorbell, once per inserting statement: committed notifications ring every API instance.
  await sql`
    create function notifications_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('itam_notifications', '');
      return null;
    end $$`.execute(db);
  await sql`create trigger notifications_notify after insert on notifications
    for each statement execute function notifications_notify()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').ifExists().execute();
  await sql`drop function if exists notifications_serialize, notifications_notify`.execute(db);
}
