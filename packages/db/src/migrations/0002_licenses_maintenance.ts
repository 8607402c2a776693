import { type Kysely, sql } from 'kysely';

// Frozen in time: value lists are copies, never imported.
const MAINTENANCE_TYPES = ['repair', 'upgrade', 'inspection', 'cleaning', 'calibration', 'other'];
const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'];

const oneOf = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  // Assignments get a sequence for keyset paging (timestamps have more precision than JS dates).
  await sql`alter table assignments add column seq bigint generated always as identity`.execute(db);
  await sql`create unique index assignments_seq_key on assignments (seq)`.execute(db);
  await sql`create index assignments_open_due_idx on assignments (expected_return) where ended_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('licenses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text')
    // Encrypted with a key from config (AES-256-GCM); a dump alone does not reveal keys.
    .addColumn('product_key_encrypted', 'text')
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats >= 1`))
    // Kept in the same transaction as every seat change, on the locked license row: the CHECK
    // makes over-allocation impossible, whatever the application does.
    .addColumn('seats_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('purchase_date', 'date')
    .addColumn('purchase_cost', 'numeric(12, 2)', (c) => c.check(sql`purchase_cost >= 0`))
    .addColumn('expiry_date', 'date')
    .addColumn('renewal_cost', 'numeric(12, 2)', (c) => c.check(sql`renewal_cost >= 0`))
    .addColumn('renewal_notes', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('licenses_seats_used_check', sql`seats_used >= 0 and seats_used <= seats`)
    .execute();
  await sql`create index licenses_name_idx on licenses (lower(name), seq)`.execute(db);
  await sql`create index licenses_expiry_idx on licenses (expiry_date) where expiry_date is not null`.execute(
    db,
  );

  await db.schema
    .createTable('license_seats')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('license_id', 'uuid', (c) => c.notNull().references('licenses.id').onDelete('restrict'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('asset_id', 'uuid', (c) => c.references('assets.id').onDelete('set null'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('released_at', 'timestamptz')
    .execute();
  await sql`create unique index license_seats_one_per_user on license_seats (license_id, user_id) where released_at is null`.execute(
    db,
  );
  await sql`create index license_seats_open_by_user_idx on license_seats (user_id) where released_at is null`.execute(
    db,
  );
  await sql`create index license_seats_license_idx on license_seats (license_id, seq desc)`.execute(db);

  await db.schema
    .createTable('maintenance')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('asset_id', 'uuid', (c) => c.notNull().references('assets.id').onDelete('restrict'))
    .addColumn('type', 'text', (c) => c.notNull().check(oneOf('type', MAINTENANCE_TYPES)))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(oneOf('status', MAINTENANCE_STATUSES)),
    )
    .addColumn('scheduled_for', 'date', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('cost', 'numeric(12, 2)', (c) => c.check(sql`cost >= 0`))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index maintenance_asset_idx on maintenance (asset_id, seq desc)`.execute(db);
  await sql`create index maintenance_status_idx on maintenance (status, seq desc)`.execute(db);
  await sql`create index maintenance_open_due_idx on maintenance (scheduled_for) where status in ('scheduled', 'in_progress')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('maintenance').ifExists().execute();
  await db.schema.dropTable('license_seats').ifExists().execute();
  await db.schema.dropTable('licenses').ifExists().execute();
  await sql`drop index if exists assignments_open_due_idx`.execute(db);
  await sql`alter table assignments drop column if exists seq`.execute(db);
}
