import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** What a prepared statement binds: values (null is one), lists of values, or nothing (left out). */
export type Bindings = Record<string, string | number | null | readonly (string | number)[] | undefined>;

interface Compiled {
  template: CompiledQuery<unknown>;
  /** For each parameter of the SQL: the index of the binding it takes, or a constant of the query. */
  slots: (number | { constant: unknown })[];
}

/** At most this many shapes per statement are kept; others are built each time. */
const MAX_SHAPES = 64;

/**
 * A statement built and compiled by Kysely once per shape, binding only each call's values.
 * Kysely builds and compiles a query on every execution (20–60 µs for a join with a dozen
 * columns), which for the statements behind nearly every request (the session lookup, an asset by
 * id, a page of assets) is worth skipping. The SQL sent is exactly the SQL Kysely would build.
 *
 * The shape is which bindings are present and how long each list is: a filter left out or a list
 * of three stages makes another SQL text. `build` receives a stand-in string for every value and
 * must pass each into the query as a bound value, untouched (not parsed, compared or computed
 * with); the first build of a shape checks that every stand-in arrived as a parameter.
 * Both of our dialects (pg and PGlite) compile with Kysely's PostgreSQL compiler and neither has
 * plugins, so one compiled form serves every database handle and transaction.
 */
export function prepare<B extends Bindings, R>(
  build: (db: Kysely<DB>, bindings: B) => Compilable<R>,
): (db: Kysely<DB>, bindings: B) => Promise<R[]> {
  const shapes = new Map<string, Compiled>();
  return async (db, bindings) => {
    const values: unknown[] = [];
    let shape = '';
    for (const key in bindings) {
      const value = bindings[key];
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        shape += `${key}[${value.length}],`;
        values.push(...value);
      } else {
        shape += `${key},`;
        values.push(value);
      }
    }
    let compiled = shapes.get(shape);
    if (!compiled) {
      if (shapes.size >= MAX_SHAPES) return (await db.executeQuery(build(db, bindings).compile())).rows;
      compiled = compileShape(db, build, bindings);
      shapes.set(shape, compiled);
    }
    const { template, slots } = compiled;
    const parameters = slots.map((slot) => (typeof slot === 'number' ? values[slot] : slot.constant));
    const result = await db.executeQuery<R>({ ...(template as CompiledQuery<R>), parameters });
    return result.rows;
  };
}

function compileShape<B extends Bindings, R>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, bindings: B) => Compilable<R>,
  bindings: B,
): Compiled {
  const index = new Map<string, number>();
  const standIn = () => {
    const text = `\u0000bound:${index.size}\u0000`;
    index.set(text, index.size);
    return text;
  };
  const standIns: Bindings = {};
  for (const key in bindings) {
    const value = bindings[key];
    if (value === undefined) continue;
    standIns[key] = Array.isArray(value) ? value.map(standIn) : standIn();
  }
  const template = build(db, standIns as B).compile() as CompiledQuery<unknown>;
  const slots = template.parameters.map((p) => {
    const slot = typeof p === 'string' ? index.get(p) : undefined;
    return slot ?? { constant: p };
  });
  // A stand-in inside a constant: a value was computed with (`Laptop ${tag}`) before it was bound.
  if (
    slots.some(
      (slot) =>
        typeof slot === 'object' &&
        typeof slot.constant === 'string' &&
        slot.constant.includes('\u0000bound:'),
    )
  )
    throw new Error('prepare: a value was changed before it became a parameter');
  const bound = new Set(slots.filter((slot) => typeof slot === 'number'));
  if (bound.size !== index.size)
    throw new Error(`prepare: ${index.size - bound.size} value(s) did not become parameters`);
  return { template, slots };
}

/**
 * A list as one PostgreSQL array value, written as `pg` writes a JavaScript array of strings
 * (`{"a","b"}`), for a prepared statement that binds a whole array as one parameter (its lists
 * are spread into `in (…)` lists).
 */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
