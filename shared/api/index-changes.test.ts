import { describe, expect, it } from "vitest";
import { DEFAULT_INDEX_SETTINGS } from "../classify/types";
import { applyIndexChanges } from "./index-changes";
import { snapshotFromLookup } from "./lookup-snapshot";
import { buildCustomerIndex } from "../classify/customer-index";

const base = {
  version: "1",
  internalDomains: ["us.com"],
  settings: DEFAULT_INDEX_SETTINGS,
  customers: [
    { id: "a", name: "A", domains: ["a.com"] },
    { id: "b", name: "B", domains: ["b.com"] },
  ],
  contacts: [{ id: "k", customerId: "a", address: "x@gmail.com" }],
  exclusions: [{ id: "e", kind: "domain" as const, value: "bad.com", scope: "user" as const }],
};

describe("applyIndexChanges", () => {
  it("applies upserts and removals by id and takes the new version and rules", () => {
    const next = applyIndexChanges(base, {
      full: false,
      since: "1",
      version: "2",
      internalDomains: ["us.com", "us.io"],
      settings: { ...DEFAULT_INDEX_SETTINGS, skipBulk: false },
      customers: {
        upserted: [
          { id: "b", name: "B2", domains: ["b2.com"] },
          { id: "c", name: "C", domains: ["c.com"] },
        ],
        removed: ["a"],
      },
      contacts: { upserted: [], removed: ["k"] },
      exclusions: { upserted: [], removed: [] },
    });
    expect(next.version).toBe("2");
    expect(next.customers).toEqual([
      { id: "b", name: "B2", domains: ["b2.com"] },
      { id: "c", name: "C", domains: ["c.com"] },
    ]);
    expect(next.contacts).toEqual([]);
    expect(next.exclusions).toHaveLength(1);
    expect(next.internalDomains).toEqual(["us.com", "us.io"]);
    expect(next.settings.skipBulk).toBe(false);
  });

  it("replaces everything when the server sent a full snapshot", () => {
    const next = applyIndexChanges(base, { ...base, version: "9", customers: [], full: true });
    expect(next).toEqual({ ...base, version: "9", customers: [] });
  });
});

describe("snapshotFromLookup", () => {
  it("classifies a message like the full index would, from the lookup answer alone", () => {
    const full = buildCustomerIndex(base);
    const message = { from: "x@gmail.com", to: "me@us.com, y@sub.b.com, z@bad.com" };
    const viewer = { addresses: ["me@us.com"] };
    const customer = (id: string) => ({
      ...base.customers.find((c) => c.id === id)!,
      attributes: {},
      lastTouchAt: null,
    });
    const mini = snapshotFromLookup({
      rules: { internalDomains: base.internalDomains, settings: DEFAULT_INDEX_SETTINGS },
      results: [
        {
          email: "x@gmail.com",
          customer: customer("a"),
          contact: { id: "k", firstName: "", lastName: "", lastTouchAt: null },
          recentEmails: [],
          matchedBy: "contact",
          exclusion: null,
        },
        {
          email: "y@sub.b.com",
          customer: customer("b"),
          contact: null,
          recentEmails: [],
          matchedBy: "subdomain",
          exclusion: null,
        },
        {
          email: "z@bad.com",
          customer: null,
          contact: null,
          recentEmails: [],
          matchedBy: null,
          exclusion: base.exclusions[0],
        },
        { email: "me@us.com", customer: null, contact: null, recentEmails: [] },
      ],
    });
    expect(buildCustomerIndex(mini).classify(message, viewer)).toEqual(full.classify(message, viewer));
    const withoutExcluded = { ...message, to: "me@us.com, y@sub.b.com" };
    expect(buildCustomerIndex(mini).classify(withoutExcluded, viewer)).toEqual(
      full.classify(withoutExcluded, viewer),
    );
  });
});
