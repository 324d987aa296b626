import { describe, expect, it } from "vitest";
import { engineFor, backendSideForSuite } from "./testing/sync-fixture";

describe("customer-index cache against the real backend", () => {
  const side = backendSideForSuite();

  it("downloads once, then costs one conditional request answered 304 while nothing changes", async () => {
    const engine = await engineFor(side, null);
    side.proxy.requests.length = 0;
    expect(await engine.index.refresh({ force: true })).toEqual({ changed: true });
    expect(
      engine.index
        .current()
        ?.snapshot.customers.map((c) => c.name)
        .sort(),
    ).toEqual(["Acme Corporation", "Globex", "Initech"]);
    expect(await engine.index.refresh({ force: true })).toEqual({ changed: false });
    expect(await engine.index.refresh()).toEqual({ changed: false }); // fresh: no request at all
    const requests = side.proxy.requests.filter((r) => r.path.startsWith("/api/v1/customer-index"));
    expect(requests.map((r) => r.status)).toEqual([200, 304]);
    expect(requests[1].headers["if-none-match"]).toBe(engine.index.current()?.etag);
    expect(requests[1].path).toContain("since=");
    await engine.close();
  });

  it("applies changes (a new customer, an exclusion) and classifies with them", async () => {
    const engine = await engineFor(side, null);
    await engine.index.refresh({ force: true });
    const message = { from: "ceo@hooli.xyz", to: "admin@touchbase.local", subject: "Hi" };
    expect((await engine.index.classify(message)).reason).toBe("no-customer");
    const hooli = await side.direct.createCustomer({ name: "Hooli", domains: ["hooli.xyz"] });
    expect(await engine.index.refresh({ force: true })).toEqual({ changed: true });
    const verdict = await engine.index.classify(message);
    expect(verdict).toMatchObject({ related: true, customers: [{ customerId: hooli.id }] });

    const result = await engine.exclude({ kind: "domain", value: "hooli.xyz" });
    expect((await engine.index.classify(message)).reason).toBe("excluded");
    await result.undo();
    expect((await engine.index.classify(message)).related).toBe(true);
    await side.direct.deleteCustomer(hooli.id);
    await engine.close();
  });

  it("survives a reload: the snapshot is classified from IndexedDB before any request", async () => {
    const first = await engineFor(side, null);
    await first.index.refresh({ force: true });
    await first.close();
    side.proxy.setTarget(null);
    try {
      const second = await engineFor(side, null, { storeName: first.storePrefix });
      expect(second.index.current()).not.toBeNull();
      expect(
        (await second.index.classify({ from: "a@globex.io", to: "admin@touchbase.local" })).related,
      ).toBe(true);
      await second.close();
    } finally {
      side.proxy.setTarget(side.backend.url);
    }
  });
});
