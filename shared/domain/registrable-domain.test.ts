import { describe, expect, it } from "vitest";
import { isPublicSuffix, registrableDomain } from "./registrable-domain";

describe("registrableDomain", () => {
  it("finds eTLD+1 by the ICANN Public Suffix List", () => {
    expect(registrableDomain("user@mail.acme.co.uk")).toBe("acme.co.uk");
    expect(registrableDomain("acme.com")).toBe("acme.com");
    expect(registrableDomain("a.b.c.acme.com.au")).toBe("acme.com.au");
    expect(registrableDomain("MAIL.ACME.COM.")).toBe("acme.com");
    expect(registrableDomain("<x@Sub.Example.org>")).toBe("example.org");
  });

  it("answers in ASCII for Unicode input", () => {
    expect(registrableDomain("x@mail.bücher.de")).toBe("xn--bcher-kva.de");
    expect(registrableDomain("例子.中国")).toBe(registrableDomain("xn--fsqu00a.xn--fiqs8s"));
  });

  it("uses the ICANN section only: private suffixes do not split domains", () => {
    expect(registrableDomain("someone.github.io")).toBe("github.io");
    expect(registrableDomain("x.blogspot.com")).toBe("blogspot.com");
  });

  it("is null for IPs, literals, non-public suffixes, bare suffixes and empty input", () => {
    for (const v of [
      "10.0.0.1",
      "user@[192.0.2.1]",
      "[2001:db8::1]",
      "intranet.local",
      "acme.internal",
      "localhost",
      "com",
      "co.uk",
      "",
      "   ",
      "<<<@@@>>>",
    ]) {
      expect(registrableDomain(v), v).toBeNull();
    }
  });

  it("knows public suffixes", () => {
    expect(isPublicSuffix("co.uk")).toBe(true);
    expect(isPublicSuffix("acme.co.uk")).toBe(false);
  });
});
