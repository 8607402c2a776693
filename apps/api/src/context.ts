import type { Database, DB, Kysely } from '@itam/db';
import { findSessionByTokenHash } from '@itam/db';
import type { User } from '@itam/domain';
import type { FastifyBaseLogger } from 'fastify';
import { hashToken } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { EventHub } from './live/hub.ts';
import type { NotificationHub } from './live/notification-hub.ts';
import type { Keyring } from './secrets.ts';
import type { WebhookDispatcher } from './webhooks/dispatcher.ts';

/** What every request shares: built once per server. */
export interface Services {
  database: Database;
  hub: EventHub;
  /** New notifications, for `notifications.onNew`. */
  notifications: NotificationHub;
  config: Config;
  log: FastifyBaseLogger;
  /** Seals and opens product keys. */
  keyring: Keyring;
  /** Sends webhook deliveries; absent only where a test builds services by hand. */
  webhooks?: WebhookDispatcher;
}

export interface Session {
  token: string;
  tokenHash: string;
  user: User;
  expiresAt: Date;
}

/** How the transport lets a procedure set or clear the session cookie (absent over WebSocket). */
export interface CookieJar {
  setSession(token: string, expiresAt: Date): void;
  clearSession(): void;
}

export interface Context {
  services: Services;
  db: Kysely<DB>;
  session: Session | null;
  /** Why a presented token was not accepted, to tell "expired" from "never logged in". */
  authProblem: 'expired' | 'disabled' | 'unknown' | null;
  cookies: CookieJar | null;
  /** Over WebSocket: closes the caller's socket (when its session ends). */
  closeConnection: (() => void) | null;
}

/** The context without a transport: for tests, scripts and both transports below. */
export async function createContextInner(opts: {
  services: Services;
  token?: string | undefined;
  cookies?: CookieJar | null;
  closeConnection?: (() => void) | null;
}): Promise<Context> {
  const { services } = opts;
  const base = {
    services,
    db: services.database.db,
    cookies: opts.cookies ?? null,
    closeConnection: opts.closeConnection ?? null,
  };
  if (!opts.token || opts.token.length > 256) return { ...base, session: null, authProblem: null };
  const tokenHash = hashToken(opts.token);
  const found = await findSessionByTokenHash(services.database.db, tokenHash);
  if (found.status !== 'valid') return { ...base, session: null, authProblem: found.status };
  return {
    ...base,
    session: { token: opts.token, tokenHash, user: found.user, expiresAt: found.expiresAt },
    authProblem: null,
  };
}
