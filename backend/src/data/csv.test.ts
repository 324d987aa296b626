import { describe, expect, it } from "vitest";
import { csvRecords, CsvReader, CsvRecordTooLong, MAX_CSV_RECORD_CHARS, parseCsv } from "./csv";

const sample =
  '\ufeffname,domains,note\r\n"Acme, Inc.",acme.test,"said ""hi""\r\non two lines"\n\nBeta,beta.test,\rGamma,"g.test",last';

async function collect(source: string | AsyncIterable<string>) {
  const out = [];
  for await (const r of csvRecords(source)) out.push(r);
  return out;
}

describe("CsvReader", () => {
  it("reads quoted fields, escaped quotes, line breaks in quotes, CRLF, LF, CR and skips blank lines", () => {
    expect(parseCsv(sample)).toEqual([
      { line: 1, fields: ["name", "domains", "note"] },
      { line: 2, fields: ["Acme, Inc.", "acme.test", 'said "hi"\r\non two lines'] },
      { line: 5, fields: ["Beta", "beta.test", ""] },
      { line: 6, fields: ["Gamma", "g.test", "last"] },
    ]);
  });

  it("gives the same records however the text is cut into pieces", async () => {
    const whole = parseCsv(sample);
    for (const size of [1, 2, 3, 7]) {
      async function* pieces() {
        for (let i = 0; i < sample.length; i += size) yield sample.slice(i, i + size);
      }
      expect(await collect(pieces())).toEqual(whole);
    }
    expect(await collect(sample)).toEqual(whole);
  });

  it("hands records out as they complete, holding only the one being read", () => {
    const reader = new CsvReader();
    expect(reader.push("name\nA")).toEqual([{ line: 1, fields: ["name"] }]);
    expect(reader.push("cme\nBe")).toEqual([{ line: 2, fields: ["Acme"] }]);
    expect(reader.push("ta")).toEqual([]);
    expect(reader.end()).toEqual([{ line: 3, fields: ["Beta"] }]);
  });

  it("refuses a record longer than the limit, naming its line", () => {
    const reader = new CsvReader();
    reader.push("name\n");
    expect(() => reader.push(`"${"x".repeat(MAX_CSV_RECORD_CHARS + 1)}`)).toThrow(CsvRecordTooLong);
  });
});
