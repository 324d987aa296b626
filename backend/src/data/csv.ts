/** One parsed CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record longer than this is refused: reading on would hold an unbounded amount of one file in memory. */
export const MAX_CSV_RECORD_CHARS = 1 << 20;

export class CsvRecordTooLong extends Error {
  constructor(readonly line: number) {
    super(
      `The record on line ${line} is longer than ${MAX_CSV_RECORD_CHARS.toLocaleString("en")} characters.`,
    );
  }
}

/**
 * RFC 4180 CSV read incrementally: `push` text as it arrives and take the records it completed; `end` returns the
 * last one. Quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF; a BOM is ignored. Only the
 * record being read is held, so a file of any length is read in bounded memory.
 */
export class CsvReader {
  private fields: string[] = [];
  private field = "";
  private recordChars = 0;
  private quoted = false;
  private line = 1;
  private start = 1;
  private carry = "";
  private first = true;

  push(chunk: string): CsvRecord[] {
    return this.read(this.carry + chunk, false);
  }

  end(): CsvRecord[] {
    const records = this.read(this.carry, true);
    if (this.field !== "" || this.fields.length > 0) this.endRecord(records);
    return records;
  }

  private endRecord(records: CsvRecord[]): void {
    this.fields.push(this.field);
    if (!(this.fields.length === 1 && this.fields[0].trim() === "")) {
      records.push({ line: this.start, fields: this.fields });
    }
    this.fields = [];
    this.field = "";
    this.recordChars = 0;
  }

  private read(text: string, final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    this.carry = "";
    let i = 0;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const ch = text[i];
      // A quote or a CR at the very end of a chunk needs the next character to be understood ("" or CRLF).
      if (!final && i === text.length - 1 && (ch === "\r" || (this.quoted && ch === '"'))) {
        this.carry = ch;
        break;
      }
      if (++this.recordChars > MAX_CSV_RECORD_CHARS) throw new CsvRecordTooLong(this.start);
      if (this.quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          this.field += '"';
          i++;
        } else if (ch === '"') {
          this.quoted = false;
        } else {
          if (ch === "\n") this.line++;
          this.field += ch;
        }
      } else if (ch === '"' && this.field.trim() === "") {
        this.quoted = true;
        this.field = "";
      } else if (ch === ",") {
        this.fields.push(this.field);
        this.field = "";
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[i + 1] === "\n") i++;
        this.endRecord(records);
        this.line++;
        this.start = this.line;
      } else {
        this.field += ch;
      }
    }
    return records;
  }
}

/** A whole CSV text at once. */
export function parseCsv(text: string): CsvRecord[] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

/**
 * Records from text arriving in pieces (a request body, a file stream) or from one string, which is read in
 * slices so that its records are still produced a few at a time.
 */
export async function* csvRecords(source: string | AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const reader = new CsvReader();
  const pieces: AsyncIterable<string> | Iterable<string> =
    typeof source === "string" ? slices(source, 64 * 1024) : source;
  for await (const piece of pieces) yield* reader.push(piece);
  yield* reader.end();
}

function* slices(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}
