import type { z } from 'zod';
import { ImportAssetInput } from '../assets/schemas.ts';
import { HELD_STAGES, includesStage, STAGE_LABELS } from '../assets/stages.ts';
import { CreateLicenseInput } from '../licenses/schemas.ts';
import type { Reason } from '../reasons.ts';
import { ImportUserInput } from '../users/schemas.ts';
import { ASSET_COLUMNS, type ImportKind, LICENSE_IMPORT_COLUMNS, USER_COLUMNS } from './formats.ts';
import type { CsvRecord } from './parse.ts';
import { unescapeCell } from './write.ts';

/**
 * Turning the records of an import file into the inputs the API would accept: the header names
 * the columns, each cell is converted by its column's type, and the row is validated by the same
 * zod schema as the API's create procedure. Every problem names its line, column and reason.
 */
export interface ImportProblem {
  /** 1-based line in the file (the header is line 1 unless blank lines precede it). */
  line: number;
  /** 1-based column position, or null for a problem with the whole row. */
  column: number | null;
  /** The column's name, when there is one. */
  field: string | null;
  reason: Reason;
  message: string;
}

type CellType = 'text' | 'enum' | 'date' | 'number' | 'boolean';

interface KindSpec<T> {
  columns: Record<string, CellType>;
  required: readonly string[];
  schema: z.ZodType<T>;
}

export interface ImportInputs {
  assets: ImportAssetInput;
  licenses: z.output<typeof CreateLicenseInput>;
  users: ImportUserInput;
}

const COLUMN_TYPES: Record<string, CellType> = {
  type: 'enum',
  stage: 'enum',
  condition: 'enum',
  role: 'enum',
  purchaseDate: 'date',
  warrantyEnd: 'date',
  expiryDate: 'date',
  purchaseCost: 'number',
  renewalCost: 'number',
  seats: 'number',
  disabled: 'boolean',
};

function typesOf(columns: readonly string[]): Record<string, CellType> {
  return Object.fromEntries(columns.map((c) => [c, COLUMN_TYPES[c] ?? 'text']));
}

export const IMPORT_SPECS: { [K in ImportKind]: KindSpec<ImportInputs[K]> } = {
  assets: { columns: typesOf(ASSET_COLUMNS), required: ['tag', 'name', 'type'], schema: ImportAssetInput },
  licenses: { columns: typesOf(LICENSE_IMPORT_COLUMNS), required: ['name'], schema: CreateLicenseInput },
  users: { columns: typesOf(USER_COLUMNS), required: ['username', 'email'], schema: ImportUserInput },
};

/** The file's columns: the name at each position (null where the column is unknown). */
export interface ImportHeader {
  kind: ImportKind;
  line: number;
  names: (string | null)[];
}

export function readHeader(
  kind: ImportKind,
  record: CsvRecord | undefined,
): { header: ImportHeader; problems: ImportProblem[] } {
  const spec = IMPORT_SPECS[kind];
  const known = Object.keys(spec.columns);
  const line = record?.line ?? 1;
  const problems: ImportProblem[] = [];
  const names = (record?.fields ?? []).map((raw, i) => {
    const wanted = raw.trim().toLowerCase();
    const name = known.find((k) => k.toLowerCase() === wanted);
    const column = i + 1;
    if (!name) {
      problems.push({
        line,
        column,
        field: raw,
        reason: 'UNKNOWN_COLUMN',
        message: `Unknown column "${raw}". ${kind} have: ${known.join(', ')}.`,
      });
      return null;
    }
    if ((record?.fields ?? []).slice(0, i).some((other) => other.trim().toLowerCase() === wanted)) {
      problems.push({
        line,
        column,
        field: name,
        reason: 'INVALID_CSV',
        message: `Column "${name}" appears twice.`,
      });
      return null;
    }
    return name;
  });
  for (const name of spec.required) {
    if (!names.includes(name)) {
      problems.push({
        line,
        column: null,
        field: name,
        reason: 'MISSING_COLUMN',
        message: `The header lacks the required column "${name}".`,
      });
    }
  }
  return { header: { kind, line, names }, problems };
}

const NUMBER = /^\d+(\.\d+)?$/;

/** A cell as its column's type; `undefined` lets the schema's default apply. */
function convert(type: CellType, text: string): { value: unknown } | { error: string } {
  // PostgreSQL text cannot hold NUL, and has no year 0: a dry run says so rather than the apply failing.
  if (text.includes('\u0000')) return { error: 'Text cannot contain a NUL character.' };
  if (type === 'text') return { value: text };
  const trimmed = text.trim();
  if (trimmed === '') return { value: type === 'enum' || type === 'boolean' ? undefined : null };
  if (type === 'number') {
    return NUMBER.test(trimmed)
      ? { value: Number(trimmed) }
      : { error: 'Expected a number: digits, with a dot before any decimals.' };
  }
  if (type === 'boolean') {
    const lower = trimmed.toLowerCase();
    if (lower === 'true') return { value: true };
    if (lower === 'false') return { value: false };
    return { error: 'Expected true or false.' };
  }
  if (type === 'date' && trimmed.startsWith('0000')) return { error: 'There is no year 0.' };
  return { value: trimmed };
}

