import { randomBytes, randomUUID } from 'node:crypto';
import {
  appendEvents,
  type DB,
  findLicenseNamesAndVendors,
  findTakenAssetTags,
  findTakenUserKeys,
  insertAssets,
  insertLicenses,
  insertUsers,
  type Kysely,
  lockImport,
  type NewEvent,
} from '@itam/db';
import {
  CsvReader,
  DuplicateFinder,
  type ImportHeader,
  type ImportInputs,
  type ImportKind,
  type ImportProblem,
  licenseKey,
  readHeader,
  readRow,
  uniqueKeysOf,
} from '@itam/domain';
import { hashPassword } from '../auth/passwords.ts';
import type { Keyring } from '../secrets.ts';

/**
 * CSV import of assets, licenses or users: a plain function over a database and a stream, used
 * by the HTTP upload route and by the command-line tool.
 *
 * A dry run reads the whole file and reports every problem (line, column, reason) without writing.
 * An apply does the same checks again inside one transaction, and writes all rows or none: any
 * problem, or any failure while writing, leaves the database as it was.
 *
 * The audit trail gets one `created` event per record, as if each had been created through the API
 * (so each record's history starts with it, and live subscribers hear of it), with the reason
 * `CSV import <id>` naming the import they came in together.
 */
export interface ImportDeps {
  db: Kysely<DB>;
  /** Seals product keys of imported licenses, as the API does. */
  keyring: Keyring;
  /** Who imports: the audit events' actor (null for an operator's command without an account). */
  actor: { id: string; username: string } | null;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** Records written: 0 on a dry run and whenever there is a problem. */
  created: number;
  /** Every problem, by line then column. Empty means the file imports (or was imported). */
  problems: ImportProblem[];
  /** Names the import in the audit events' reason; null when nothing was written. */
  importId: string | null;
}

export type CsvSource = string | AsyncIterable<string | Uint8Array>;

interface ValidRow<K extends ImportKind> {
  line: number;
  input: ImportInputs[K];
}

interface ReadResult<K extends ImportKind> {
  header: ImportHeader & { kind: K };
  rows: number;
  valid: ValidRow<K>[];
  problems: ImportProblem[];
}

async function* chunksOf(source: CsvSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of source) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  yield decoder.decode();
}

/** Reads and validates every row; keeps the valid ones in memory for the apply. */
async function readFile<K extends ImportKind>(kind: K, source: CsvSource): Promise<ReadResult<K>> {
  const reader = new CsvReader();
  const problems: ImportProblem[] = [];
  const valid: ValidRow<K>[] = [];
  const duplicates = new DuplicateFinder();
  let header: (ImportHeader & { kind: K }) | undefined;
  let rows = 0;
  const take = (records: ReturnType<CsvReader['push']>) => {
    for (const record of records) {
      if (!header) {
        const read = readHeader(kind, record);
        header = read.header as ImportHeader & { kind: K };
        problems.push(...read.problems);
        continue;
      }
      rows++;
      const row = readRow(header, record);
      if (!row.ok) {
        problems.push(...row.problems);
        continue;
      }
      const found = duplicates.check(header, row.line, uniqueKeysOf(kind, row.input));
      if (found.length > 0) problems.push(...found);
      else valid.push({ line: row.line, input: row.input });
    }
  };
  try {
    for await (const chunk of chunksOf(source)) take(reader.push(chunk));
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // TextDecoder's fatal mode: bytes that are not UTF-8.
    problems.push({
      line: 1,
      column: null,
      field: null,
      reason: 'INVALID_CSV',
      message: 'The file is not UTF-8 text: save it as "CSV UTF-8".',
    });
  }
  take(reader.end());
  if (!header) {
    // An empty file: the header's problems say which columns are missing.
    const read = readHeader(kind, undefined);
    header = read.header as ImportHeader & { kind: K };
    problems.push(...read.problems);
  }
  for (const problem of reader.problems) {
    const name = header.names[problem.column - 1] ?? null;
    problems.push({ ...problem, field: name, reason: 'INVALID_CSV' });
  }
  return { header, rows, valid, problems };
}

