import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, escapeFormula, unescapeCell } from './write.ts';

describe('csvCell', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ["'=x", "''=x"],
    ["'plain", "'plain"],
    ['a=b', 'a=b'],
  ])('escapes %j as %j, reversibly', (value, escaped) => {
    expect(escapeFormula(value)).toBe(escaped);
    expect(unescapeCell(escaped)).toBe(value);
  });

  it('quotes commas, quotes and line ends, and writes null as an empty cell', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(false)).toBe('false');
  });

  it('ends a record with CRLF', () => {
    expect(csvLine(['a', null, 3])).toBe('a,,3\r\n');
  });
});
