import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyIndexChanges,
  CustomerIndexChangesSchema,
  CustomerIndexSnapshotSchema,
  type CustomerIndexSince,
} from "../../shared/index";
import { callerIndex } from "../src/data/customer-index";
import { loadWorkspaceSnapshot } from "../src/data/index-rows";
import { findCallerByToken, type Caller } from "../src/data/workspaces";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

type Snapshot = Parameters<typeof applyIndexChanges>[0];

describe.each(databaseKinds)("GET /customer-index on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
  });
  afterAll(() => t?.close());

  const index = (token: string, query = "", headers: Record<string, string> = {}) =>
    t.call(token, "GET", `/customer-index${query}`, undefined, headers);

  it("returns the caller's snapshot with an ETag, and 304 while nothing changes", async () => {
    await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
    const first = await index(ws.adminToken);
    expect(first.status).toBe(200);
    const snap = CustomerIndexSnapshotSchema.parse(first.body);
    expect(snap.customers.map((c) => c.domains)).toEqual([["acme.test"]]);
    expect(snap.internalDomains).toEqual(["northwind.test"]);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await index(ws.adminToken, "", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    const sinceSame = await index(ws.adminToken, `?since=${snap.version}`, { "if-none-match": etag });
    expect(sinceSame.status).toBe(304);
    const sinceNoEtag = await index(ws.adminToken, `?since=${snap.version}`);
    expect(CustomerIndexChangesSchema.parse(sinceNoEtag.body)).toMatchObject({
      full: false,
      since: snap.version,
      version: snap.version,
      customers: { upserted: [], removed: [] },
    });
  });

  it("changes the version for every kind of change, and ?since= reports exactly what changed", async () => {
    const w = await t.workspace({ internalDomains: ["team.test"] });
    const member = await w.member();
    const other = await w.member();
    const base = (await index(member.token)).body as Snapshot & { version: string };
    let local: Snapshot = base;
    let version = base.version;
    let etag = (await index(member.token)).headers.get("etag") as string;

    const step = async (
      label: string,
      change: () => Promise<unknown>,
      check: (d: CustomerIndexSince) => void,
    ) => {
      await change();
      const unchanged = await index(member.token, "", { "if-none-match": etag });
      expect(unchanged.status, `${label}: ETag must change`).toBe(200);
      etag = unchanged.headers.get("etag") as string;
      const diff = await index(member.token, `?since=${version}`);
      expect(diff.status).toBe(200);
      const body = diff.body as CustomerIndexSince;
      expect(body.full, label).toBe(false);
      check(body);
      local = applyIndexChanges(local, body);
      version = body.version;
      // Applying the changes gives exactly the full snapshot.
      const full = (await index(member.token)).body as NonNullable<Snapshot>;
      const sortById = <T extends { id?: string }>(xs: T[]) =>
        [...xs].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect(sortById(local.customers), label).toEqual(sortById(full.customers));
      expect(sortById(local.contacts), label).toEqual(sortById(full.contacts));
      expect(sortById(local.exclusions), label).toEqual(sortById(full.exclusions));
      expect(local.internalDomains).toEqual(full.internalDomains);
      expect(local.settings).toEqual(full.settings);
    };

    let customerId = "";
    await step(
      "customer created",
      async () => {
        customerId = (
          await t.call(w.adminToken, "POST", "/customers", { name: "Globex", domains: ["globex.test"] })
        ).body.id;
      },
      (d) => expect(d.full === false && d.customers.upserted.map((c) => c.id)).toEqual([customerId]),
    );
    await step(
      "domains changed",
      () =>
        t.call(w.adminToken, "PATCH", `/customers/${customerId}`, {
          domains: ["globex.test", "globex.example"],
        }),
      (d) =>
        expect(d.full === false && d.customers.upserted[0].domains).toEqual([
          "globex.test",
          "globex.example",
        ]),
    );
    await step(
      "contact auto-created by a sync",
      () =>
        t.call(member.token, "POST", "/emails/batch", {
          emails: [emailInput({ from: "Hank <hank@globex.test>", to: member.email })],
        }),
      (d) =>
        expect(d.full === false && d.contacts.upserted.map((c) => c.address)).toEqual(["hank@globex.test"]),
    );
    let exclusionId = "";
    await step(
      "own exclusion",
      async () => {
        exclusionId = (
          await t.call(member.token, "POST", "/exclusions", { kind: "address", value: "spam@globex.test" })
        ).body.id;
      },
      (d) => expect(d.full === false && d.exclusions.upserted.map((e) => e.id)).toEqual([exclusionId]),
    );
    await step(
      "workspace exclusion",
      () =>
        t.call(w.adminToken, "POST", "/exclusions", {
          kind: "domain",
          value: "gossip.test",
          scope: "workspace",
        }),
      (d) => expect(d.full === false && d.exclusions.upserted.map((e) => e.value)).toEqual(["gossip.test"]),
    );
    await step(
      "exclusion removed",
      () => t.call(member.token, "DELETE", `/exclusions/${exclusionId}`),
      (d) => expect(d.full === false && d.exclusions.removed).toEqual([exclusionId]),
    );
    await step(
      "internal domains changed",
      () => t.call(w.adminToken, "PATCH", "/workspace", { internalDomains: ["team.test", "team2.test"] }),
      (d) => expect(d.internalDomains).toEqual(["team.test", "team2.test"]),
    );
    await step(
      "settings changed",
      () => t.call(w.adminToken, "PATCH", "/workspace", { settings: { skipBulk: false } }),
      (d) => expect(d.settings.skipBulk).toBe(false),
    );
    const contactIds = local.contacts.map((c) => c.id);
    await step(
      "customer deleted",
      () => t.call(w.adminToken, "DELETE", `/customers/${customerId}`),
      (d) => {
        expect(d.full === false && d.customers.removed).toEqual([customerId]);
        expect(d.full === false && d.contacts.removed).toEqual(contactIds);
      },
    );
    // Someone else's personal exclusion is never shown to this member.
    await t.call(other.token, "POST", "/exclusions", { kind: "domain", value: "private.test" });
    const after = await index(member.token, `?since=${version}`);
    expect(after.body.exclusions).toEqual({ upserted: [], removed: [] });
    expect((await index(other.token)).body.exclusions.map((e: { value: string }) => e.value)).toContain(
      "private.test",
    );
  });

  it("answers the whole snapshot (full: true) when the version cannot be diffed", async () => {
    for (const since of ["garbage", "zzzz.1", "9999999"]) {
      const res = await index(ws.adminToken, `?since=${since}`);
      expect(res.status).toBe(200);
      expect(res.body.full).toBe(true);
      expect(CustomerIndexSnapshotSchema.parse(res.body).customers.length).toBeGreaterThan(0);
    }
    const current = (await index(ws.adminToken)).body.version as string;
    const [epoch, seq] = current.split(".");
    expect((await index(ws.adminToken, `?since=${epoch}.${Number(seq) + 5}`)).body.full).toBe(true);
  });

  it("keeps two workspaces' indexes apart and two users' ETags apart", async () => {
    const other = await t.workspace();
    const mine = (await index(ws.adminToken)).body;
    const theirs = (await index(other.adminToken)).body;
    expect(theirs.customers).toEqual([]);
    expect(mine.customers.length).toBeGreaterThan(0);
    const foreign = await index(other.adminToken, `?since=${mine.version}`);
    expect(foreign.body.full).toBe(true);
    expect(foreign.body.customers).toEqual([]);
    const member = await ws.member();
    const a = await index(ws.adminToken);
    const b = await index(member.token, "", { "if-none-match": a.headers.get("etag") as string });
    expect(b.status).toBe(200);
  });

  it("keeps one built index per workspace version, shared by its users; a user's own exclusions lie over it", async () => {
    const shared = await t.workspace({ internalDomains: ["team.test"] });
    await t.call(shared.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
    const member = await shared.member("rep@team.test");
    const excluded = await t.call(member.token, "POST", "/exclusions", {
      kind: "address",
      value: "lawyer@acme.test",
    });
    expect(excluded.status).toBe(201);
    const db = t.db.database.db;
    const callerOf = async (token: string) => (await findCallerByToken(db, token)) as Caller;
    const admin = await callerIndex(db, await callerOf(shared.adminToken));
    const rep = await callerIndex(db, await callerOf(member.token));
    expect(rep.base).toBe(admin.base);
    expect(rep.base.index).toBe(admin.index); // the admin has no exclusions of their own: the base itself
    expect(rep.index).not.toBe(admin.index);
    expect(admin.index.matchAddress("lawyer@acme.test").exclusion).toBeUndefined();
    expect(rep.index.matchAddress("lawyer@acme.test").exclusion).toMatchObject({
      id: excluded.body.id,
      scope: "user",
    });
    expect(admin.snapshot.exclusions).toEqual([]);
    expect(rep.snapshot.exclusions.map((e) => e.id)).toEqual([excluded.body.id]);
    expect(JSON.parse(rep.json)).toEqual(rep.snapshot);
    expect(JSON.parse(admin.json)).toEqual(admin.snapshot);

    // A change moves both to one new shared base; the member's overlay follows it.
    await t.call(shared.adminToken, "POST", "/customers", { name: "Globex", domains: ["globex.test"] });
    const admin2 = await callerIndex(db, await callerOf(shared.adminToken));
    const rep2 = await callerIndex(db, await callerOf(member.token));
    expect(admin2.base).not.toBe(admin.base);
    expect(rep2.base).toBe(admin2.base);
    expect(rep2.index.matchAddress("x@globex.test").customerId).toBeDefined();
    expect(rep2.index.matchAddress("lawyer@acme.test").excluded).toBe(true);
    // A sync that creates a contact moves the shared base on (applied straight from the sync's own write); the
    // member's overlay carries over with its exclusion.
    const synced = await t.call(shared.adminToken, "POST", "/emails/batch", {
      emails: [emailInput({ from: "Road Runner <road.runner@globex.test>", to: shared.adminEmail })],
    });
    expect(synced.body.results[0].status).toBe("stored");
    const admin3 = await callerIndex(db, await callerOf(shared.adminToken));
    const rep25 = await callerIndex(db, await callerOf(member.token));
    expect(rep25.base).toBe(admin3.base);
    expect(admin3.base.seq).toBe((await callerOf(shared.adminToken)).workspace.indexSeq);
    expect(admin3.index.matchAddress("road.runner@globex.test").via).toBe("contact");
    expect(rep25.index.matchAddress("road.runner@globex.test").via).toBe("contact");
    expect(rep25.index.matchAddress("lawyer@acme.test").excluded).toBe(true);
    // Exactly what a fresh read of the database gives.
    const fresh = await loadWorkspaceSnapshot(db, (await callerOf(shared.adminToken)).workspace);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect([...admin3.base.snapshot.contacts].sort(byId)).toEqual(fresh.contacts);
    expect([...admin3.base.snapshot.customers].sort(byId)).toEqual(fresh.customers);
    expect(admin3.base.snapshot.version).toBe(fresh.version);
    // Removing the member's exclusion reaches their overlay (it is re-read when the version moves).
    await t.call(member.token, "DELETE", `/exclusions/${excluded.body.id}`);
    const rep3 = await callerIndex(db, await callerOf(member.token));
    expect(rep3.index.matchAddress("lawyer@acme.test").excluded).toBe(false);
    expect(rep3.index).toBe(rep3.base.index);
  });
});
