import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createKeyring, resolveSecret } from '../src/secrets.ts';

const OLD = 'an old secret of at least thirty-two characters';
const NEW = 'a new secret of at least thirty-two characters!!';

describe('keyring', () => {
  it('seals so that the ciphertext does not contain the key, and opens it again', () => {
    const keyring = createKeyring(NEW);
    const sealed = keyring.seal('ABCD-EFGH-IJKL');
    expect(sealed).not.toContain('ABCD');
    expect(keyring.open(sealed)).toBe('ABCD-EFGH-IJKL');
    expect(keyring.seal('ABCD-EFGH-IJKL')).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext', () => {
    const keyring = createKeyring(NEW);
    const parts = keyring.seal('secret').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => keyring.open(parts.join('.'))).toThrow();
  });

  it('rotates: the new secret opens old ciphertexts only with the old one listed as previous', () => {
    const sealed = createKeyring(OLD).seal('KEY-1');
    expect(() => createKeyring(NEW).open(sealed)).toThrow(/ITAM_SECRET_PREVIOUS/);
    const rotated = createKeyring(NEW, [OLD]);
    expect(rotated.isStale(sealed)).toBe(true);
    const resealed = rotated.seal(rotated.open(sealed));
    expect(rotated.isStale(resealed)).toBe(false);
    expect(createKeyring(NEW).open(resealed)).toBe('KEY-1');
  });
});

describe('resolveSecret', () => {
  it('keeps a generated secret beside the embedded data folder, readable by its owner only', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'itam-secret-')), 'pglite');
    const first = resolveSecret({ embeddedDataDir: dir, production: true });
    expect(first.source).toBe('file');
    expect(existsSync(`${dir}.secret`)).toBe(true);
    expect(statSync(`${dir}.secret`).mode & 0o077).toBe(0);
    expect(resolveSecret({ embeddedDataDir: dir, production: true }).secret).toBe(first.secret);
    expect(readFileSync(`${dir}.secret`, 'utf8').trim()).toBe(first.secret);
  });

  it('requires ITAM_SECRET for a PostgreSQL server in production', () => {
    expect(() => resolveSecret({ production: true })).toThrow(/ITAM_SECRET is required/);
    expect(resolveSecret({ production: false }).source).toBe('ephemeral');
    expect(resolveSecret({ production: true, inMemory: true }).source).toBe('ephemeral');
  });

  it('refuses a short ITAM_SECRET without printing it', () => {
    const error = (() => {
      try {
        loadConfig({ ITAM_SECRET: 'short-secret' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('ITAM_SECRET');
    expect((error as Error).message).not.toContain('short-secret');
  });
});

describe('request digests', () => {
  const text = '{"name":"Office","productKey":"KEY-1","seats":5}';

  it('are keyed by the secret: stable under one, different under another, never the plain SHA-256', () => {
    const [one] = createKeyring(OLD).digests(text);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(createKeyring(OLD).digests(text)).toEqual([one]);
    expect(createKeyring(NEW).digests(text)[0]).not.toBe(one);
    expect(one).not.toBe(createHash('sha256').update(text).digest('hex'));
  });

  it("during a rotation include the previous secret's digest, after the current one", () => {
    const rotating = createKeyring(NEW, [OLD]).digests(text);
    expect(rotating).toEqual([createKeyring(NEW).digests(text)[0], createKeyring(OLD).digests(text)[0]]);
  });
});
