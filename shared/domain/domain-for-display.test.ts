import { describe, expect, it } from "vitest";
import { normalizeAddress } from "../address/normalize-address";
import { addressForDisplay, domainForDisplay } from "./domain-for-display";

describe("domainForDisplay / addressForDisplay", () => {
  it("shows punycode labels in Unicode", () => {
    expect(domainForDisplay("xn--bcher-kva.de")).toBe("bücher.de");
    expect(domainForDisplay("mail.xn--bcher-kva.de")).toBe("mail.bücher.de");
    expect(addressForDisplay("hana.rossi@xn--bcher-kva.de")).toBe("hana.rossi@bücher.de");
    expect(addressForDisplay("xn--bcher-kva.de")).toBe("bücher.de"); // an exclusion's value may be a domain
  });

  it("leaves ASCII hosts, invalid punycode and text without a domain as they are", () => {
    expect(domainForDisplay("acme.com")).toBe("acme.com");
    expect(domainForDisplay("xn--zz.example")).toBe("xn--zz.example");
    expect(addressForDisplay("not an address")).toBe("not an address");
  });

  it("round-trips with the stored form: display never changes what is matched", () => {
    const stored = normalizeAddress("Hana.Rossi@Bücher.de")!;
    expect(stored).toBe("hana.rossi@xn--bcher-kva.de");
    expect(normalizeAddress(addressForDisplay(stored))).toBe(stored);
  });
});
