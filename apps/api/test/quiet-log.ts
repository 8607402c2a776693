import type { FastifyBaseLogger } from 'fastify';

/** A logger that says nothing, for parts of the server built on their own in a test. */
export const quiet = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  trace: () => {},
  fatal: () => {},
  child: () => quiet,
  level: 'silent',
  silent: () => {},
} as unknown as FastifyBaseLogger;
