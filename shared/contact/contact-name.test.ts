import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contactName, type ContactName } from "./contact-name";
import { isRoleLocalPart } from "./role-accounts";

const name = (first: string, last: string) => ({ firstName: first, lastName: last });

describe("contactName", () => {
  it("uses a real display name", () => {
    expect(contactName("jd@x.com", "John Doe")).toEqual(name("John", "Doe"));
    expect(contactName("jd@x.com", "Doe, John")).toEqual(name("John", "Doe"));
    expect(contactName("jd@x.com", '"John   Doe"')).toEqual(name("John", "Doe"));
    expect(contactName("jd@x.com", "'Jane Roe'")).toEqual(name("Jane", "Roe"));
    expect(contactName("jd@x.com", "  Ludwig van Beethoven ")).toEqual(name("Ludwig", "van Beethoven"));
    expect(contactName("jd@x.com", "JOHN DOE")).toEqual(name("John", "Doe"));
    expect(contactName("jd@x.com", "Ronald McDonald")).toEqual(name("Ronald", "McDonald"));
    expect(contactName("jd@x.com", "=?UTF-8?Q?Ren=C3=A9_Dupont?=")).toEqual(name("René", "Dupont"));
    expect(contactName("jd@x.com", "John Doe (Acme)")).toEqual(name("John", "Doe"));
  });

  it("ignores display names that are addresses or the local part", () => {
    expect(contactName("john.doe@x.com", "john.doe@x.com")).toEqual(name("John", "Doe"));
    expect(contactName("john.doe@x.com", "john.doe")).toEqual(name("John", "Doe"));
    expect(contactName("jdoe@x.com", "JDOE")).toEqual(name("Jdoe", ""));
  });

  it("derives the name from the local part", () => {
    expect(contactName("jean.luc.picard@x.com")).toEqual(name("Jean", "Luc Picard"));
    expect(contactName("john_doe@x.com")).toEqual(name("John", "Doe"));
    expect(contactName("john-paul.smith@x.com")).toEqual(name("John-Paul", "Smith"));
    expect(contactName("JOHN.DOE@x.com")).toEqual(name("John", "Doe"));
    expect(contactName("john-doe@x.com")).toEqual(name("John", "Doe"));
    expect(contactName("john.doe+crm@x.com")).toEqual(name("John", "Doe"));
    expect(contactName("john.doe2@x.com")).toEqual(name("John", "Doe"));
  });

  it("gives role accounts no name, whatever the display name says", () => {
    for (const local of [
      "info",
      "support",
      "sales",
      "hello",
      "team",
      "admin",
      "billing",
      "contact",
      "office",
      "support-eu",
      "sales.team",
      "billing2",
      "noreply",
    ]) {
      expect(contactName(`${local}@acme.com`, "Acme Corp"), local).toEqual(name("", ""));
    }
  });

  it("gives nothing usable no name, and never throws", () => {
    expect(contactName("12345@x.com")).toEqual(name("", ""));
    expect(contactName("")).toEqual(name("", ""));
    expect(contactName("<<<@@@>>>")).toEqual(name("", ""));
    expect(contactName(undefined as unknown as string)).toEqual(name("", ""));
  });
});

describe("isRoleLocalPart", () => {
  it("recognises role mailboxes but not people", () => {
    expect(isRoleLocalPart("info")).toBe(true);
    expect(isRoleLocalPart("customer.success")).toBe(true);
    expect(isRoleLocalPart("john.sales")).toBe(false);
    expect(isRoleLocalPart("infographics")).toBe(false);
  });
});

describe("names from local parts, walked by hand", () => {
  // The RegExp definition the hand-written walk replaced (split on runs of "." and "_", else on "-").
  function byRegex(localPart: string): ContactName {
    const plus = localPart.indexOf("+");
    let base = plus >= 0 ? localPart.slice(0, plus) : localPart;
    if (base.startsWith('"')) base = base.replace(/"/g, "");
    let parts = base.split(/[._]+/);
    if (parts.length === 1) parts = base.split(/-+/);
    const words: string[] = [];
    for (const raw of parts) {
      const word = raw.replace(/\d+$/, "");
      if (word && (/^[a-z]+$/.test(word) || /^[\p{L}'’-]+$/u.test(word))) words.push(titleCaseByRegex(word));
    }
    if (words.length === 0 || (words.length === 1 && words[0].length < 2))
      return { firstName: "", lastName: "" };
    return { firstName: words[0], lastName: words.slice(1).join(" ") };
  }
  function titleCaseByRegex(word: string): string {
    const lower = word.toLowerCase();
    return lower.replace(
      /(^|[-'’])([^-'’])/g,
      (_m, sep: string, letter: string) => sep + letter.toUpperCase(),
    );
  }

  it("title-case display names written all in one case, and keep mixed ones, as before", () => {
    const word = fc
      .array(fc.constantFrom(..."aBcXyzÉéßΣσ'-"), { minLength: 2, maxLength: 6 })
      .map((c) => c.join(""))
      .filter((w) => /\p{L}/u.test(w) && !/^[-']|[-']$/.test(w));
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 3 }), (words) => {
        const whole = words.join(" ");
        const uniform = whole === whole.toLowerCase() || whole === whole.toUpperCase();
        const fixed = uniform ? words.map(titleCaseByRegex) : words;
        expect(contactName("zz@x.com", whole)).toEqual({
          firstName: fixed[0],
          lastName: fixed.slice(1).join(" "),
        });
      }),
      { numRuns: 5000 },
    );
  });

  it("agree with the RegExp definition", () => {
    const piece = fc.constantFrom(..."ab.z_-+'’\"09éÉA", "jean", "luc", "o'brien", "x2");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const local = pieces.join("").toLowerCase();
        expect(contactName(`${local}@x.com`)).toEqual(
          !local || isRoleLocalPart(local) ? { firstName: "", lastName: "" } : byRegex(local),
        );
      }),
      { numRuns: 20_000 },
    );
  });
});
