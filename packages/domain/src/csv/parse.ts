/**
 * A streaming RFC 4180 reader: text goes in chunk by chunk, records come out with the line they
 * start on (a quoted field may span lines), so every problem can name its line and column.
 * Lenient where the RFC is silent (LF or CRLF line ends, a UTF-8 byte order mark, blank lines
 * skipped), strict where a mistake would shift data: a stray quote is reported, not guessed at.
 */
export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvSyntaxProblem {
  line: number;
  /** 1-based field position in the record. */
  column: number;
  message: string;
}

/** The characters that end a run of an unquoted field. */
const PLAIN_END = /[",\r\n]/g;

export class CsvReader {
  #line = 1;
  #recordLine = 1;
  #fields: string[] = [];
  #field = '';
  /** Whether the current field started with a quote, and whether that quote is still open. */
  #quoted = false;
  #inQuotes = false;
  /** A quote inside a quoted field: either the closing one or the first of an escaped pair. */
  #quotePending = false;
  /** The last character read was a CR: an LF right after it ends the same line. */
  #afterCr = false;
  #atStart = true;
  /** Anything seen in the current record, to skip blank lines. */
  #recordHasContent = false;
  readonly problems: CsvSyntaxProblem[] = [];

  /** Reads a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.#atStart) {
      this.#atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < chunk.length; i++) {
      // Fast paths: a run of plain characters is taken with one slice, not character by character.
      if (!this.#quotePending && (this.#inQuotes || !this.#quoted)) {
        const end = this.#runEnd(chunk, i);
        if (end > i) {
          if (this.#inQuotes) this.#countLines(chunk, i, end);
          else this.#recordHasContent = true;
          this.#field += chunk.slice(i, end);
          this.#afterCr = chunk.charCodeAt(end - 1) === 13;
          i = end;
          if (i >= chunk.length) break;
        }
      }
      const ch = chunk[i]!;
      const lfOfCrlf = ch === '\n' && this.#afterCr;
      this.#afterCr = ch === '\r';
      if (ch === '\r' || (ch === '\n' && !lfOfCrlf)) this.#line++;
      if (this.#quotePending) {
        this.#quotePending = false;
        if (ch === '"') {
          this.#field += '"';
          continue;
        }
        this.#inQuotes = false;
        if (ch !== ',' && ch !== '\n' && ch !== '\r') {
          this.#problem('Text after a closing quote: put the whole field in quotes and double inner quotes.');
        }
      }
      if (this.#inQuotes) {
        if (ch === '"') this.#quotePending = true;
        else this.#field += ch;
        continue;
      }
      if (ch === ',') {
        this.#endField();
      } else if (lfOfCrlf) {
        // The record ended at the CR.
      } else if (ch === '\n' || ch === '\r') {
        const record = this.#endRecord();
        if (record) out.push(record);
        this.#recordLine = this.#line;
      } else if (ch === '"' && this.#field === '' && !this.#quoted) {
        this.#quoted = true;
        this.#inQuotes = true;
        this.#recordHasContent = true;
      } else {
        if (ch === '"' || this.#quoted) {
          this.#problem(
            'A quote inside an unquoted field: put the whole field in quotes and double inner quotes.',
          );
        }
        this.#field += ch;
        this.#recordHasContent = true;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if it had no line end. */
  end(): CsvRecord[] {
    if (this.#quotePending) {
      this.#quotePending = false;
      this.#inQuotes = false;
    }
    if (this.#inQuotes) {
      this.problems.push({
        line: this.#recordLine,
        column: this.#fields.length + 1,
        message: 'A quoted field is never closed.',
      });
      this.#inQuotes = false;
    }
    const record = this.#endRecord();
    return record ? [record] : [];
  }

  /** Where the run of characters starting at `from` that need no decision ends. */
  #runEnd(chunk: string, from: number): number {
    if (this.#inQuotes) {
      const quote = chunk.indexOf('"', from);
      return quote < 0 ? chunk.length : quote;
    }
    PLAIN_END.lastIndex = from;
    return PLAIN_END.exec(chunk) ? PLAIN_END.lastIndex - 1 : chunk.length;
  }

  /** Counts the line ends inside a quoted run (CRLF once, also across chunks). */
  #countLines(chunk: string, from: number, to: number): void {
    for (let j = from; j < to; j++) {
      const code = chunk.charCodeAt(j);
      if (code === 13) this.#line++;
      else if (code === 10 && !(j === from ? this.#afterCr : chunk.charCodeAt(j - 1) === 13)) this.#line++;
    }
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
    this.#quoted = false;
    this.#recordHasContent = true;
  }

  #endRecord(): CsvRecord | undefined {
    if (!this.#recordHasContent) {
      this.#field = '';
      this.#quoted = false;
      return undefined;
    }
    this.#fields.push(this.#field);
    const record = { line: this.#recordLine, fields: this.#fields };
    this.#fields = [];
    this.#field = '';
    this.#quoted = false;
    this.#recordHasContent = false;
    return record;
  }

  #problem(message: string): void {
    const column = this.#fields.length + 1;
    const last = this.problems.at(-1);
    // One report per field is enough.
    if (last && last.line === this.#line && last.column === column) return;
    this.problems.push({ line: this.#line, column, message });
  }
}

/** Reads a whole text at once (tests, small files). */
export function readCsv(text: string): { records: CsvRecord[]; problems: CsvSyntaxProblem[] } {
  const reader = new CsvReader();
  const records = [...reader.push(text), ...reader.end()];
  return { records, problems: reader.problems };
}