/** Rows whose unique keys the database has already. */
async function takenProblems<K extends ImportKind>(
  db: Kysely<DB>,
  read: ReadResult<K>,
): Promise<ImportProblem[]> {
  const { header, valid } = read;
  const keyed = valid.map((row) => ({ row, keys: uniqueKeysOf(header.kind, row.input) }));
  const taken = new Set<string>();
  if (header.kind === 'assets') {
    for (const tag of await findTakenAssetTags(
      db,
      keyed.map((k) => k.keys[0]!.key),
    ))
      taken.add(`tag\u0000${tag}`);
  } else if (header.kind === 'users') {
    const found = await findTakenUserKeys(db, {
      usernames: keyed.map((k) => k.keys[0]!.key),
      emails: keyed.map((k) => k.keys[1]!.key),
    });
    for (const name of found.usernames) taken.add(`username\u0000${name}`);
    for (const email of found.emails) taken.add(`email\u0000${email}`);
  } else {
    const names = [
      ...new Set(valid.map((row) => (row.input as ImportInputs['licenses']).name.toLowerCase())),
    ];
    for (const license of await findLicenseNamesAndVendors(db, names))
      taken.add(`name\u0000${licenseKey(license.name, license.vendor)}`);
  }
  const problems: ImportProblem[] = [];
  for (const { row, keys } of keyed) {
    for (const key of keys) {
      if (!taken.has(`${key.field}\u0000${key.key}`)) continue;
      const index = header.names.indexOf(key.field);
      problems.push({
        line: row.line,
        column: index >= 0 ? index + 1 : null,
        field: key.field,
        reason: key.takenReason,
        message:
          header.kind === 'licenses'
            ? 'A license of that name and vendor exists already.'
            : `The database has this ${key.field} already.`,
      });
    }
  }
  return problems;
}

function byPosition(a: ImportProblem, b: ImportProblem): number {
  return a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
}

/** Writes the rows and one event per created record; the caller's transaction makes it all or nothing. */
async function writeRows<K extends ImportKind>(
  trx: Parameters<typeof lockImport>[0],
  deps: ImportDeps,
  kind: K,
  rows: readonly ValidRow<K>[],
  importId: string,
): Promise<number> {
  const base = { actor: deps.actor, action: 'created', reason: `CSV import ${importId}` };
  let events: NewEvent[];
  if (kind === 'assets') {
    const created = await insertAssets(
      trx,
      rows.map((r) => r.input as ImportInputs['assets']),
    );
    events = created.map((asset) => ({ ...base, entity: 'asset', entityId: asset.id, after: asset }));
  } else if (kind === 'licenses') {
    const created = await insertLicenses(
      trx,
      rows.map((r) => {
        const { productKey, ...fields } = r.input as ImportInputs['licenses'];
        return { ...fields, productKeyEncrypted: productKey ? deps.keyring.seal(productKey) : null };
      }),
    );
    // Events never carry the product key: they reach subscribers of every role.
    events = created.map((license) => ({ ...base, entity: 'license', entityId: license.id, after: license }));
  } else {
    // Nobody knows this password: the accounts cannot sign in until an admin sets one. One hash for
    // the whole import keeps a 100,000-row file fast, and a login attempt takes as long as any other.
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
    const created = await insertUsers(
      trx,
      rows.map((r) => ({ ...(r.input as ImportInputs['users']), passwordHash })),
    );
    events = created.map((user) => ({
      ...base,
      entity: 'user',
      entityId: user.id,
      after: user,
      audience: [user.id],
    }));
  }
  await appendEvents(trx, events);
  return events.length;
}

export async function importCsv(
  deps: ImportDeps,
  kind: ImportKind,
  source: CsvSource,
  options: { dryRun: boolean },
): Promise<ImportReport> {
  const read = await readFile(kind, source);
  const report = (problems: ImportProblem[], created = 0, importId: string | null = null): ImportReport => ({
    kind,
    dryRun: options.dryRun,
    rows: read.rows,
    created,
    problems: problems.sort(byPosition),
    importId,
  });
  if (options.dryRun) {
    return report([...read.problems, ...(await takenProblems(deps.db, read))]);
  }
  if (read.problems.length > 0) return report(read.problems);
  return deps.db.transaction().execute(async (trx) => {
    await lockImport(trx, kind);
    const taken = await takenProblems(trx, read);
    if (taken.length > 0) return report(taken);
    const importId = randomUUID();
    const created = await writeRows(trx, deps, kind, read.valid, importId);
    return report([], created, importId);
  });
}
