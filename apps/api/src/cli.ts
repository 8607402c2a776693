// `pnpm itam <command>`: operator tasks on the database the server uses (DATABASE_URL, or the
// embedded database in ITAM_DATA_DIR). Changes are written with their audit events, with no
// actor: the operator at the console is not an account.
//
// Exit codes: 0 done; 1 refused or failed (the message names the reason); 2 wrong usage.
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  appendEvent,
  createDatabase,
  type Database,
  deleteSessionsOfUser,
  findApiTokenByIdOrName,
  findCredentialsByLogin,
  insertUser,
  listApiTokens,
  lockUserForUpdate,
  migrateToLatest,
  updateUser,
} from '@itam/db';
import { Email, Password, TOKEN_ROLES, type TokenRole, Username } from '@itam/domain';
import { TRPCError } from '@trpc/server';
import { createApiToken, revokeApiTokenById } from './auth/api-tokens.ts';
import { hashPassword } from './auth/passwords.ts';
import { ConfigError, loadConfig } from './config.ts';
import { reasonOf, toTRPCError } from './errors.ts';

const USAGE = `usage: pnpm itam <command> [options]

commands:
  create-admin --username <name> --email <email>   create an admin account
  reset-password --username <name>                 set a new password; ends the account's sessions
  migrate                                          apply pending database migrations
  create-token --name <service> --role <role> [--expires <ISO date or time>]
                                                   create an API token (role: ${TOKEN_ROLES.join(' or ')});
                                                   prints the token, shown this once
  list-tokens [--json]                             list API tokens (never their secrets)
  revoke-token <id or service name>                revoke an API token at once

Passwords are read from ITAM_PASSWORD, else from standard input (one line), never from arguments.
The database: DATABASE_URL (postgres://…), else the embedded one in ITAM_DATA_DIR
(default .data/pglite at the repository root, as \`npm start\` uses).`;

class UsageError extends Error {}
/** A refusal or failure the operator can act on; `reason` is the domain's stable reason. */
class CommandError extends Error {
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`${name} is required (--${name} <value>)`);
  return value;
}

