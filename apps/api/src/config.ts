import { z } from 'zod';

const Bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting comes from the environment and is checked here, once, at start. */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** `postgres://…` for a PostgreSQL server; otherwise embedded PGlite in ITAM_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|memory:\/\/$)/, 'DATABASE_URL must start with postgres:// (or be memory://)')
    .optional(),
  ITAM_DATA_DIR: z.string().min(1).default('.data/pglite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Hours a login stays valid. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 30),
  /** Comma-separated origins allowed to open WebSockets and send cookies; empty: same origin only. */
  ITAM_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.url('ITAM_ALLOWED_ORIGINS must be a comma-separated list of origins like https://itam.example.com'),
      ),
    ),
  /** Mark the session cookie Secure (set when served over HTTPS). */
  ITAM_COOKIE_SECURE: Bool.default(false),
  /** Trust X-Forwarded-* from a load balancer in front. */
  ITAM_TRUST_PROXY: Bool.default(false),
  /** Folder of the built dashboard to serve at `/`; empty to serve none. */
  ITAM_WEB_DIST: z.string().optional(),
  /** Seals product keys at rest; at least 32 characters. Unset: see `resolveSecret`. */
  ITAM_SECRET: z.string().min(32, 'ITAM_SECRET must be at least 32 characters').optional(),
  /** Earlier values of ITAM_SECRET, comma-separated, still accepted for reading during a rotation. */
  ITAM_SECRET_PREVIOUS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  /** Webhooks: how often each instance looks for new events and due deliveries (also woken by new events). */
  ITAM_WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  /** Webhooks: how long one delivery attempt may take before it counts as failed. */
  ITAM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Webhooks: attempts per delivery before it is marked failed (a redelivery starts again). */
  ITAM_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Webhooks: the first retry waits about this long, each later one twice as long (capped at an hour). */
  ITAM_WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  /** Webhooks: deliveries in flight at once per instance (one per webhook at most). */
  ITAM_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** How often each instance runs the notification job, in seconds; 0 turns it off on this instance. */
  ITAM_NOTIFICATION_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60)
    .default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads config from an environment; a bad value stops the start with a message naming it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(environment)';
      const value = present[String(issue.path[0])];
      return `  ${key}${value !== undefined && !['DATABASE_URL', 'ITAM_SECRET', 'ITAM_SECRET_PREVIOUS'].includes(key) ? `=${JSON.stringify(value)}` : ''}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
