import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, readCsv } from './parse.ts';
import { csvLine, unescapeCell } from './write.ts';

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line ends, and numbers records by their first line', () => {
    const text = 'a,b,c\r\n1,"two, three","say ""hi"""\r\n"multi\nline",x,\r\n\r\nlast,row,here';
    const { records, problems } = readCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, three', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'x', ''] },
      { line: 6, fields: ['last', 'row', 'here'] },
    ]);
  });

  it('skips a byte order mark and accepts LF, CRLF and CR line ends', () => {
    expect(readCsv('\ufeffa\nb\r\nc\rd').records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('keeps CRLF inside a quoted field and counts it as one line', () => {
    const { records } = readCsv('"a\r\nb",c\r\nnext,1\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a\r\nb', 'c'] },
      { line: 3, fields: ['next', '1'] },
    ]);
  });

  it('reports a stray quote, text after a closing quote and an unclosed quote with line and column', () => {
    const { problems } = readCsv('a,b\nx,ab"c\n"ok"z,y\n1,"never closed\n2,3');
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 2],
      [3, 1],
      [4, 2],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'h1,h2\r\n"a\r\n""b""",c\r\nd,"e,f"\r\n';
    const whole = readCsv(text).records;
    for (let size = 1; size <= text.length; size++) {
      const reader = new CsvReader();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
      records.push(...reader.end());
      expect(records, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('reads back any cells written by csvLine, exactly', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '-', "'", ' ', 'é') });
    const row = fc.array(cell, { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
        // A record of only empty cells is a blank line: give every row a first cell.
        const written = rows.map((r) => ['x', ...r]);
        const { records, problems } = readCsv(written.map(csvLine).join(''));
        expect(problems).toEqual([]);
        expect(records.map((r) => r.fields.map(unescapeCell))).toEqual(written);
      }),
    );
  });
});
