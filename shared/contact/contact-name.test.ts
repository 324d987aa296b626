import { describe, expect, it } from "vitest";
import { contactName } from "./contact-name";
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
