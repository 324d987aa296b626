import { describe, expect, it } from "vitest";
import { addressDomain, addressLocalPart, normalizeAddress } from "./normalize-address";

describe("normalizeAddress", () => {
  it("trims, strips <>, lower-cases", () => {
    expect(normalizeAddress("  <John.Doe@Example.COM>  ")).toBe("john.doe@example.com");
    expect(normalizeAddress("a+tag@x.io")).toBe("a+tag@x.io");
  });

  it("converts Unicode domains to punycode, folds IDNA dots, drops a trailing dot", () => {
    expect(normalizeAddress("info@bücher.de")).toBe("info@xn--bcher-kva.de");
    expect(normalizeAddress("info@BÜCHER.DE")).toBe("info@xn--bcher-kva.de");
    expect(normalizeAddress("a@bücher。de")).toBe("a@xn--bcher-kva.de");
    expect(normalizeAddress("a@bücher．de")).toBe("a@xn--bcher-kva.de");
    expect(normalizeAddress("a@bücher｡de")).toBe("a@xn--bcher-kva.de");
    expect(normalizeAddress("a@example.com.")).toBe("a@example.com");
    expect(normalizeAddress("用户@例子.广告")).toBe("用户@xn--fsqu00a.xn--4rr70v");
    expect(normalizeAddress("a@XN--BCHER-KVA.de")).toBe("a@xn--bcher-kva.de");
  });

  it("agrees on Unicode and punycode spellings of the same address", () => {
    expect(normalizeAddress("x@bücher.de")).toBe(normalizeAddress("X@xn--bcher-kva.DE"));
  });

  it("returns null for things that are not addresses", () => {
    for (const bad of [
      "",
      " ",
      "@",
      "a@",
      "@b.com",
      "a@b",
      "a@localhost",
      "<<<@@@>>>",
      "a b@c.com",
      "a@@b.com",
      "a@-b.com",
      "a@b..com",
      ".a@b.com",
      "a..b@c.com",
      "a@xn--zz.com",
      "a@b_c.com",
      "x".repeat(65) + "@b.com",
    ]) {
      expect(normalizeAddress(bad), bad).toBeNull();
    }
  });

  it("keeps quoted local parts and IP literals", () => {
    expect(normalizeAddress('"John Doe"@Example.com')).toBe('"john doe"@example.com');
    expect(normalizeAddress("root@[192.0.2.1]")).toBe("root@[192.0.2.1]");
  });

  it("exposes domain and local part of the canonical form", () => {
    expect(addressDomain("A@Bücher.de")).toBe("xn--bcher-kva.de");
    expect(addressLocalPart("A.B@x.com")).toBe("a.b");
    expect(addressDomain("nope")).toBeNull();
  });
});