/** Parses `value` with a domain schema; a bad value is a usage error naming the option. */
function valid<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  name: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`--${name}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ITAM_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY)
    process.stderr.write('Password (input is shown; prefer ITAM_PASSWORD or a pipe): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new UsageError('no password: set ITAM_PASSWORD or write it to standard input');
  return line;
}

/** The same database the server opens (see config.ts and scripts/start.mjs). */
async function openDatabase(migrate: boolean): Promise<Database> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({
      ...process.env,
      // Like `npm start`: the embedded database lives at the repository root, not in apps/api.
      ITAM_DATA_DIR: process.env.ITAM_DATA_DIR || path.resolve(import.meta.dirname, '../../../.data/pglite'),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message);
    throw error;
  }
  return createDatabase(config.DATABASE_URL ?? config.ITAM_DATA_DIR, { poolSize: 2, migrate });
}

/**
 * Each command first checks its options (a usage error costs no database connection), then
 * returns what it does with the database.
 */
type Action = (database: Database) => Promise<void>;
const commands: Record<string, (values: Values, positionals: string[]) => Promise<Action>> = {
  async 'create-admin'(values) {
    const username = valid(Username, required(values, 'username'), 'username');
    const email = valid(Email, required(values, 'email'), 'email');
    const password = valid(Password, await readPassword(), 'password');
    return async ({ db }) => {
      const passwordHash = await hashPassword(password);
      const user = await db.transaction().execute(async (trx) => {
        const created = await insertUser(trx, { username, email, passwordHash, role: 'admin' });
        await appendEvent(trx, {
          actor: null,
          entity: 'user',
          entityId: created.id,
          action: 'created',
          after: created,
          audience: [created.id],
        });
        return created;
      });
      console.error(`created admin ${user.username} (${user.id})`);
    };
  },

  async 'reset-password'(values) {
    const username = required(values, 'username');
    const password = valid(Password, await readPassword(), 'password');
    return async ({ db }) => {
      const found = await findCredentialsByLogin(db, username);
      if (!found) throw new CommandError(`no account named ${username}`, 'NOT_FOUND');
      const passwordHash = await hashPassword(password);
      const ended = await db.transaction().execute(async (trx) => {
        const user = await lockUserForUpdate(trx, found.user.id);
        if (!user) throw new CommandError(`no account named ${username}`, 'NOT_FOUND');
        await updateUser(trx, user.id, { passwordHash });
        const sessions = await deleteSessionsOfUser(trx, user.id);
        await appendEvent(trx, {
          actor: null,
          entity: 'user',
          entityId: user.id,
          action: 'password_reset',
          audience: [user.id],
        });
        return sessions;
      });
      console.error(`new password set for ${found.user.username}; ${ended} session(s) ended`);
    };
  },

  async migrate() {
    return async (database) => {
      const result = await migrateToLatest(database.db);
      for (const step of result.results ?? [])
        console.error(`${step.status.toLowerCase()}: ${step.migrationName}`);
      if (result.error) throw new CommandError(`migration failed: ${String(result.error)}`);
      if ((result.results ?? []).length === 0) console.error('the database is up to date');
    };
  },

  async 'create-token'(values) {
    const name = valid(Username, required(values, 'name'), 'name');
    const role = required(values, 'role');
    if (!(TOKEN_ROLES as readonly string[]).includes(role))
      throw new UsageError(`--role must be ${TOKEN_ROLES.join(' or ')}`);
    const expires = typeof values.expires === 'string' ? new Date(values.expires) : null;
    if (expires && Number.isNaN(expires.getTime()))
      throw new UsageError('--expires: expected an ISO date or date and time, e.g. 2026-12-31');
    return async ({ db }) => {
      const { token, apiToken } = await createApiToken(db, null, {
        name,
        role: role as TokenRole,
        expiresAt: expires?.toISOString() ?? null,
      });
      console.error(
        `created a ${apiToken.role} token for ${apiToken.name} (${apiToken.id})${apiToken.expiresAt ? `, expiring ${apiToken.expiresAt}` : ''}. It is shown only now:`,
      );
      // Alone on standard output, so a script can capture it: TOKEN=$(pnpm -s itam create-token …)
      console.log(token);
    };
  },

  async 'list-tokens'(values) {
    return async ({ db }) => {
      const tokens = await listApiTokens(db);
      if (values.json) {
        console.log(JSON.stringify(tokens, null, 2));
        return;
      }
      if (tokens.length === 0) {
        console.error('no API tokens');
        return;
      }
      const rows = tokens.map((t) => [
        t.id,
        t.name,
        t.role,
        t.status,
        t.createdAt,
        t.lastUsedAt ?? '-',
        t.expiresAt ?? '-',
      ]);
      const header = ['id', 'name', 'role', 'status', 'created', 'last used', 'expires'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [header, ...rows])
        console.log(
          row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
    };
  },

  async 'revoke-token'(_values, positionals) {
    const key = positionals[0];
    if (!key || positionals.length > 1)
      throw new UsageError('revoke-token takes one token id or service name');
    return async ({ db }) => {
      const found = await findApiTokenByIdOrName(db, key);
      if (!found) throw new CommandError(`no API token with the id or name ${key}`, 'NOT_FOUND');
      const revoked = await revokeApiTokenById(db, null, found.id);
      console.error(
        found.revokedAt
          ? `the token of ${revoked.name} was already revoked`
          : `revoked the token of ${revoked.name}`,
      );
    };
  },
};

const OPTIONS = {
  username: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  expires: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [name, ...positionals] = parsed.positionals;
  if (parsed.values.help || !name) {
    (parsed.values.help ? console.log : console.error)(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`unknown command: ${name}\n\n${USAGE}`);
    return 2;
  }
  let database: Database | undefined;
  try {
    const action = await command(parsed.values, positionals);
    database = await openDatabase(name !== 'migrate');
    await action(database);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${name}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof CommandError) {
      console.error(`${name}: ${error.message}${error.reason ? ` (${error.reason})` : ''}`);
      return 1;
    }
    const mapped = toTRPCError(error);
    const reason = mapped instanceof TRPCError ? reasonOf(mapped) : undefined;
    if (reason) {
      console.error(`${name}: ${mapped.message} (${reason})`);
      return 1;
    }
    console.error(`${name}: failed:`, error);
    return 1;
  } finally {
    await database?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
