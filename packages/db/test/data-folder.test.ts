import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countUsers, createDatabase, insertUser } from '../src/index.ts';

const root = mkdtempSync(path.join(tmpdir(), 'itam-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('embedded data folder', () => {
  // Regression: a fresh clone has no .data/ yet, and PGlite creates only the last folder.
  // Two cold starts of the embedded database with every migration: slow on a busy machine, so a long timeout.
  it('creates missing parent folders, and keeps the data across reopening', {
    timeout: 120_000,
  }, async () => {
    const dir = path.join(root, 'not', 'yet', 'there', 'pglite');
    const first = await createDatabase(dir);
    await insertUser(first.db, {
      username: 'keeper',
      email: 'keeper@example.test',
      passwordHash: 'x',
      role: 'admin',
    });
    await first.close();
    const again = await createDatabase(dir);
    expect(await countUsers(again.db)).toBe(1);
    await again.close();
  });
});
