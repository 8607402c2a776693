import type { z } from 'zod';
import { compileOutputCheck, NOT_SURE } from './output-check.ts';

/**
 * A zod schema as a tRPC input or output parser that parses synchronously.
 *
 * tRPC calls a zod schema's `parseAsync`, and zod 4 takes its compiled fast path for objects only
 * in a synchronous parse: a page of 50 assets costs about 300 µs through `parseAsync` and about
 * 70 µs through `parse`; an asset's create input about 1.3 µs against 0.6. No schema here refines or
 * transforms asynchronously, so only the speed changes: unknown keys are still stripped or
 * refused, defaults applied, and a wrong shape still fails the call with zod's own error. For
 * outputs made of common kinds, a compiled check (`output-check.ts`) does the same without zod's
 * per-property allocations, and hands zod whatever it is not sure of.
 *
 * The schema stays reachable as `.schema` (the OpenAPI document is built from it), and the
 * `_input`/`_output` types let tRPC infer the procedure's output type as it does from zod.
 */
export type SyncParser<S extends z.ZodType> = ((value: unknown) => z.output<S>) & {
  schema: S;
  _input: z.input<S>;
  _output: z.output<S>;
};

export function sync<S extends z.ZodType>(schema: S): SyncParser<S> {
  // Outputs made of the common kinds are first checked without zod's allocations; anything the
  // check is not sure of goes to zod, which accepts it too or throws its own error.
  const check = compileOutputCheck(schema);
  const parse = check
    ? (value: unknown): z.output<S> => {
        const checked = check(value);
        return checked === NOT_SURE ? schema.parse(value) : (checked as z.output<S>);
      }
    : (value: unknown): z.output<S> => schema.parse(value);
  // why the cast: `_input`/`_output` exist only in the type, as on a zod schema.
  return Object.assign(parse, { schema }) as SyncParser<S>;
}

/** The zod schema behind a procedure's parser (`sync(...)` or a schema given as it is). */
export function schemaOf(parser: unknown): z.ZodType {
  return (typeof parser === 'function' && 'schema' in parser ? parser.schema : parser) as z.ZodType;
}
