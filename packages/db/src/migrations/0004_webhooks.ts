import { type Kysely, sql } from 'kysely';

// Frozen in time: value lists are copies, never imported.
const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'];

const oneOf = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('event_types', sql`text[]`, (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    // Sealed with the server's keyring (as product keys are): the dispatcher must be able to sign.
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    // The webhook's own creation event: it receives only events after it.
    .addColumn('since_event_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('webhook_id', 'uuid', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    // No foreign key: events are never deleted (append-only triggers), and a reference would make
    // TRUNCATE fail on the reference before the append-only trigger could refuse it.
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(oneOf('status', DELIVERY_STATUSES)),
    )
    // Every attempt ever made; it numbers the attempt log and fences a claim (see claimDeliveries).
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Attempts in the current round; a redelivery starts a new round.
    .addColumn('round_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_id'])
    .execute();
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index webhook_deliveries_log_idx on webhook_deliveries (webhook_id, id desc)`.execute(db);

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('delivery_id', 'bigint', (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addUniqueConstraint('webhook_attempts_once', ['delivery_id', 'attempt'])
    .execute();

  // How far the events table has been turned into deliveries. One row, locked by the instance
  // that enqueues; it starts at the newest event, so existing history is never sent.
  await db.schema
    .createTable('webhook_cursor')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into webhook_cursor (id, last_event_id) select 1, coalesce(max(id), 0) from events`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['webhook_cursor', 'webhook_attempts', 'webhook_deliveries', 'webhooks']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
