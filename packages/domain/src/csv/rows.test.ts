import { describe, expect, it } from 'vitest';
import { readCsv } from './parse.ts';
import { DuplicateFinder, type ImportProblem, readHeader, readRow, uniqueKeysOf } from './rows.ts';

/** Reads a file of one kind the way an import does, and returns every problem. */
function problemsOf(kind: 'assets' | 'licenses' | 'users', text: string): ImportProblem[] {
  const [first, ...rest] = readCsv(text).records;
  const { header, problems } = readHeader(kind, first);
  const duplicates = new DuplicateFinder();
  for (const record of rest) {
    const row = readRow(header, record);
    if (row.ok) problems.push(...duplicates.check(header, row.line, uniqueKeysOf(kind, row.input)));
    else problems.push(...row.problems);
  }
  return problems;
}

const brief = (p: ImportProblem) => [p.line, p.column, p.field, p.reason];

describe('import rows', () => {
  it('converts cells by column type and validates with the create schema', () => {
    const [head, row] = readCsv('Tag,name,type,purchaseCost,condition\nLT-1,Laptop,laptop,999.5,\n').records;
    const { header, problems } = readHeader('assets', head);
    expect(problems).toEqual([]);
    expect(readRow(header, row!)).toEqual({
      ok: true,
      line: 2,
      input: {
        tag: 'LT-1',
        name: 'Laptop',
        type: 'laptop',
        purchaseCost: 999.5,
        condition: 'new',
        stage: 'in_stock',
      },
    });
  });

  it('reports each problem of a file with its line, column and reason', () => {
    const text = [
      'tag,name,type,stage,purchaseDate,warrantyEnd,purchaseCost',
      'A-1,Laptop,laptop,in_stock,,,',
      'A-2,,laptop,in_stock,,,12.345',
      'a-1,Dup,monitor,in_stock,,,',
      'A-3,Phone,toaster,deployed,,,',
      'A-4,Desk,desktop,retired,2024-05-01,2024-01-01,abc',
      'A-5,short row',
    ].join('\n');
    expect(problemsOf('assets', text).map(brief)).toEqual([
      [3, 2, 'name', 'VALIDATION_FAILED'],
      [3, 7, 'purchaseCost', 'VALIDATION_FAILED'],
      [4, 1, 'tag', 'DUPLICATE_IN_FILE'],
      [5, 3, 'type', 'VALIDATION_FAILED'],
      [6, 7, 'purchaseCost', 'VALIDATION_FAILED'],
      [6, 6, 'warrantyEnd', 'VALIDATION_FAILED'],
      [7, null, null, 'INVALID_CSV'],
    ]);
  });

  it('refuses a held stage: a deployed asset needs a check-out', () => {
    expect(problemsOf('assets', 'tag,name,type,stage\nA-1,Laptop,laptop,deployed\n').map(brief)).toEqual([
      [2, 4, 'stage', 'CHECK_OUT_REQUIRED'],
    ]);
  });

  it('reports unknown, doubled and missing columns on the header line', () => {
    expect(problemsOf('users', 'username,password,username\n').map(brief)).toEqual([
      [1, 2, 'password', 'UNKNOWN_COLUMN'],
      [1, 3, 'username', 'INVALID_CSV'],
      [1, null, 'email', 'MISSING_COLUMN'],
    ]);
  });

  it('finds duplicate usernames and emails case-insensitively, and duplicate licenses by name and vendor', () => {
    const users = 'username,email\nann,ann@example.test\nANN,other@example.test\nbob,Ann@Example.test\n';
    expect(problemsOf('users', users).map(brief)).toEqual([
      [3, 1, 'username', 'DUPLICATE_IN_FILE'],
      [4, 2, 'email', 'DUPLICATE_IN_FILE'],
    ]);
    const licenses = 'name,vendor,seats\nOffice,Microsoft,5\noffice,microsoft,2\nOffice,Other,1\n';
    expect(problemsOf('licenses', licenses).map(brief)).toEqual([[3, 1, 'name', 'DUPLICATE_IN_FILE']]);
  });

  it('reads booleans and roles for users, and a cell escaped against formulas as its value', () => {
    const [head, row] = readCsv("username,email,role,disabled\n'-dash,d@example.test,manager,TRUE\n").records;
    const { header } = readHeader('users', head);
    const result = readRow(header, row!);
    // The username rule refuses a leading dash: the unescaped value reached the schema.
    expect(result.ok).toBe(false);
    const [head2, row2] = readCsv('username,email,role,disabled\ndana,d@example.test,manager,TRUE\n').records;
    expect(readRow(readHeader('users', head2).header, row2!)).toMatchObject({
      ok: true,
      input: { username: 'dana', role: 'manager', disabled: true },
    });
  });
});
