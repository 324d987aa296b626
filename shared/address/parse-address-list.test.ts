import { describe, expect, it } from "vitest";
import { parseAddressList } from "./parse-address-list";

const only = (header: string) => parseAddressList(header);

describe("parseAddressList", () => {
  it("reads bare addresses, display names and angle addresses", () => {
    expect(only("a@x.com")).toEqual([{ name: "", address: "a@x.com" }]);
    expect(only("John Doe <john@x.com>")).toEqual([{ name: "John Doe", address: "john@x.com" }]);
    expect(only("<john@x.com>")).toEqual([{ name: "", address: "john@x.com" }]);
    expect(only("  Mary   Smith  <  mary@x.test >  ")).toEqual([
      { name: "Mary Smith", address: "mary@x.test" },
    ]);
  });

  it("keeps commas and escaped quotes inside quoted names", () => {
    expect(only('"Doe, John" <john@x.com>, "A \\"B\\" C" <abc@x.com>')).toEqual([
      { name: "Doe, John", address: "john@x.com" },
      { name: 'A "B" C', address: "abc@x.com" },
    ]);
  });

  it("reads groups, empty groups and nested groups", () => {
    expect(only("Team: a@x.io, B <b@y.io>;")).toEqual([
      { name: "", address: "a@x.io" },
      { name: "B", address: "b@y.io" },
    ]);
    expect(only("undisclosed-recipients:;")).toEqual([]);
    expect(only("Outer: Inner: a@x.io;, b@y.io;, c@z.io")).toEqual([
      { name: "", address: "a@x.io" },
      { name: "", address: "b@y.io" },
      { name: "", address: "c@z.io" },
    ]);
    // RFC 2822 appendix A.1.3
    expect(only("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;")).toEqual([
      { name: "Ed Jones", address: "c@a.test" },
      { name: "", address: "joe@where.test" },
      { name: "John", address: "jdoe@one.test" },
    ]);
  });

  it("accepts ';' as a separator the way Outlook writes lists", () => {
    expect(only("John Doe <john@x.com>; Jane Roe <jane@y.com>;")).toEqual([
      { name: "John Doe", address: "john@x.com" },
      { name: "Jane Roe", address: "jane@y.com" },
    ]);
    expect(only("a@x.com;b@y.com")).toHaveLength(2);
  });

  it("uses comments as the name when there is no other, and ignores them otherwise", () => {
    expect(only("bob@ex.com (Bob Smith)")).toEqual([{ name: "Bob Smith", address: "bob@ex.com" }]);
    expect(only("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>")).toEqual([
      { name: "Pete", address: "pete@silly.test" },
    ]);
  });

  it("decodes RFC 2047 names in UTF-8 and ISO-8859-1, B and Q, split across words", () => {
    expect(only("=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@x.de>")[0].name).toBe("Jürgen Müller");
    expect(only("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>")[0].name).toBe("Keld Jørn Simonsen");
    expect(only("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>")[0]).toEqual({
      name: "André Pirard",
      address: "PIRARD@vm1.ulg.ac.be",
    });
    // "ü" split across two encoded-words: the bytes are joined before decoding
    expect(only("=?UTF-8?Q?J=C3?= =?UTF-8?Q?=BCrgen?= <j@x.de>")[0].name).toBe("Jürgen");
    expect(only('"=?utf-8?q?Ren=C3=A9?=" <r@x.fr>')[0].name).toBe("René");
  });

  it("handles IDN addresses, quoted local parts and domain literals", () => {
    expect(only("用户 <用户@例子.广告>")).toEqual([{ name: "用户", address: "用户@例子.广告" }]);
    expect(only('"john doe"@example.com')).toEqual([{ name: "", address: '"john doe"@example.com' }]);
    expect(only('J <"john doe"@example.com>')).toEqual([{ name: "J", address: '"john doe"@example.com' }]);
    expect(only("x <postmaster@[192.0.2.1]>")).toEqual([{ name: "x", address: "postmaster@[192.0.2.1]" }]);
  });

  it("reads obsolete spacing and lists that forgot their commas", () => {
    expect(only("jdoe@test   . example")).toEqual([{ name: "", address: "jdoe@test.example" }]);
    expect(only("tim@x.com concierge@x.com")).toEqual([
      { name: "", address: "tim@x.com" },
      { name: "", address: "concierge@x.com" },
    ]);
  });

  it("drops junk entries and keeps the good ones around them", () => {
    expect(only("")).toEqual([]);
    expect(only("   ")).toEqual([]);
    expect(only("<<<@@@>>>")).toEqual([]);
    expect(only("not an address, a@x.com, @, foo@, @bar.com, ,,;;")).toEqual([
      { name: "", address: "a@x.com" },
    ]);
    expect(only('"unterminated <a@x.com>')).toEqual([]);
    expect(only("Name <a@x.com")).toEqual([{ name: "Name", address: "a@x.com" }]);
  });

  it("never throws on non-string input", () => {
    expect(parseAddressList(undefined as unknown as string)).toEqual([]);
    expect(parseAddressList(42 as unknown as string)).toEqual([]);
  });
});
