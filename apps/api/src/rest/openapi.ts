import { REASONS, ROLES, scopeOf } from '@itam/domain';
import { pathParamsOf, REST_BASE, REST_ROUTES, type RestRoute } from './routes.ts';
import { actionOf, inputJsonSchema, type JsonSchema, outputJsonSchema, partsOf } from './schemas.ts';

/**
 * The OpenAPI 3.1 document of the REST routes, generated from the procedures' own zod schemas
 * (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses), so it cannot drift from what they accept.
 */

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid input (`VALIDATION_FAILED`, with `issues`) or a refused rule such as `INVALID_TRANSITION`',
  '401': 'No valid session or token (`UNAUTHENTICATED`, `SESSION_EXPIRED`)',
  '403': 'Signed in but not allowed (`FORBIDDEN`, `ACCOUNT_DISABLED`)',
  '404': 'No such record, or not yours to see (`NOT_FOUND`)',
  '409': 'The current state refuses the change (for example `ALREADY_ASSIGNED`, `STALE_STATE`)',
  '503': 'The database is unavailable (`UNAVAILABLE`); try again',
};

const ErrorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['reason', 'message', 'status'],
      properties: {
        reason: {
          type: 'string',
          enum: [...REASONS],
          description: 'Stable and machine-readable: branch on this, never on the message.',
        },
        message: { type: 'string', description: 'For people; may change.' },
        status: { type: 'integer', description: 'The HTTP status, repeated.' },
        details: {
          anyOf: [{ type: 'object', additionalProperties: true }, { type: 'null' }],
          description: 'Facts about a refusal, such as the allowed targets of a transition.',
        },
        issues: {
          anyOf: [
            {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
            { type: 'null' },
          ],
          description: 'With `VALIDATION_FAILED`: each invalid field.',
        },
      },
    },
  },
};

/** Who may call it, from the permission matrix. */
function whoMay(route: RestRoute): string {
  if (route.public) return 'Anyone.';
  const action = actionOf(partsOf(route.procedure));
  if (!action) return 'Any signed-in user.';
  const roles = ROLES.flatMap((role) => {
    const scope = scopeOf({ id: '', role }, action);
    if (scope === 'none') return [];
    return [scope === 'own' ? `${role} (own records only)` : role];
  });
  return `Permission \`${action}\`: ${roles.join(', ')}.`;
}

function parameters(route: RestRoute, input: JsonSchema) {
  const properties = input.properties ?? {};
  const required = new Set(input.required ?? []);
  const inPath = pathParamsOf(route);
  const pathParams = inPath.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }));
  if (route.method !== 'GET') return pathParams;
  // `direction` is tRPC's infinite-query field: accepted, but nothing a REST client needs.
  const queryNames = Object.keys(properties).filter((n) => !inPath.includes(n) && n !== 'direction');
  const queryParams = queryNames.map((name) => {
    const schema = properties[name]!;
    const list = schema.type === 'array';
    return {
      name,
      in: 'query',
      required: required.has(name),
      schema,
      ...(list
        ? { style: 'form', explode: true, description: 'Repeat the parameter for several values.' }
        : {}),
    };
  });
  return [...pathParams, ...queryParams];
}

function requestBody(route: RestRoute, input: JsonSchema) {
  if (route.method === 'GET') return undefined;
  const properties = input.properties ?? {};
  if (route.bodyField) {
    const schema = properties[route.bodyField];
    return schema ? { required: true, content: { 'application/json': { schema } } } : undefined;
  }
  const inPath = pathParamsOf(route);
  const bodyProperties = Object.fromEntries(Object.entries(properties).filter(([n]) => !inPath.includes(n)));
  if (Object.keys(bodyProperties).length === 0) return undefined;
  const required = (input.required ?? []).filter((n) => !inPath.includes(n));
  const schema: JsonSchema = {
    type: 'object',
    properties: bodyProperties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
  return { required: required.length > 0, content: { 'application/json': { schema } } };
}

function responses(route: RestRoute, components: Record<string, JsonSchema>) {
  const output = partsOf(route.procedure).output;
  const success = {
    description: route.status === 201 ? 'Created' : 'OK',
    content: { 'application/json': { schema: output ? outputJsonSchema(output, components) : {} } },
  };
  const errors = Object.fromEntries(
    Object.entries(ERROR_STATUSES)
      .filter(([status]) => !(route.public && status === '403'))
      .map(([status, description]) => [
        status,
        { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      ]),
  );
  return { [String(route.status ?? 200)]: success, ...errors };
}

function operation(route: RestRoute, components: Record<string, JsonSchema>) {
  const input = inputJsonSchema(partsOf(route.procedure));
  const body = requestBody(route, input);
  return {
    operationId: route.procedure,
    summary: route.summary,
    description: `${whoMay(route)} Calls the procedure \`${route.procedure}\`, with the same rules, errors and audit.`,
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    parameters: parameters(route, input),
    ...(body ? { requestBody: body } : {}),
    responses: responses(route, components),
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { Error: ErrorSchema };
  for (const route of REST_ROUTES) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'itam REST API',
      version: '1',
      description:
        'The main procedures of the tRPC API as REST routes, for programs in any language. Each ' +
        'route calls its procedure, so permissions, validation, errors and the audit trail are the same. ' +
        'Authenticate with `Authorization: Bearer <token>` (from `POST /auth/login`) or the `itam_session` cookie.',
    },
    servers: [{ url: REST_BASE }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: [...new Set(REST_ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A session token from `POST /auth/login`.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'itam_session',
          description: 'The dashboard’s session cookie.',
        },
      },
      schemas,
    },
  };
}
