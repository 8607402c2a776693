/**
 * The floor: the same endpoints on the same wire format, served by a bare Fastify app with a
 * hand-written session lookup and the same SQL, and no framework on top (no tRPC, no zod, no
 * Kysely, no cookie or WebSocket plugins). What the API does on top of this is what the ratio
 * measures.
 *
 * Identical to the API, on purpose:
 * - the URLs, request bodies and response envelopes (`{"result":{"data":…}}`), byte for byte for
 *   reads (`verify.ts` compares them);
 * - the SQL statements, their parameters and their order, including `begin`/`commit` around writes
 *   (`floor-sql.ts`, checked by `sql-check.ts`), and therefore the events triggers (advisory lock,
 *   NOTIFY);
 * - the session lookup on every request that presents a token, as the API's createContext does;
 * - the pool (size, connection timeout) and the `pg` type parsers of @itam/db;
 * - the row-to-JSON mapping (`toAsset`, `toUser`, `encodeCursor` from @itam/db), the permission
 *   check (`can`, `scopeOf`) and the lifecycle decision (`decideTransition`) from @itam/domain;
 * - for login: the same argon2id verify (the API's own `verifyPassword`, decoy included), a new
 *   256-bit token, its sha256 stored with the same TTL, and the same Set-Cookie header.
 *
 * Left out, on purpose: the zod input/output validation (replaced by a few hand-written checks),
 * tRPC's routing, middleware chain and error formatting, Kysely's query building, and the event
 * hub's read of new events after each write (a background task of the live feed, not part of the
 * request).
 */
import { createHash, randomBytes } from 'node:crypto';
import { encodeCursor, parseInt8, toAsset, toUser } from '@itam/db';
import {
  ASSET_STAGES,
  ASSET_TYPES,
  type AssetStage,
  assetDetail,
  can,
  decideTransition,
  scopeOf,
  todayUtc,
} from '@itam/domain';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import pg from 'pg';
import { decoyHash, verifyPassword } from '../../apps/api/src/auth/passwords.ts';
import { FLOOR_SQL } from './floor-sql.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const SESSION_TTL_MS = 24 * 30 * 3_600_000; // the API's default SESSION_TTL_HOURS

// The same parsers as @itam/db's pool: int8 → number, numeric → number, date → 'YYYY-MM-DD'.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return parseInt8;
    if (oid === 1700) return (value: string) => Number(value);
    if (oid === 1082) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

