/**
 * Test data with defaults and overrides. Every name is unique, so tests sharing one database per
 * file never see each other's rows. Users share one real argon2id hash per file (hashing costs
 * about 50 ms); logins verify it for real.
 */
import { randomUUID } from 'node:crypto';
import {
  type DB,
  insertAsset,
  insertAssignment,
  insertUser,
  type Kysely,
  type NewAssetValues,
} from '@itam/db';
import type { Asset, CreateAssetInput, Role, User } from '@itam/domain';
import { hashPassword } from '../src/auth/passwords.ts';
import type { Caller } from './harness.ts';

let counter = 0;
/** A short name no other test in this run uses: letters, digits and `-`, fit for tags and usernames. */
export function unique(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomUUID().slice(0, 8)}`;
}

export const PASSWORD = 'correct horse battery staple';

let sharedHash: Promise<string> | undefined;
/** The argon2id hash of `PASSWORD`, computed once per test file. */
export function passwordHash(): Promise<string> {
  sharedHash ??= hashPassword(PASSWORD);
  return sharedHash;
}

export interface TestUser extends User {
  password: string;
}

export async function createUser(
  db: Kysely<DB>,
  overrides: { role?: Role; username?: string; email?: string } = {},
): Promise<TestUser> {
  const username = overrides.username ?? unique(overrides.role ?? 'employee');
  const user = await insertUser(db, {
    username,
    email: overrides.email ?? `${username}@example.test`,
    passwordHash: await passwordHash(),
    role: overrides.role ?? 'employee',
  });
  return { ...user, password: PASSWORD };
}

function assetDefaults() {
  const tag = unique('TAG').toUpperCase();
  return { tag, name: `Laptop ${tag}`, type: 'laptop', stage: 'in_stock', condition: 'new' } as const;
}

/** Valid `assets.create` input. */
export function assetInput(overrides: Partial<CreateAssetInput> = {}) {
  return { ...assetDefaults(), ...overrides };
}

/** Inserts an asset directly, in any stage and with no event: setup, not the thing under test. */
export function createAsset(db: Kysely<DB>, overrides: Partial<NewAssetValues> = {}): Promise<Asset> {
  return insertAsset(db, { ...assetDefaults(), ...overrides });
}

/** An asset deployed to `holderId` through an open assignment, as a check-out would leave it. */
export async function createHeldAsset(
  db: Kysely<DB>,
  holderId: string,
  overrides: Partial<NewAssetValues> = {},
): Promise<Asset> {
  const asset = await createAsset(db, { stage: 'deployed', ...overrides });
  await insertAssignment(db, { assetId: asset.id, userId: holderId });
  return asset;
}

/** A real `auth.login`; returns the session token. */
export async function login(
  anonymous: Caller,
  user: { username: string; password: string },
): Promise<string> {
  const { token } = await anonymous.auth.login({ username: user.username, password: user.password });
  return token;
}

export async function countEvents(db: Kysely<DB>): Promise<number> {
  const { n } = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function maxEventId(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
