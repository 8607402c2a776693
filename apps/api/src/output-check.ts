import type { z } from 'zod';

/**
 * A check compiled from an output schema that strips unknown keys and checks values as zod does,
 * without zod's per-property allocations (its object parser makes a result holder for every
 * property of every object; on a page of 50 assets that is most of what a list request
 * allocates).
 *
 * It understands only the schema kinds outputs are made of (objects in strip mode, arrays,
 * nullable and optional, strings with length checks or a pattern format, numbers with integer and
 * bound checks, booleans, enums, literals). For any other kind, `compileOutputCheck` returns
 * undefined and zod parses alone. The check answers `NOT_SURE` for anything it does not accept;
 * the caller then asks zod, which either accepts it too or throws its own error. So a value is
 * never accepted that zod would refuse, and errors are zod's.
 */
export const NOT_SURE: unique symbol = Symbol('not sure');

export type OutputCheck = (value: unknown) => unknown;

/** What an object's walk answers when a field's check changed its value (see `walk`). */
const CHANGED: unique symbol = Symbol('changed');

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  pattern?: RegExp;
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  element?: z.ZodType;
  innerType?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
}

interface CheckDef {
  check: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The test one check adds, or undefined when it is not one this module knows. */
function checkTest(check: CheckDef): ((value: never) => boolean) | undefined {
  switch (check.check) {
    case 'min_length':
      return (value: string | unknown[]) => value.length >= check.minimum!;
    case 'max_length':
      return (value: string | unknown[]) => value.length <= check.maximum!;
    case 'number_format':
      return check.format === 'safeint' ? (value: number) => Number.isSafeInteger(value) : undefined;
    case 'greater_than':
      return check.inclusive
        ? (value: number) => value >= check.value!
        : (value: number) => value > check.value!;
    case 'less_than':
      return check.inclusive
        ? (value: number) => value <= check.value!
        : (value: number) => value < check.value!;
    default:
      return undefined;
  }
}

/** All of a schema's own checks as one test; undefined if any is unknown. */
function checksOf(def: Def): ((value: never) => boolean) | undefined {
  const tests = (def.checks ?? []).map((c) => checkTest(c._zod.def));
  if (tests.some((t) => t === undefined)) return undefined;
  const known = tests as ((value: never) => boolean)[];
  if (known.length === 0) return () => true;
  // A loop rather than `known.every(test => …)`, which would make a closure on every call: this
  // runs for every property of every object of a page.
  return (value) => {
    for (let i = 0; i < known.length; i++) if (!known[i]!(value)) return false;
    return true;
  };
}

export function compileOutputCheck(schema: z.ZodType): OutputCheck | undefined {
  const def = defOf(schema);
  const checks = checksOf(def);
  if (!checks) return undefined;
  switch (def.type) {
    case 'string': {
      let format: ((value: string) => boolean) | undefined;
      if (def.format !== undefined) {
        const pattern = def.pattern;
        if (!pattern) return undefined; // a format checked by code (a URL, say), not by a pattern
        format = (value) => {
          pattern.lastIndex = 0;
          return pattern.test(value);
        };
      }
      return (value) =>
        typeof value === 'string' && (!format || format(value)) && checks(value as never) ? value : NOT_SURE;
    }
    case 'number': {
      if (def.format !== undefined && def.format !== 'safeint') return undefined;
      const safeInt = def.format === 'safeint';
      return (value) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!safeInt || Number.isSafeInteger(value)) &&
        checks(value as never)
          ? value
          : NOT_SURE;
    }
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : NOT_SURE);
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return (value) => (allowed.has(value) ? value : NOT_SURE);
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return (value) => (allowed.has(value) ? value : NOT_SURE);
    }
    case 'nullable': {
      const inner = compileOutputCheck(def.innerType!);
      return inner && ((value) => (value === null ? null : inner(value)));
    }
    case 'optional': {
      const inner = compileOutputCheck(def.innerType!);
      return inner && ((value) => (value === undefined ? undefined : inner(value)));
    }
    case 'array': {
      const element = compileOutputCheck(def.element!);
      if (!element) return undefined;
      return (value) => {
        if (!Array.isArray(value) || !checks(value as never)) return NOT_SURE;
        // The array itself when every element checks out as it is (nothing stripped), so a page
        // is answered without a copy; a copy from the first element that changed.
        let out: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item = element(value[i]);
          if (item === NOT_SURE) return NOT_SURE;
          if (out) out[i] = item;
          else if (item !== value[i]) {
            out = value.slice(0, i);
            out[i] = item;
          }
        }
        return out ?? value;
      };
    }
    case 'object': {
      if (def.catchall !== undefined) return undefined; // strict or passthrough: not strip mode
      const keys = Object.keys(def.shape!);
      const fields: { key: string; check: OutputCheck; optional: boolean }[] = [];
      for (const key of keys) {
        const child = def.shape![key]!;
        const check = compileOutputCheck(child);
        if (!check) return undefined;
        fields.push({ key, check, optional: defOf(child).type === 'optional' });
      }
      const count = fields.length;
      /** Whether the object's own keys are the schema's, in its order (absent optionals aside). */
      const sameKeys = (input: Record<string, unknown>): boolean => {
        let i = 0;
        for (const key in input) {
          while (
            i < count &&
            fields[i]!.key !== key &&
            fields[i]!.optional &&
            input[fields[i]!.key] === undefined
          )
            i++;
          if (i === count || fields[i]!.key !== key) return false;
          i++;
        }
        return true;
      };
      /**
       * Checks every field of `input`: with `out`, writes each checked value into it; without,
       * stops at the first value the check changed (a nested object stripped), answering CHANGED.
       */
      const walk = (input: Record<string, unknown>, out?: Record<string, unknown>): unknown => {
        for (let i = 0; i < count; i++) {
          const { key, check, optional } = fields[i]!;
          const field = input[key];
          if (field === undefined && optional) continue;
          const checked = check(field);
          if (checked === NOT_SURE) return NOT_SURE;
          if (out) out[key] = checked;
          else if (checked !== field) return CHANGED;
        }
        return out;
      };
      return (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return NOT_SURE;
        const input = value as Record<string, unknown>;
        // The object itself when it has exactly the schema's keys, in its order, and every value
        // checks out as it is: zod would answer a copy equal to it, key order included. Rows
        // mapped for output are built that way, so a page allocates nothing here.
        const walked = walk(input);
        if (walked === NOT_SURE) return NOT_SURE;
        if (walked !== CHANGED && sameKeys(input)) return checks(input as never) ? input : NOT_SURE;
        const out: Record<string, unknown> = {};
        if (walk(input, out) === NOT_SURE) return NOT_SURE;
        return checks(out as never) ? out : NOT_SURE;
      };
    }
    default:
      return undefined;
  }
}
