import { type Kysely, sql } from 'kysely';

// Frozen in time: value lists are copies, never imported.
const ROLES = ['admin', 'manager', 'employee', 'read-only'];
const KINDS = ['person', 'service'];

const oneOf = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * API tokens for programs. Each token has its own service account (a user of kind `service`),
 * so every action taken with the token carries it as the actor in the audit trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column kind text not null default 'person'`.execute(db);
  await sql`alter table users add constraint users_kind_check check (${oneOf('kind', KINDS)})`.execute(db);
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql`alter table users add constraint users_role_check check (${oneOf('role', ROLES)})`.execute(db);
  await sql`comment on column users.kind is 'person: signs in with a password; service: the account of one API token, which cannot sign in'`.execute(
    db,
  );

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('account_id', 'uuid', (c) => c.notNull().unique().references('users.id').onDelete('restrict'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addCheckConstraint('api_tokens_expiry_check', sql`expires_at is null or expires_at > created_at`)
    .execute();

  const comments: Record<string, string> = {
    id: 'Identifies the token in lists and in revoke-token; not the secret',
    seq: 'Creation order, for stable listing',
    account_id: 'The service account (users.kind = service) whose name and role the token acts with',
    token_hash: 'SHA-256 of the secret, hex; the secret itself is shown once and never stored',
    created_by: 'The admin who created the token (null when created by the command-line tool)',
    created_at: 'When the token was created',
    expires_at: 'After this moment the token is refused; null: no expiry',
    last_used_at: 'When the token last authenticated a request, to the minute',
    revoked_at: 'When the token was revoked; a revoked token is refused at once, also on open subscriptions',
    revoked_by: 'The admin who revoked it (null when revoked by the command-line tool)',
  };
  await sql`comment on table api_tokens is 'Bearer tokens for programs, stored hashed; one service account each'`.execute(
    db,
  );
  for (const [column, text] of Object.entries(comments)) {
    await sql`comment on column ${sql.ref(`api_tokens.${column}`)} is ${sql.lit(text)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').ifExists().execute();
  await sql`delete from users where kind = 'service'`.execute(db);
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql`alter table users add constraint users_role_check check (role in ('admin', 'manager', 'employee'))`.execute(
    db,
  );
  await sql`alter table users drop column kind`.execute(db);
}
