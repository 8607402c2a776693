/**
 * Writing CSV cells (RFC 4180) that a spreadsheet opens as data, never as formulas.
 *
 * A cell starting with = + - @ (or a tab or CR, which some spreadsheets skip before those) could
 * run as a formula when the file is opened (CSV injection, OWASP). Such a cell is written with a
 * leading apostrophe, which spreadsheets show as text. So the file can be imported again, the
 * escape is reversible: one apostrophe is added before any run of apostrophes that is followed
 * by one of those characters, and `unescapeCell` removes exactly one.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA_START = /^'+[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of `escapeFormula`: what an exported cell held before it was escaped. */
export function unescapeCell(value: string): string {
  return ESCAPED_FORMULA_START.test(value) ? value.slice(1) : value;
}

/** One cell: escaped against formulas, quoted when it holds a comma, quote or line end. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = escapeFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF line end, as RFC 4180 writes it. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
