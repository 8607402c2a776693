import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingMeaningsError, renderSchemaDocs } from '../src/docs/index.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

// The ER diagram and data dictionary in docs/ are generated from the migrated schema
// (`pnpm docs:generate`). They must match what the migrations produce now.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const committed = (file: string) => readFileSync(new URL(`../../../docs/${file}`, import.meta.url), 'utf8');

describe(`generated schema docs on ${describeBackend()}`, () => {
  it('are up to date: run `pnpm docs:generate` and commit docs/ when this fails', async () => {
    const docs = await renderSchemaDocs(database.db);
    expect(Object.keys(docs).sort()).toEqual(['data-dictionary.md', 'er-diagram.md']);
    for (const [file, text] of Object.entries(docs)) expect(committed(file), file).toBe(text);
  });

  it('document every table of the schema, whatever tables exist', async () => {
    const docs = await renderSchemaDocs(database.db);
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(
      database.db,
    );
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const { name } of rows) {
      expect(docs['data-dictionary.md']).toContain(`## \`${name}\``);
      expect(docs['er-diagram.md']).toContain(`  ${name} {`);
    }
  });

  it('refuse a table or column without a meaning, and take one from COMMENT ON', async () => {
    await sql`create table docs_probe (id integer primary key, label text not null default 'x')`.execute(
      database.db,
    );
    try {
      const error = await renderSchemaDocs(database.db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingMeaningsError);
      expect((error as MissingMeaningsError).missing).toEqual([
        'table docs_probe',
        'docs_probe.id',
        'docs_probe.label',
      ]);
      await sql`comment on table docs_probe is 'A probe'`.execute(database.db);
      await sql`comment on column docs_probe.id is 'Its id'`.execute(database.db);
      await sql`comment on column docs_probe.label is 'Its label'`.execute(database.db);
      const docs = await renderSchemaDocs(database.db);
      expect(docs['data-dictionary.md']).toContain("| `label` | text | no | `'x'::text` | Its label |");
    } finally {
      await sql`drop table docs_probe`.execute(database.db);
    }
  });
});
