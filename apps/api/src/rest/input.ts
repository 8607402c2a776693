import type { JsonSchema } from './schemas.ts';

/** How a query-string value is read: query strings carry only text. */
export type QueryKind = 'string' | 'number' | 'boolean' | 'list';

function kindOfSchema(schema: JsonSchema | undefined): QueryKind {
  if (!schema) return 'string';
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type)].flat().filter(Boolean);
  if (types.includes('array')) return 'list';
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (types.includes('boolean')) return 'boolean';
  return 'string';
}

/** Each input field's kind, from the procedure's input schema. */
export function queryKinds(input: JsonSchema): Record<string, QueryKind> {
  return Object.fromEntries(
    Object.entries(input.properties ?? {}).map(([name, schema]) => [name, kindOfSchema(schema)]),
  );
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A value the schema will check: text that reads as the field's kind becomes it; anything else
 * stays text, so the procedure's schema refuses it with its own message.
 */
function readQueryValue(kind: QueryKind, value: string | string[]): unknown {
  if (kind === 'list') return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value;
  if (kind === 'number' && NUMBER.test(value)) return Number(value);
  if (kind === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function inputFromQuery(
  query: Record<string, string | string[] | undefined>,
  kinds: Record<string, QueryKind>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    input[name] = readQueryValue(kinds[name] ?? 'string', value);
  }
  return input;
}

export type BuiltInput = { ok: true; input: unknown } | { ok: false; message: string };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A request body becomes the input: its fields, or (with `bodyField`) that one field. The path's
 * parameters are added last, so a body cannot point the call at another record.
 */
export function inputFromBody(
  body: unknown,
  params: Record<string, string>,
  bodyField: string | undefined,
): BuiltInput {
  if (body !== undefined && !isPlainObject(body))
    return { ok: false, message: 'The body must be a JSON object.' };
  const fields = bodyField ? (body === undefined ? {} : { [bodyField]: body }) : (body ?? {});
  return { ok: true, input: { ...fields, ...params } };
}
