import { type Kysely, sql } from 'kysely';

/**
 * The migrated schema as PostgreSQL's catalog describes it: the source of the generated ER
 * diagram and data dictionary (docs/). Reads whatever tables exist in the `public` schema, except
 * Kysely's own migration bookkeeping.
 */
export interface CatalogColumn {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  /** `generated always as (…) stored`, or `identity`. */
  generated: string | null;
  comment: string | null;
}

export interface CatalogForeignKey {
  columns: string[];
  table: string;
  references: string[];
}

export interface CatalogTable {
  name: string;
  comment: string | null;
  columns: CatalogColumn[];
  primaryKey: string[];
  unique: string[][];
  foreignKeys: CatalogForeignKey[];
}

const IGNORED = ['kysely_migration', 'kysely_migration_lock'];

export async function readCatalog(db: Kysely<any>): Promise<CatalogTable[]> {
  const { rows: tables } = await sql<{ name: string; comment: string | null }>`
    select c.relname as name, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  const { rows: columns } = await sql<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    default: string | null;
    generated: string;
    identity: string;
    comment: string | null;
  }>`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
      a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default,
      a.attgenerated as generated, a.attidentity as identity,
      col_description(c.oid, a.attnum) as comment
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`.execute(db);
  const { rows: constraints } = await sql<{
    table: string;
    type: string;
    columns: string[];
    foreign_table: string | null;
    foreign_columns: string[] | null;
  }>`
    select c.relname as table, k.contype as type,
      array(select a.attname from unnest(k.conkey) with ordinality as u(num, ord)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord)::text[] as columns,
      f.relname as foreign_table,
      case when k.contype = 'f' then
        array(select a.attname from unnest(k.confkey) with ordinality as u(num, ord)
              join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.ord)::text[]
      end as foreign_columns
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_class f on f.oid = k.confrelid
    where n.nspname = 'public' and k.contype in ('p', 'u', 'f')
    order by c.relname, k.conname`.execute(db);
  // Unique indexes (often on an expression such as lower(username), or partial) are rules too.
  const { rows: indexes } = await sql<{ table: string; definition: string }>`
    select t.relname as table, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by t.relname, 2`.execute(db);

  return tables
    .filter((t) => !IGNORED.includes(t.name))
    .map((t) => ({
      name: t.name,
      comment: t.comment,
      columns: columns
        .filter((c) => c.table === t.name)
        .map((c) => ({
          name: c.name,
          type: c.type,
          nullable: !c.not_null,
          default: c.generated === 's' ? null : c.default,
          generated:
            c.generated === 's'
              ? `generated always as ${c.default} stored`
              : c.identity
                ? `identity (${c.identity === 'a' ? 'always' : 'by default'})`
                : null,
          comment: c.comment,
        })),
      primaryKey: constraints.find((k) => k.table === t.name && k.type === 'p')?.columns ?? [],
      unique: [
        ...constraints.filter((k) => k.table === t.name && k.type === 'u').map((k) => k.columns),
        ...indexes
          .filter((i) => i.table === t.name)
          .map((i) => [i.definition.replace(/^CREATE UNIQUE INDEX (\S+) ON \S+ USING btree /, '$1 ')]),
      ],
      foreignKeys: constraints
        .filter((k) => k.table === t.name && k.type === 'f')
        .map((k) => ({ columns: k.columns, table: k.foreign_table!, references: k.foreign_columns! })),
    }));
}