type Actor = ReturnType<typeof toUser>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function createFloorServer(url: string, poolSize: number) {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers,
    connectionTimeoutMillis: 5_000,
  });
  pool.on('error', () => {});
  // The same Fastify options as the API's server, logger off.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 5_000 }, bodyLimit: 1_048_576 });

  /** The hand-written session lookup: token from the Bearer header, its sha256, one query. */
  async function authenticate(req: FastifyRequest): Promise<Actor> {
    const token = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token || token.length > 256) throw new HttpError(401, 'Sign in first.');
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const { rows } = await pool.query(FLOOR_SQL.session, [tokenHash]);
    const row = rows[0];
    if (!row || row.expired || row.disabled) throw new HttpError(401, 'Sign in first.');
    return toUser(row);
  }

  function send(reply: FastifyReply, data: unknown) {
    return reply.header('content-type', 'application/json').send(JSON.stringify({ result: { data } }));
  }

  function input(req: FastifyRequest): Record<string, unknown> {
    const raw = (req.query as { input?: string }).input;
    const parsed: unknown = raw === undefined ? {} : JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) throw new HttpError(400, 'Bad input');
    return parsed as Record<string, unknown>;
  }

  function body(req: FastifyRequest): Record<string, unknown> {
    if (typeof req.body !== 'object' || req.body === null) throw new HttpError(400, 'Bad input');
    return req.body as Record<string, unknown>;
  }

  function uuid(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw new HttpError(400, 'Expected an id (UUID).');
    return value;
  }

  app.setErrorHandler((error, _req, reply) => {
    const status = error instanceof HttpError ? error.status : 500;
    void reply.code(status).send({ error: { message: error instanceof Error ? error.message : 'Error' } });
  });

  /** A transaction on one pooled connection, as Kysely's `db.transaction().execute` does. */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async function assetById(client: pg.Pool | pg.PoolClient, id: string) {
    const { rows } = await client.query(FLOOR_SQL.assetById, [id]);
    return rows[0] ? toAsset(rows[0]) : undefined;
  }

  app.get('/trpc/assets.list', async (req, reply) => {
    const actor = await authenticate(req);
    if (!can(actor, 'asset.read')) throw new HttpError(403, 'Forbidden');
    const filter = input(req);
    const limit = filter.limit === undefined ? 50 : Number(filter.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new HttpError(400, 'Bad limit');
    const own = scopeOf(actor, 'asset.read') === 'own';
    const holderId = own ? actor.id : filter.holderId === undefined ? undefined : uuid(filter.holderId);
    let seqBefore: number | undefined;
    if (typeof filter.cursor === 'string') {
      const decoded: unknown = JSON.parse(Buffer.from(filter.cursor, 'base64url').toString('utf8'));
      if (!Array.isArray(decoded) || decoded[0] !== 'created' || !Number.isSafeInteger(decoded[1]))
        throw new HttpError(400, 'Bad cursor');
      seqBefore = decoded[1] as number;
    }
    // The floor serves the three list shapes the bench uses: by holder, first page, after a cursor.
    const { rows } = holderId
      ? await pool.query(FLOOR_SQL.listByHolder, [holderId, limit + 1])
      : seqBefore === undefined
        ? await pool.query(FLOOR_SQL.listFirst, [limit + 1])
        : await pool.query(FLOOR_SQL.listAfter, [seqBefore, limit + 1]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor('created', [last.seq]) : null;
    return send(reply, { items: page.map(toAsset), nextCursor });
  });

  app.get('/trpc/assets.get', async (req, reply) => {
    const actor = await authenticate(req);
    if (!can(actor, 'asset.read')) throw new HttpError(403, 'Forbidden');
    const id = uuid(input(req).id);
    const asset = await assetById(pool, id);
    const own = scopeOf(actor, 'asset.read') === 'own';
    if (!asset || (own && asset.holder?.id !== actor.id)) throw new HttpError(404, 'No such asset.');
    return send(reply, assetDetail(asset, todayUtc()));
  });

  app.post('/trpc/assets.create', async (req, reply) => {
    const actor = await authenticate(req);
    if (!can(actor, 'asset.create')) throw new HttpError(403, 'Forbidden');
    const b = body(req);
    const tag = typeof b.tag === 'string' ? b.tag.trim() : '';
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    if (!TAG.test(tag) || tag.length > 64 || !name || name.length > 200)
      throw new HttpError(400, 'Bad input');
    if (!(ASSET_TYPES as readonly unknown[]).includes(b.type)) throw new HttpError(400, 'Bad type');
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const asset = await transaction(async (client) => {
      const { rows } = await client.query(FLOOR_SQL.insertAsset, [
        tag,
        name,
        str(b.model),
        b.type,
        str(b.serialNumber),
        b.stage ?? 'in_stock',
        b.condition ?? 'new',
        b.purchaseDate ?? null,
        b.purchaseCost ?? null,
        b.warrantyEnd ?? null,
        str(b.location),
        str(b.notes),
      ]);
      const created = toAsset({ ...rows[0], holder_id: null, holder_username: null, holder_email: null });
      await client.query(FLOOR_SQL.appendEvent, [
        actor.id,
        'asset',
        created.id,
        'created',
        null,
        null,
        JSON.stringify(created),
        [],
      ]);
      return created;
    });
    return send(reply, assetDetail(asset, todayUtc()));
  });

  app.post('/trpc/assets.transition', async (req, reply) => {
    const actor = await authenticate(req);
    if (!can(actor, 'asset.transition')) throw new HttpError(403, 'Forbidden');
    const b = body(req);
    const id = uuid(b.id);
    const to = b.to as AssetStage;
    if (!(ASSET_STAGES as readonly unknown[]).includes(to)) throw new HttpError(400, 'Bad stage');
    const reason = typeof b.reason === 'string' ? b.reason.trim() : '';
    if (!reason || reason.length > 500) throw new HttpError(400, 'Say why the asset moves.');
    const asset = await transaction(async (client) => {
      const locked = await client.query(FLOOR_SQL.lockAsset, [id]);
      if (!locked.rows[0]) throw new HttpError(404, 'No such asset.');
      const before = (await assetById(client, id))!;
      const verdict = decideTransition({ stage: before.stage, held: before.holder !== null }, to);
      if (!verdict.ok) throw new HttpError(409, verdict.message);
      await client.query(FLOOR_SQL.setStage, [to, id]);
      const after = (await assetById(client, id))!;
      const audience = [...new Set([before.holder?.id, after.holder?.id].filter((h) => !!h))];
      await client.query(FLOOR_SQL.appendEvent, [
        actor.id,
        'asset',
        after.id,
        'transitioned',
        reason,
        JSON.stringify(before),
        JSON.stringify(after),
        audience,
      ]);
      return after;
    });
    return send(reply, assetDetail(asset, todayUtc()));
  });

  app.post('/trpc/auth.login', async (req, reply) => {
    // The API's createContext looks the presented token up before any procedure, login included.
    if (req.headers.authorization) await authenticate(req).catch(() => undefined);
    const b = body(req);
    if (typeof b.username !== 'string' || typeof b.password !== 'string')
      throw new HttpError(400, 'Bad input');
    const key = b.username.trim().toLowerCase();
    const { rows } = await pool.query(FLOOR_SQL.credentials, [key, key, 'person', key]);
    const found = rows[0];
    const valid = await verifyPassword(found?.password_hash ?? (await decoyHash()), b.password);
    if (!found || !valid) throw new HttpError(401, 'Wrong username or password.');
    if (found.disabled) throw new HttpError(403, 'This account is disabled.');
    const user = toUser(found);
    const token = randomBytes(32).toString('base64url');
    const session = await pool.query(FLOOR_SQL.insertSession, [
      user.id,
      createHash('sha256').update(token).digest('hex'),
      new Date(Date.now() + SESSION_TTL_MS),
    ]);
    const expiresAt: Date = session.rows[0].expires_at;
    void reply.header(
      'set-cookie',
      `itam_session=${token}; Path=/; Expires=${expiresAt.toUTCString()}; HttpOnly; SameSite=Lax`,
    );
    return send(reply, { token, user, expiresAt: expiresAt.toISOString() });
  });

  return {
    app,
    async start(): Promise<string> {
      return app.listen({ host: '127.0.0.1', port: 0 });
    },
    async stop(): Promise<void> {
      await app.close();
      await pool.end();
    },
  };
}
