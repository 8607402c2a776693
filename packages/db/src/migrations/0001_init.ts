import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code, and its value lists are copies.
const ROLES = ['admin', 'manager', 'employee'];
const STAGES = ['ordered', 'in_stock', 'deployed', 'in_maintenance', 'retired', 'disposed', 'lost'];
const TYPES = [
  'laptop',
  'desktop',
  'monitor',
  'phone',
  'tablet',
  'server',
  'network',
  'printer',
  'peripheral',
  'other',
];
const CONDITIONS = ['new', 'good', 'fair', 'poor', 'broken'];

const oneOf = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ROLES)))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_username_key on users (lower(username))`.execute(db);
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);
  await sql`create index users_role_idx on users (role, lower(username))`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('type', 'text', (c) => c.notNull().check(oneOf('type', TYPES)))
    .addColumn('serial_number', 'text')
    .addColumn('stage', 'text', (c) => c.notNull().check(oneOf('stage', STAGES)))
    .addColumn('condition', 'text', (c) => c.notNull().check(oneOf('condition', CONDITIONS)))
    .addColumn('purchase_date', 'date')
    .addColumn('purchase_cost', 'numeric(12, 2)', (c) => c.check(sql`purchase_cost >= 0`))
    .addColumn('warranty_end', 'date')
    .addColumn('location', 'text')
    .addColumn('notes', 'text')
    .addColumn('search_text', 'text', (c) =>
      c
        .notNull()
        .generatedAlwaysAs(
          sql`lower(tag || ' ' || name || ' ' || coalesce(serial_number, '') || ' ' || coalesce(model, ''))`,
        )
        .stored(),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index assets_tag_key on assets (lower(tag))`.execute(db);
  await sql`create index assets_stage_idx on assets (stage, seq desc)`.execute(db);
  await sql`create index assets_type_idx on assets (type, seq desc)`.execute(db);
  await sql`create index assets_name_idx on assets (lower(name), seq)`.execute(db);
  await sql`create index assets_search_idx on assets using gin (search_text gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('asset_id', 'uuid', (c) => c.notNull().references('assets.id').onDelete('restrict'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .addColumn('expected_return', 'date')
    .addColumn('note', 'text')
    .addColumn('return_note', 'text')
    .addColumn('return_condition', 'text', (c) => c.check(oneOf('return_condition', CONDITIONS)))
    .addCheckConstraint('assignments_dates_check', sql`ended_at is null or ended_at >= started_at`)
    .execute();
  // The database, not the application, guarantees one holder per asset.
  await sql`create unique index assignments_one_open_per_asset on assignments (asset_id) where ended_at is null`.execute(
    db,
  );
  await sql`create index assignments_open_by_user_idx on assignments (user_id) where ended_at is null`.execute(
    db,
  );
  await sql`create index assignments_asset_idx on assignments (asset_id, started_at desc)`.execute(db);
  await sql`create index assignments_user_idx on assignments (user_id, started_at desc)`.execute(db);

  await db.schema
    .createTable('events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('audience', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .execute();
  await sql`create index events_entity_idx on events (entity, entity_id, id desc)`.execute(db);
  await sql`create index events_actor_idx on events (actor_id, id desc)`.execute(db);
  await sql`create index events_at_idx on events (at)`.execute(db);
  await sql`create index events_audience_idx on events using gin (audience)`.execute(db);

  // The audit trail is append-only, enforced where no code path can skip it.
  await sql`
    create function events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the events table is append-only' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger events_no_update before update or delete on events
    for each row execute function events_append_only()`.execute(db);
  await sql`create trigger events_no_truncate before truncate on events
    for each statement execute function events_append_only()`.execute(db);

  // Event ids must become visible in id order, or a reader that remembers "the last id I saw" could
  // skip an id that commits late. One transaction at a time appends events: the lock is taken before
  // the ids are drawn and held until commit, and appending is the last step of every use case.
  await sql`
    create function events_serialize() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(7236001);
      return null;
    end $$`.execute(db);
  await sql`create trigger events_serialize before insert on events
    for each statement execute function events_serialize()`.execute(db);

  // The doorbell: committed events ring every listening API instance. The table stays the record.
  await sql`
    create function events_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('itam_events', new.id::text);
      return null;
    end $$`.execute(db);
  await sql`create trigger events_notify after insert on events
    for each row execute function events_notify()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['events', 'assignments', 'assets', 'sessions', 'users']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists events_append_only, events_serialize, events_notify`.execute(db);
}
