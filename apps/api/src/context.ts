import type { Database, DB, Kysely } from '@itam/db';
import { findApiTokenByHash, findSessionByTokenHash, touchApiToken } from '@itam/db';
import { API_TOKEN_PREFIX, type User } from '@itam/domain';
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
  /** Null for an API token without expiry. */
  expiresAt: Date | null;
  /** A login, or an API token (with its id). */
  via: { kind: 'session' } | { kind: 'apiToken'; tokenId: string };
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
  authProblem: 'expired' | 'disabled' | 'unknown' | 'token_expired' | 'token_revoked' | null;
  cookies: CookieJar | null;
  /** Over WebSocket: closes the caller's socket (when its session ends). */
  closeConnection: (() => void) | null;
}

type BaseContext = Omit<Context, 'session' | 'authProblem'>;

/** The context without a transport: for tests, scripts and both transports below. */
export async function createContextInner(opts: {
  services: Services;
  token?: string | undefined;
  cookies?: CookieJar | null;
  closeConnection?: (() => void) | null;
}): Promise<Context> {
  const { services } = opts;
  const base: BaseContext = {
    services,
    db: services.database.db,
    cookies: opts.cookies ?? null,
    closeConnection: opts.closeConnection ?? null,
  };
  if (!opts.token || opts.token.length > 256) return { ...base, session: null, authProblem: null };
  const tokenHash = hashToken(opts.token);
  if (opts.token.startsWith(API_TOKEN_PREFIX)) return apiTokenContext(base, opts.token, tokenHash);
  const found = await findSessionByTokenHash(services.database.db, tokenHash);
  if (found.status !== 'valid') return { ...base, session: null, authProblem: found.status };
  return {
    ...base,
    session: {
      token: opts.token,
      tokenHash,
      user: found.user,
      expiresAt: found.expiresAt,
      via: { kind: 'session' },
    },
    authProblem: null,
  };
}

/** An API token (its prefix says so): one lookup, and its use recorded at most once a minute. */
async function apiTokenContext(base: BaseContext, token: string, tokenHash: string): Promise<Context> {
  const found = await findApiTokenByHash(base.db, tokenHash);
  if (found.status === 'expired') return { ...base, session: null, authProblem: 'token_expired' };
  if (found.status === 'revoked') return { ...base, session: null, authProblem: 'token_revoked' };
  if (found.status !== 'valid') return { ...base, session: null, authProblem: found.status };
  if (found.stale) {
    // Not awaited: bookkeeping must not slow or fail the request it describes.
    touchApiToken(base.db, found.tokenId).catch((error: unknown) =>
      base.services.log.warn({ err: error }, 'recording an API token use failed'),
    );
  }
  const session: Session = {
    token,
    tokenHash,
    user: found.user,
    expiresAt: found.expiresAt,
    via: { kind: 'apiToken', tokenId: found.tokenId },
  };
  return { ...base, session, authProblem: null };
}
