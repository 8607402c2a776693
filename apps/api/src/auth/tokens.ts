import { createHash, randomBytes } from 'node:crypto';
import { API_TOKEN_PREFIX } from '@itam/domain';

export const SESSION_COOKIE = 'itam_session';

/** 256 random bits, URL-safe. Only its hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** An API token: the prefix, then 256 random bits. The prefix tells it from a session token (and to secret scanners). */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token from `Authorization: Bearer …`, the session cookie, or WebSocket connection params. */
export function tokenFrom(source: {
  authorization?: string | undefined;
  cookieHeader?: string | undefined;
  connectionParams?: Record<string, string | undefined> | null | undefined;
}): string | undefined {
  const bearer = source.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const fromParams = source.connectionParams?.token;
  if (typeof fromParams === 'string' && fromParams) return fromParams;
  return readCookie(source.cookieHeader, SESSION_COOKIE);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The attributes of the session cookie: the whole site, never readable by scripts. */
function cookieAttributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The `Set-Cookie` value that stores the session token until `expires`. */
export function sessionCookie(token: string, expires: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Expires=${expires.toUTCString()}; ${cookieAttributes(secure)}`;
}

/** The `Set-Cookie` value that makes the browser forget the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${cookieAttributes(secure)}`;
}
