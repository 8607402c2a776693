import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database, type DatabaseOptions, isPostgresUrl } from './connection.ts';

/**
 * A fresh, migrated database for one test file: a new database on the server named by
 * `DATABASE_URL` (dropped again by `close`), or an in-memory PGlite when it is not set.
 */
export interface TestDatabase extends Database {
  /** The URL other processes (a second API instance, say) can open; `memory://` cannot be shared. */
  url: string;
}

export async function createTestDatabase(options: DatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!isPostgresUrl(serverUrl)) {
    const database = await createDatabase('memory://', options);
    return { ...database, url: 'memory://' };
  }
  const name = `itam_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const database = await createDatabase(url.toString(), options);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function describeBackend(): string {
  return isPostgresUrl(process.env.DATABASE_URL) ? 'PostgreSQL server' : 'embedded PGlite';
}
