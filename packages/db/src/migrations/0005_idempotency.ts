import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per (actor, key): written in the same transaction as the change it names, so it
  // exists exactly when the change committed. Concurrent calls with one key wait on the primary
  // key until the first commits or rolls back.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('actor_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['actor_id', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_expires_idx')
    .on('idempotency_keys')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
