import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * A statement whose shape never changes, built and compiled by Kysely once; each call only binds
 * its values. Kysely builds and compiles a query on every execution (20–60 µs for a join with a
 * dozen columns), which for the statements nearly every request runs (the session lookup, an
 * asset by id) is worth skipping. The SQL sent is exactly the SQL Kysely would have built.
 *
 * `build` receives a stand-in string for each value and must pass each one into the query as a
 * bound value, untouched; the first call checks that every stand-in arrived as a parameter.
 * Both of our dialects (pg and PGlite) compile with Kysely's PostgreSQL compiler and neither
 * has plugins, so one compiled form serves every database handle and transaction.
 */
export function prepare<A extends string[], R>(
  arity: A['length'],
  build: (db: Kysely<DB>, ...values: A) => Compilable<R>,
): (db: Kysely<DB>, ...values: A) => Promise<R[]> {
  let compiled:
    | { sql: string; slots: (number | { constant: unknown })[]; template: CompiledQuery<R> }
    | undefined;
  return async (db, ...values) => {
    if (!compiled) {
      const standIns = Array.from({ length: arity }, (_, i) => `\u0000prepared:${i}\u0000`) as A;
      const template = build(db, ...standIns).compile();
      const slots = template.parameters.map((p) => {
        const index = typeof p === 'string' ? standIns.indexOf(p) : -1;
        return index >= 0 ? index : { constant: p };
      });
      const bound = new Set(slots.filter((s) => typeof s === 'number'));
      if (bound.size !== arity)
        throw new Error(`prepare: ${arity - bound.size} value(s) did not become parameters`);
      compiled = { sql: template.sql, slots, template };
    }
    const { slots, template } = compiled;
    const parameters = slots.map((s) => (typeof s === 'number' ? values[s] : s.constant));
    const result = await db.executeQuery<R>({ ...template, parameters });
    return result.rows;
  };
}
