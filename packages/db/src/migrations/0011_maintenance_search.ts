import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code.
// Search in the maintenance list: its own words (what the work is, the note left on it) by a
// trigram index; its asset's tag, name and serial are searched through assets_search_idx.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index maintenance_search_idx
    on maintenance using gin ((lower(details || ' ' || coalesce(note, ''))) gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists maintenance_search_idx`.execute(db);
}
