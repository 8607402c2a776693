// @itam/domain: the pure rules of IT asset management: lifecycle, permissions, schemas, reasons.
// Used by the API, the web app, the typed client and by scripts that run without a server.
// Never imports I/O, Kysely, Fastify or tRPC.

export * from './assets/lifecycle.ts';
export * from './assets/schemas.ts';
export * from './assets/stages.ts';
export * from './assignments/rules.ts';
export * from './assignments/schemas.ts';
export * from './common.ts';
export * from './compliance/report.ts';
export * from './dates.ts';
export * from './events/schemas.ts';
export * from './licenses/rules.ts';
export * from './licenses/schemas.ts';
export * from './maintenance/rules.ts';
export * from './maintenance/schemas.ts';
export * from './permissions.ts';
export * from './reasons.ts';
export * from './result.ts';
export * from './tokens/rules.ts';
export * from './tokens/schemas.ts';
export * from './users/schemas.ts';
