import { describe, expect, it } from "vitest";
import {
  addressesForDisplay,
  displayName,
  formatRelative,
  matchSentence,
  reasonSentence,
  threadEmails,
} from "./format";
import { summary } from "./testing/fake-ports";

describe("threadEmails", () => {
  it("groups by thread, newest thread first, each thread newest first, duplicates once", () => {
    const threads = threadEmails([
      summary({ id: "a1", threadKey: "A", sentAt: "2026-01-01T00:00:00Z", subject: "Plan" }),
      summary({ id: "b1", threadKey: "B", sentAt: "2026-01-03T00:00:00Z", subject: "Other" }),
      summary({ id: "a2", threadKey: "A", sentAt: "2026-01-05T00:00:00Z", subject: "Re: Plan" }),
      summary({ id: "a2", threadKey: "A", sentAt: "2026-01-05T00:00:00Z", subject: "Re: Plan" }),
    ]);
    expect(threads.map((t) => t.key)).toEqual(["A", "B"]);
    expect(threads[0].emails.map((e) => e.id)).toEqual(["a2", "a1"]);
    expect(threads[0].subject).toBe("Plan");
    expect(threads[0].newest.id).toBe("a2");
  });
});

describe("sentences", () => {
  it("explains every classifier reason in words", () => {
    for (const reason of [
      "no-customer",
      "internal-only",
      "excluded",
      "bulk",
      "auto-reply",
      "no-reply",
      "calendar",
    ] as const) {
      expect(reasonSentence(reason)).toMatch(/^[A-Z].*\.$/);
    }
    expect(reasonSentence("bulk")).toContain("newsletter");
  });

  it("says how an address matched its customer", () => {
    expect(matchSentence({ address: "w@acme.com", via: "contact" }, ["acme.com"])).toBe(
      "w@acme.com is a contact of this customer",
    );
    expect(matchSentence({ address: "w@acme.com", via: "domain" }, ["acme.com"])).toBe(
      "acme.com is this customer's domain",
    );
    expect(matchSentence({ address: "j@eu.umbrella.com", via: "subdomain" }, ["umbrella.com"])).toBe(
      "eu.umbrella.com is a subdomain of umbrella.com",
    );
  });

  it("writes relative times", () => {
    const now = new Date("2026-05-10T12:00:00Z");
    expect(formatRelative("2026-05-10T11:59:40Z", now)).toBe("just now");
    expect(formatRelative("2026-05-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelative("2026-05-08T12:00:00Z", now)).toBe("2 days ago");
    expect(formatRelative(null, now)).toBe("never");
  });

  it("takes the display name of an address header", () => {
    expect(displayName('"Wile E." <w@acme.com>')).toBe("Wile E.");
    expect(displayName("<w@acme.com>")).toBe("w@acme.com");
    expect(displayName("w@acme.com")).toBe("w@acme.com");
    expect(displayName('"Coyote, Wile \\"E.\\"" <w@acme.com>')).toBe('Coyote, Wile "E."');
  });

  it("shows internationalised domains in Unicode", () => {
    expect(displayName("<hana.rossi@xn--bcher-kva.de>")).toBe("hana.rossi@bücher.de");
    expect(addressesForDisplay("Hana Rossi <hana.rossi@xn--bcher-kva.de>")).toBe(
      "Hana Rossi <hana.rossi@bücher.de>",
    );
    expect(
      matchSentence({ address: "hana.rossi@xn--bcher-kva.de", via: "domain" }, ["xn--bcher-kva.de"]),
    ).toBe("bücher.de is this customer's domain");
  });
});
