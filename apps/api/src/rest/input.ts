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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A request body becomes the input: its fields, or (with `bodyField`) that one field. The path's
 * parameters are added last, so a body cannot point the call at another record. A body that is not
 * an object goes on as it is: the procedure refuses it after its gates, as over tRPC.
 */
export function inputFromBody(
  body: unknown,
  params: Record<string, string>,
  bodyField: string | undefined,
): unknown {
  if (bodyField) return body === undefined ? params : { [bodyField]: body, ...params };
  if (body === undefined) return params;
  return isPlainObject(body) ? { ...body, ...params } : body;
}
