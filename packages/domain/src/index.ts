// @itam/domain: the pure rules of IT asset management: lifecycle, permissions, schemas, reasons.
// Used by the API, the web app, the typed client and by scripts that run without a server.
// Never imports I/O, Kysely, Fastify or tRPC.

export * from './assets/lifecycle.ts';
export * from './assets/schemas.ts';
export * from './assets/stages.ts';
export * from './assignments/rules.ts';
export * from './assignments/schemas.ts';
export * from './common.ts';
export * from './compliance/overview.ts';
export * from './compliance/report.ts';
export * from './compliance/verdicts.ts';
export * from './csv/formats.ts';
export * from './csv/parse.ts';
export * from './csv/rows.ts';
export * from './csv/write.ts';
export * from './dates.ts';
export * from './events/schemas.ts';
export * from './events/types.ts';
export * from './idempotency/keys.ts';
export * from './licenses/rules.ts';
export * from './licenses/schemas.ts';
export * from './maintenance/rules.ts';
export * from './maintenance/schemas.ts';
export * from './notifications/kinds.ts';
export * from './notifications/reminders.ts';
export * from './notifications/schemas.ts';
export * from './permissions.ts';
export * from './reasons.ts';
export * from './result.ts';
export * from './tokens/rules.ts';
export * from './tokens/schemas.ts';
export * from './users/rules.ts';
export * from './users/schemas.ts';
export * from './webhooks/retry.ts';
export * from './webhooks/schemas.ts';
export * from './webhooks/url.ts';
