import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type DB,
  type Kysely,
  listSealedProductKeys,
  listSealedWebhookSecrets,
  setSealedProductKey,
  setSealedWebhookSecret,
} from '@itam/db';

/**
 * Encryption of secrets at rest (license product keys, webhook signing secrets): AES-256-GCM
 * with a key derived from ITAM_SECRET. Each ciphertext names the key that sealed it, so keys can be rotated: the new
 * secret seals, the previous ones (ITAM_SECRET_PREVIOUS) still open, and `reseal` moves old
 * ciphertexts to the new key.
 */
export interface Keyring {
  /** Short id of the sealing key. */
  readonly keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** Whether a ciphertext was sealed by an older key. */
  isStale(sealed: string): boolean;
  /**
   * HMAC-SHA256 of `text` under a key derived from each secret, the current one first: digests of
   * data that may hold a product key (a request's input), which a dump must not let anyone guess.
   * The previous secrets' digests let a digest stored before a rotation still be recognised.
   */
  digests(text: string): string[];
}

const VERSION = 'v1';

function deriveKey(secret: string): { id: string; key: Buffer } {
  const key = createHash('sha256').update(`itam product keys\0${secret}`).digest();
  const id = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

export function createKeyring(secret: string, previous: readonly string[] = []): Keyring {
  const current = deriveKey(secret);
  const digestKeys = [secret, ...previous].map((s) =>
    createHash('sha256').update(`itam request digests\0${s}`).digest(),
  );
  const keys = new Map([current, ...previous.map(deriveKey)].map((k) => [k.id, k.key]));
  return {
    keyId: current.id,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        current.id,
        iv.toString('base64url'),
        tag.toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, id, iv, tag, body] = sealed.split('.');
      const key = id ? keys.get(id) : undefined;
      if (version !== VERSION || !key || !iv || !tag || body === undefined) {
        throw new Error(
          `Cannot open a secret sealed with key ${id ?? '?'}: set ITAM_SECRET_PREVIOUS to the old secret.`,
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    isStale(sealed) {
      return sealed.split('.')[1] !== current.id;
    },
    digests(text) {
      return digestKeys.map((key) => createHmac('sha256', key).update(text).digest('hex'));
    },
  };
}

/**
 * The secret to use when ITAM_SECRET is not set. The embedded database keeps one beside its
 * data folder (created on first start, readable by its owner only), so keys survive restarts.
 * Elsewhere an unset secret is only allowed outside production, and lives as long as the process.
 */
export function resolveSecret(options: {
  secret?: string | undefined;
  embeddedDataDir?: string | undefined;
  /** An in-memory database keeps nothing, so a key that dies with the process loses nothing. */
  inMemory?: boolean;
  production: boolean;
}): { secret: string; source: 'config' | 'file' | 'ephemeral' } {
  if (options.secret) return { secret: options.secret, source: 'config' };
  if (options.embeddedDataDir) {
    const file = `${path.resolve(options.embeddedDataDir)}.secret`;
    if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: 'file' };
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return { secret, source: 'file' };
  }
  if (options.production && !options.inMemory) {
    throw new Error(
      'ITAM_SECRET is required with DATABASE_URL in production (a random string of at least 32 characters).',
    );
  }
  return { secret: randomBytes(32).toString('base64url'), source: 'ephemeral' };
}

/** Re-seals product keys sealed with an older secret; returns how many moved. Idempotent. */
export async function resealProductKeys(db: Kysely<DB>, keyring: Keyring): Promise<number> {
  let moved = 0;
  for (const { id, sealed } of await listSealedProductKeys(db)) {
    if (!keyring.isStale(sealed)) continue;
    await setSealedProductKey(db, id, keyring.seal(keyring.open(sealed)));
    moved++;
  }
  return moved;
}

/** Re-seals webhook signing secrets sealed with an older secret; returns how many moved. Idempotent. */
export async function resealWebhookSecrets(db: Kysely<DB>, keyring: Keyring): Promise<number> {
  let moved = 0;
  for (const { id, sealed } of await listSealedWebhookSecrets(db)) {
    if (!keyring.isStale(sealed)) continue;
    await setSealedWebhookSecret(db, id, keyring.seal(keyring.open(sealed)));
    moved++;
  }
  return moved;
}
