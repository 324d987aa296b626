import { describe, expect, it } from "vitest";
import { isPersonalDomain } from "./personal-domains";

describe("isPersonalDomain", () => {
  it("knows consumer mailbox providers worldwide", () => {
    const personal = [
      "gmail.com",
      "googlemail.com",
      "outlook.com",
      "hotmail.com",
      "hotmail.co.uk",
      "hotmail.fr",
      "live.com",
      "yahoo.com",
      "yahoo.co.jp",
      "icloud.com",
      "me.com",
      "proton.me",
      "protonmail.com",
      "gmx.de",
      "gmx.net",
      "web.de",
      "aol.com",
      "yandex.ru",
      "mail.ru",
      "qq.com",
      "163.com",
      "126.com",
      "naver.com",
      "t-online.de",
      "orange.fr",
      "libero.it",
      "fastmail.com",
      "tutanota.com",
      "posteo.de",
    ];
    for (const d of personal) expect(isPersonalDomain(d), d).toBe(true);
  });

  it("does not treat companies or universities from sloppy lists as personal", () => {
    for (const d of [
      "youtube.com",
      "dell.com",
      "google.com",
      "microsoft.com",
      "facebook.com",
      "bt.com",
      "mit.edu",
      "harvard.edu",
      "ox.ac.uk",
      "acme.com",
      "example.com",
    ]) {
      expect(isPersonalDomain(d), d).toBe(false);
    }
  });

  it("never marks a whole public suffix as personal (some list entries are suffixes)", () => {
    expect(isPersonalDomain("acme.com.ar")).toBe(false);
    expect(isPersonalDomain("company.net.ua")).toBe(false);
  });

  it("knows the list's Unicode entries by their punycode too", () => {
    expect(isPersonalDomain("müllmail.com")).toBe(true);
    expect(isPersonalDomain("xn--mllmail-n2a.com")).toBe(true);
  });

  it("accepts addresses, subdomains, case and Unicode", () => {
    expect(isPersonalDomain("Someone@GMAIL.COM")).toBe(true);
    expect(isPersonalDomain("mail.yahoo.com")).toBe(true);
    expect(isPersonalDomain("notgmail.com")).toBe(false);
    expect(isPersonalDomain("")).toBe(false);
    expect(isPersonalDomain("<<<@@@>>>")).toBe(false);
  });
});
