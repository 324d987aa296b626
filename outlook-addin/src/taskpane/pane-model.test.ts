import { describe, expect, it } from "vitest";
import { buildCustomerIndex } from "../../../shared";
import { localModel, withLookup, withoutLookup } from "./pane-model";
import { lookupFor, openMessage, SNAPSHOT, VIEWER } from "./testing/fake-ports";

const local = { index: buildCustomerIndex(SNAPSHOT), snapshot: SNAPSHOT };
const viewer = { addresses: [VIEWER] };

describe("localModel", () => {
  it("names the customer and why it matched, before any network answer", () => {
    const model = localModel(openMessage(), local, viewer);
    expect(model.related).toBe(true);
    expect(model.state).toEqual({ kind: "checking" });
    expect(model.customers).toHaveLength(1);
    expect(model.customers[0]).toMatchObject({
      id: "c-acme",
      name: "Acme Corporation",
      matchedBy: [{ address: "wile.coyote@acme.com", via: "contact" }],
      profile: null,
    });
    expect(model.lookupEmails).toEqual(["wile.coyote@acme.com"]);
  });

  it("tells a subdomain match from a domain match and marks a new address as a contact to create", () => {
    const model = localModel(
      openMessage({
        from: { name: "Jill Valentine", address: "jill@eu.umbrella.com" },
        cc: [{ name: "", address: "bob@umbrella.com" }],
      }),
      local,
      viewer,
    );
    const byId = Object.fromEntries(model.customers.map((c) => [c.id, c]));
    expect(byId["c-umb-eu"].matchedBy).toEqual([{ address: "jill@eu.umbrella.com", via: "domain" }]);
    expect(byId["c-umb"].matchedBy).toEqual([{ address: "bob@umbrella.com", via: "domain" }]);
    expect(byId["c-umb-eu"].contacts).toEqual([
      { address: "jill@eu.umbrella.com", name: "Jill Valentine", contact: null, willBeCreated: true },
    ]);
  });

  it("says why an email is not a customer email", () => {
    const model = localModel(openMessage({ from: { name: "Mom", address: "mom@gmail.com" } }), local, viewer);
    expect(model.related).toBe(false);
    expect(model.state).toEqual({ kind: "not-customer", reason: "no-customer", emailId: null });
    // A personal provider's domain is never offered for "Exclude domain".
    expect(model.sender).toMatchObject({ address: "mom@gmail.com", domain: null });
  });

  it("shows an excluded sender as excluded", () => {
    const excluded = {
      ...SNAPSHOT,
      exclusions: [
        { id: "x", kind: "address" as const, value: "wile.coyote@acme.com", scope: "user" as const },
      ],
    };
    const model = localModel(
      openMessage(),
      { index: buildCustomerIndex(excluded), snapshot: excluded },
      viewer,
    );
    expect(model.state).toEqual({ kind: "excluded", emailId: null });
    expect(model.sender?.excluded).toBe(true);
  });

  it("classifies internal-only mail with nothing to ask the server", () => {
    const model = localModel(
      openMessage({ from: { name: "Sam", address: "sam@northwind-cs.com" } }),
      local,
      viewer,
    );
    expect(model.reason).toBe("internal-only");
    expect(model.related).toBe(false);
    expect(model.lookupEmails).toEqual([]);
  });

  it("looks up a customer email with its customer participants only: not a stranger or a colleague on Cc", () => {
    const model = localModel(
      openMessage({
        cc: [
          { name: "Mom", address: "mom.family@gmail.com" },
          { name: "Sam", address: "sam@northwind-cs.com" },
          { name: "Jo", address: "jo@eu.umbrella.com" },
        ],
      }),
      local,
      viewer,
    );
    expect(model.related).toBe(true);
    expect(model.lookupEmails.sort()).toEqual(["jo@eu.umbrella.com", "wile.coyote@acme.com"]);
  });

  it("has nothing to look up for a stranger's email or an excluded sender's", () => {
    const stranger = localModel(
      openMessage({ from: { name: "Mom", address: "mom.family@gmail.com" } }),
      local,
      viewer,
    );
    expect(stranger.state).toMatchObject({ kind: "not-customer", reason: "no-customer" });
    expect(stranger.lookupEmails).toEqual([]);
  });
});

describe("withLookup", () => {
  const message = openMessage();
  const base = localModel(message, local, viewer);

  it("fills in the profile, the contact and the history, and reports a stored email as synced", () => {
    const model = withLookup(base, lookupFor(message, { emailId: "e-42" }), false);
    expect(model.state).toEqual({ kind: "synced", emailId: "e-42", syncedByMe: true });
    expect(model.customers[0].profile?.attributes.owner).toBe("Alex Admin");
    expect(model.customers[0].contacts[0].contact?.firstName).toBe("Wile");
    expect(model.customers[0].history.map((e) => e.id)).toEqual(["e1"]);
    expect(model.profilesLoaded).toBe(true);
  });

  it("offers Sync when the email is not stored, and shows pending while it waits in the outbox", () => {
    expect(withLookup(base, lookupFor(message), false).state).toEqual({ kind: "not-synced" });
    expect(withLookup(base, lookupFor(message), true).state).toEqual({ kind: "pending" });
  });

  it("keeps a stored but excluded email removable", () => {
    const excluded = { ...base, state: { kind: "excluded" as const, emailId: null } };
    expect(withLookup(excluded, lookupFor(message, { emailId: "e-9" }), false).state).toEqual({
      kind: "excluded",
      emailId: "e-9",
    });
  });

  it("without an answer, still offers to sync a customer email", () => {
    expect(withoutLookup(base, false).state).toEqual({ kind: "not-synced" });
    const notCustomer = {
      ...base,
      state: { kind: "not-customer" as const, reason: "bulk" as const, emailId: null },
    };
    expect(withoutLookup(notCustomer, false)).toBe(notCustomer);
  });
});
