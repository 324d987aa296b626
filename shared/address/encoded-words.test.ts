import { describe, expect, it } from "vitest";
import { decodeEncodedWords } from "./encoded-words";

describe("decodeEncodedWords", () => {
  it("decodes B and Q words in the charsets mail uses for names", () => {
    expect(decodeEncodedWords("=?utf-8?b?w6nDqA==?=")).toBe("éè");
    expect(decodeEncodedWords("=?iso-8859-1?q?caf=E9?=")).toBe("café");
    expect(decodeEncodedWords("=?windows-1252?Q?=80_5?=")).toBe("€ 5");
    expect(decodeEncodedWords("=?ISO-8859-15?Q?=A4?=")).toBe("€");
    expect(decodeEncodedWords("=?UTF-8*en?Q?Hi?=")).toBe("Hi");
  });

  it("drops whitespace between adjacent encoded-words but keeps it around plain text", () => {
    expect(decodeEncodedWords("=?utf-8?q?a?= =?utf-8?q?b?=")).toBe("ab");
    expect(decodeEncodedWords("x =?utf-8?q?a?= y")).toBe("x a y");
    expect(decodeEncodedWords("=?utf-8?q?a?=  =?iso-8859-1?q?=E9?=")).toBe("aé");
  });

  it("leaves unknown charsets and malformed words as written, and replaces invalid UTF-8", () => {
    expect(decodeEncodedWords("=?x-unknown?q?abc?=")).toBe("=?x-unknown?q?abc?=");
    expect(decodeEncodedWords("=?utf-8?q?=FF?=")).toBe("\ufffd");
    expect(decodeEncodedWords("=?utf-8?q?abc")).toBe("=?utf-8?q?abc");
    expect(decodeEncodedWords("plain")).toBe("plain");
  });
});
