/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON.
 * A cursor that does not decode to the expected shape is refused, never guessed at.
 */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid for this list.');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(kind: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
}

export function decodeCursor<const T extends readonly ('string' | 'number')[]>(
  cursor: string,
  kind: string,
  shape: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== kind) {
    throw new InvalidCursorError();
  }
  const values = parsed.slice(1);
  values.forEach((value, i) => {
    const ok =
      shape[i] === 'number' ? Number.isSafeInteger(value) : typeof value === 'string' && value.length <= 512;
    if (!ok) throw new InvalidCursorError();
  });
  return values as never;
}

/** `timestamptz::text` as PostgreSQL writes it: `2026-05-10 10:00:00.123456+00`. */
export const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
