import {
  type Action,
  Asset,
  Assignment,
  AuditEvent,
  ComplianceReport,
  License,
  LicenseDetail,
  LicenseDetailWithKey,
  LicenseWithKey,
  Maintenance,
  Seat,
  User,
} from '@itam/domain';
import { z } from 'zod';
import { schemaOf } from '../parse.ts';
import { appRouter } from '../router.ts';
import type { Meta } from '../trpc.ts';
import type { ProcedurePath } from './routes.ts';

/** What REST reads from a procedure: its own zod schemas and gate, never a copy of them. */
export interface ProcedureParts {
  type: 'query' | 'mutation' | 'subscription';
  inputs: z.ZodType[];
  output: z.ZodType | undefined;
  access: Meta['access'];
}

interface ProcedureDef {
  _def: { type: ProcedureParts['type']; inputs: unknown[]; output?: unknown; meta?: Meta };
}

/** Flat by dotted path at run time, though its type is the nested record. */
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef | undefined>;

export function partsOf(path: ProcedurePath): ProcedureParts {
  const procedure = procedures[path];
  if (!procedure) throw new Error(`No procedure ${path}`);
  const def = procedure._def;
  return {
    type: def.type,
    inputs: def.inputs.map(schemaOf),
    output: def.output === undefined ? undefined : schemaOf(def.output),
    access: def.meta?.access ?? 'public',
  };
}

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  description?: string;
  [key: string]: unknown;
};

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/**
 * The input as one JSON Schema object (what a client sends, before defaults and trimming). A
 * procedure with several `.input()` calls takes the merge of their objects, as tRPC does.
 */
export function inputJsonSchema(parts: ProcedureParts): JsonSchema {
  const merged: JsonSchema = { type: 'object', properties: {}, required: [], additionalProperties: false };
  for (const input of parts.inputs) {
    const schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    Object.assign(merged.properties!, schema.properties ?? {});
    merged.required!.push(...(schema.required ?? []));
  }
  return merged;
}

/** Domain shapes that many routes return: components of the document, referenced by name. */
const NAMED_OUTPUTS = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries({
  Asset,
  Assignment,
  AuditEvent,
  ComplianceReport,
  License,
  LicenseDetail,
  LicenseDetailWithKey,
  LicenseWithKey,
  Maintenance,
  Seat,
  User,
})) {
  NAMED_OUTPUTS.add(schema, { id });
}

/**
 * The output as returned. Named domain shapes inside it become `#/components/schemas/<name>`
 * and are added to `components`.
 */
export function outputJsonSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    metadata: NAMED_OUTPUTS,
  }) as JsonSchema;
  const { $defs, ...rest } = withoutDialect(converted);
  const toComponents = (value: unknown): JsonSchema =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    components[id] = toComponents(def);
  }
  return toComponents(rest);
}

/** The action a procedure's gate checks, if it checks one. */
export function actionOf(parts: ProcedureParts): Action | undefined {
  return parts.access === 'public' || parts.access === 'authenticated' ? undefined : parts.access;
}
