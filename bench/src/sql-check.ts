/**
 * Checks that the floor sends the same SQL as the API: runs the @itam/db functions the API's
 * procedures call, captures the statements `pg` receives (Kysely → pg.Client#query), and compares
 * them with the floor's hand-written ones. Writes run in a transaction that is rolled back.
 */
import {
  appendEvent,
  type Database,
  encodeCursor,
  findAssetById,
  findCredentialsByLogin,
  findSessionByTokenHash,
  insertAsset,
  insertSession,
  listAssets,
  lockAssetForUpdate,
  setAssetStage,
} from '@itam/db';
import pg from 'pg';
import { FLOOR_SQL, type FloorStatement } from './floor-sql.ts';

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

class Rollback extends Error {}

export interface SqlCheck {
  ok: boolean;
  /** Statements compared, in the order each procedure sends them. */
  compared: { procedure: string; expected: string[]; captured: string[]; same: boolean }[];
}

export async function checkSql(
  database: Database,
  ids: { assetId: string; userId: string },
): Promise<SqlCheck> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let captured: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (typeof args[0] === 'string') captured.push(normalise(args[0]));
    return original.apply(this, args);
  };
  const db = database.db;
  const actor = { id: ids.userId, username: 'check' };
  const procedures: [string, FloorStatement[] | string[], () => Promise<unknown>][] = [
    ['session lookup', ['session'], () => findSessionByTokenHash(db, 'x')],
    [
      'assets.list by holder',
      ['listByHolder'],
      () => listAssets(db, { holderId: ids.userId, sort: 'created', limit: 50 }),
    ],
    ['assets.list first page', ['listFirst'], () => listAssets(db, { sort: 'created', limit: 50 })],
    [
      'assets.list after cursor',
      ['listAfter'],
      () => listAssets(db, { sort: 'created', limit: 50, cursor: encodeCursor('created', [10]) }),
    ],
    ['assets.get', ['assetById'], () => findAssetById(db, ids.assetId)],
    [
      'assets.create',
      ['begin', 'insertAsset', 'appendEvent', 'rollback'],
      () =>
        db.transaction().execute(async (trx) => {
          const created = await insertAsset(trx, {
            tag: 'SQL-CHECK-1',
            name: 'x',
            type: 'laptop',
            stage: 'in_stock',
            condition: 'new',
          });
          await appendEvent(trx, {
            actor,
            entity: 'asset',
            entityId: created.id,
            action: 'created',
            after: created,
          });
          throw new Rollback();
        }),
    ],
    [
      'assets.transition',
      ['begin', 'lockAsset', 'assetById', 'setStage', 'assetById', 'appendEvent', 'rollback'],
      () =>
        db.transaction().execute(async (trx) => {
          const before = await lockAssetForUpdate(trx, ids.assetId);
          await setAssetStage(trx, ids.assetId, 'lost');
          const after = await findAssetById(trx, ids.assetId);
          await appendEvent(trx, {
            actor,
            entity: 'asset',
            entityId: ids.assetId,
            action: 'transitioned',
            before,
            after,
          });
          throw new Rollback();
        }),
    ],
    [
      'auth.login',
      ['credentials', 'begin', 'insertSession', 'rollback'],
      async () => {
        await findCredentialsByLogin(db, 'nobody');
        await db.transaction().execute(async (trx) => {
          await insertSession(trx, { userId: ids.userId, tokenHash: 'x', expiresAt: new Date() });
          throw new Rollback();
        });
      },
    ],
  ];
  const compared: SqlCheck['compared'] = [];
  try {
    for (const [procedure, statements, run] of procedures) {
      captured = [];
      await run().catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
      const expected = statements.map((s) => normalise(s in FLOOR_SQL ? FLOOR_SQL[s as FloorStatement] : s));
      const same = expected.length === captured.length && expected.every((s, i) => s === captured[i]);
      compared.push({ procedure, expected, captured, same });
    }
  } finally {
    proto.query = original;
  }
  return { ok: compared.every((c) => c.same), compared };
}
