// Property-based tests: the core never throws on arbitrary strings, normalization is idempotent, and a
// classification does not depend on the order participants are listed in or on letter case.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCustomerIndex,
  contactName,
  dedupeKey,
  isPersonalDomain,
  normalizeAddress,
  parseAddressList,
  registrableDomain,
  threadKey,
  CLASSIFICATION_REASONS,
  type MailMessage,
} from "../index";
import { KEY_SNAPSHOT } from "./key-cases";

const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'<>@.,;:"()\\ \t=?[]abcXYZ09-_+ü。'), maxLength: 120 }),
);
const RUNS = { numRuns: 1500 };

describe("never throws on any string", () => {
  it("parseAddressList returns only usable addresses", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const list = parseAddressList(s);
        for (const entry of list) {
          expect(typeof entry.name).toBe("string");
          expect(normalizeAddress(entry.address)).not.toBeNull();
        }
      }),
      RUNS,
    );
  });

  it("normalizeAddress, registrableDomain, isPersonalDomain, contactName, dedupeKey, threadKey", () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        normalizeAddress(a);
        registrableDomain(a);
        isPersonalDomain(a);
        contactName(a, b);
        dedupeKey({ from: a, subject: b, date: b });
        threadKey({ messageId: a, references: b });
      }),
      RUNS,
    );
  });

  it("the classifier", () => {
    const index = buildCustomerIndex(KEY_SNAPSHOT);
    fc.assert(
      fc.property(anyString, anyString, anyString, anyString, anyString, (from, to, cc, subject, header) => {
        const c = index.classify(
          { from, to, cc, subject, headers: { [header]: subject, Precedence: header } },
          { addresses: [to] },
        );
        expect(CLASSIFICATION_REASONS).toContain(c.reason);
        expect(c.related).toBe(c.reason === "customer");
      }),
      RUNS,
    );
  });
});

describe("the classifier is total on values of any type (it has no catch-all to hide a crash)", () => {
  it("never throws", () => {
    const index = buildCustomerIndex(KEY_SNAPSHOT);
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (from, to, headers, viewer) => {
        const c = index.classify(
          { from, to, headers, subject: to } as unknown as MailMessage,
          viewer as { addresses: string[] },
        );
        expect(CLASSIFICATION_REASONS).toContain(c.reason);
      }),
      RUNS,
    );
  });
});

describe("normalizeAddress is idempotent", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const once = normalizeAddress(s);
        if (once !== null) expect(normalizeAddress(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it("on real-looking addresses, including IDN ones, and ignores letter case", () => {
    const idnDomain = fc.constantFrom(
      "bücher.de",
      "例子.广告",
      "münchen.example",
      "ÉCOLE.fr",
      "xn--bcher-kva.de",
    );
    const address = fc.oneof(
      fc.emailAddress(),
      fc
        .tuple(
          fc
            .array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 3 })
            .map((w) => w.join(".")),
          idnDomain,
        )
        .map(([l, d]) => `${l}@${d}`),
    );
    fc.assert(
      fc.property(address, fc.boolean(), (a, upper) => {
        const once = normalizeAddress(a);
        expect(once).not.toBeNull();
        expect(normalizeAddress(once!)).toBe(once);
        expect(normalizeAddress(upper ? a.toUpperCase() : a.toLowerCase())).toBe(
          normalizeAddress(a.toLowerCase()),
        );
      }),
      RUNS,
    );
  });
});

describe("classification does not depend on participant order or letter case", () => {
  const pool = [
    "jane.roe@acme.com",
    "Ops <ops@mail.globex.io>",
    "hank.scorpio@gmail.com",
    "x.y@eu.umbrella.com",
    "z@umbrella.com",
    "kunde@bücher.de",
    "friend@gmail.com",
    "stranger@notacme.com",
    "boss@northwind-cs.com",
    "me@northwind-cs.com",
    "info@acme.com",
    "gossip@acme.com",
    "counsel@lawfirm.com",
    '"Doe, John" <john.doe@acme.com>',
  ];
  const flipCase = (s: string, seed: number) =>
    s.replace(/[a-zü]+@[^>\s]+|[a-z.]+@[^>\s]+/g, (addr) =>
      seed % 2 ? addr.toUpperCase() : addr.replace(/^./, (c) => c.toUpperCase()),
    );
  const participants = fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 8 });

  it("shuffling participants across from/to/cc and flipping case gives the same result", () => {
    const index = buildCustomerIndex(KEY_SNAPSHOT);
    const viewer = { addresses: ["me@northwind-cs.com"] };
    fc.assert(
      fc.property(participants, fc.integer({ min: 0, max: 1000 }), (list, seed) => {
        const [from, ...rest] = list;
        const message: MailMessage = { from, to: rest.join(", ") };
        const shuffled = fc.sample(
          fc.shuffledSubarray(rest, { minLength: rest.length, maxLength: rest.length }),
          { seed, numRuns: 1 },
        )[0];
        const other: MailMessage = {
          from: flipCase(from, seed),
          to: shuffled
            .slice(0, seed % (rest.length + 1))
            .map((p) => flipCase(p, seed))
            .join("; "),
          cc: shuffled
            .slice(seed % (rest.length + 1))
            .map((p) => flipCase(p, seed + 1))
            .join(", "),
        };
        expect(index.classify(other, viewer)).toEqual(index.classify(message, viewer));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the fast path of the address parser agrees with the full RFC 5322 parser", () => {
  it("on simple headers", async () => {
    const { parseAddressesNormalized, parseFull } = await import("../address/parse-address-list");
    const name = fc
      .array(fc.constantFrom("Jane", "Roe", "J.", "O'Neil", "Mary-Ann", "ü", "x"), { maxLength: 3 })
      .map((w) => w.join(" "));
    const addr = fc.constantFrom(
      "a@x.com",
      "Jane.Roe@Acme.COM",
      "k@bücher.de",
      "bad@",
      "x@y",
      "o'neil@x.io",
      "a+b@sub.x.co.uk",
    );
    const entry = fc.tuple(name, addr, fc.boolean()).map(([n, a, angle]) => (angle || n ? `${n} <${a}>` : a));
    const header = fc
      .tuple(fc.array(entry, { maxLength: 5 }), fc.constantFrom(", ", ",", "; ", ";"))
      .map(([e, sep]) => e.join(sep));
    fc.assert(
      fc.property(header, (h) => {
        expect(parseAddressesNormalized(h)).toEqual(parseFull(h));
      }),
      RUNS,
    );
  });
});
