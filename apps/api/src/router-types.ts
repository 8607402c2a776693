// @itam/api: the tRPC API over Fastify. Its package entry exports only the router's type, so the
// web app and @itam/client get end-to-end types without importing server code at run time.
export type { AppRouter } from './router.ts';