export type RowResult<K extends ImportKind> =
  | { ok: true; line: number; input: ImportInputs[K] }
  | { ok: false; problems: ImportProblem[] };

export function readRow<K extends ImportKind>(
  header: ImportHeader & { kind: K },
  record: CsvRecord,
): RowResult<K> {
  const spec = IMPORT_SPECS[header.kind] as KindSpec<ImportInputs[K]>;
  const { line } = record;
  const problems: ImportProblem[] = [];
  if (record.fields.length !== header.names.length) {
    return {
      ok: false,
      problems: [
        {
          line,
          column: null,
          field: null,
          reason: 'INVALID_CSV',
          message: `This row has ${record.fields.length} cells; the header has ${header.names.length} columns.`,
        },
      ],
    };
  }
  const raw: Record<string, unknown> = {};
  header.names.forEach((name, i) => {
    if (!name) return;
    const converted = convert(spec.columns[name]!, unescapeCell(record.fields[i]!));
    if ('error' in converted) {
      problems.push({
        line,
        column: i + 1,
        field: name,
        reason: 'VALIDATION_FAILED',
        message: converted.error,
      });
    } else if (converted.value !== undefined) {
      raw[name] = converted.value;
    }
  });
  const columnOf = (field: string | null) => {
    const index = field ? header.names.indexOf(field) : -1;
    return index >= 0 ? index + 1 : null;
  };
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
      // A cell that could not be converted has been reported already.
      if (problems.some((p) => p.field === field)) continue;
      problems.push({
        line,
        column: columnOf(field),
        field,
        reason: 'VALIDATION_FAILED',
        message: issue.message,
      });
    }
  }
  if (parsed.success && header.kind === 'assets') {
    const stage = (parsed.data as ImportAssetInput).stage;
    if (includesStage(HELD_STAGES, stage)) {
      problems.push({
        line,
        column: columnOf('stage'),
        field: 'stage',
        reason: 'CHECK_OUT_REQUIRED',
        message: `An asset cannot be imported as ${STAGE_LABELS[stage]}: import it in stock, then check it out to its holder.`,
      });
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, line, input: parsed.data };
}

/** A value that must be unique, with the reason to give when the database has it already. */
export interface UniqueKey {
  field: string;
  /** Normalised as the database compares it (lower case). */
  key: string;
  takenReason: Reason;
}

/**
 * The unique keys of an imported row. Asset tags, usernames and emails are unique in the database
 * (case-insensitive); a license's name and vendor are not, but an import refuses a second license
 * of the same name and vendor so that running one file twice does not double it.
 */
export function uniqueKeysOf<K extends ImportKind>(kind: K, input: ImportInputs[K]): UniqueKey[] {
  if (kind === 'assets') {
    const asset = input as ImportAssetInput;
    return [{ field: 'tag', key: asset.tag.toLowerCase(), takenReason: 'ASSET_TAG_TAKEN' }];
  }
  if (kind === 'users') {
    const user = input as ImportUserInput;
    return [
      { field: 'username', key: user.username.toLowerCase(), takenReason: 'USERNAME_TAKEN' },
      { field: 'email', key: user.email.toLowerCase(), takenReason: 'EMAIL_TAKEN' },
    ];
  }
  const license = input as ImportInputs['licenses'];
  return [{ field: 'name', key: licenseKey(license.name, license.vendor), takenReason: 'LICENSE_EXISTS' }];
}

/** How a license is recognised by an import: its name and vendor, case-insensitive. */
export function licenseKey(name: string, vendor: string | null | undefined): string {
  return `${name.toLowerCase()}\u0000${(vendor ?? '').toLowerCase()}`;
}

/** Remembers the keys seen so far in a file and reports a key's second appearance. */
export class DuplicateFinder {
  readonly #seen = new Map<string, number>();

  check(header: ImportHeader, line: number, keys: readonly UniqueKey[]): ImportProblem[] {
    const problems: ImportProblem[] = [];
    for (const { field, key } of keys) {
      const id = `${field}\u0000${key}`;
      const first = this.#seen.get(id);
      if (first === undefined) {
        this.#seen.set(id, line);
        continue;
      }
      const index = header.names.indexOf(field);
      problems.push({
        line,
        column: index >= 0 ? index + 1 : null,
        field,
        reason: 'DUPLICATE_IN_FILE',
        message: `The same ${field} as line ${first}.`,
      });
    }
    return problems;
  }
}
