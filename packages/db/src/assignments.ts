import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Opens an assignment. The partial unique index refuses a second open one for the same asset. */
export async function insertAssignment(
  db: Kysely<DB>,
  values: {
    assetId: string;
    userId: string;
    expectedReturn?: string | null;
    note?: string | null;
    startedAt?: Date;
  },
): Promise<{ id: string }> {
  return db
    .insertInto('assignments')
    .values({
      asset_id: values.assetId,
      user_id: values.userId,
      expected_return: values.expectedReturn ?? null,
      note: values.note ?? null,
      ...(values.startedAt ? { started_at: values.startedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
