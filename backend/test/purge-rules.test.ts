// An exclusion never reaches the workspace's own mail: one's own address and the internal domains are refused, and
// a purge removes exactly what the classifier now rejects as `excluded`, as each user who synced it sees it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/connect";
import { createTestApp, emailInput, type TestApp } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("exclusion and purge rules on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  const store = async (token: string, over: Record<string, unknown>) =>
    (await t.call(token, "POST", "/emails/batch", { emails: [emailInput(over)] })).body.results[0] as {
      status: string;
      emailId: string;
    };
  const syncers = async (emailId: string) =>
    (
      await queryRows<{ email: string }>(
        t.db.database.db,
        sql`select u.email from email_syncs s join users u on u.id = s.user_id where s.email_id = ${emailId} order by u.email`,
      )
    ).map((r) => r.email);

  it("refuses to exclude one's own address or the workspace's internal domains, with a sentence", async () => {
    const ws = await t.workspace({ internalDomains: ["eu.team.test"], adminEmail: "boss@eu.team.test" });
    const member = await ws.member("rep@eu.team.test");
    const own = await t.call(member.token, "POST", "/exclusions", {
      kind: "address",
      value: "Rep@EU.team.test",
    });
    expect(own.status).toBe(400);
    expect(own.body.error).toMatchObject({ code: "own_address" });
    expect(own.body.error.message).toMatch(/^You cannot exclude your own address/);
    for (const value of ["eu.team.test", "@team.test"]) {
      const res = await t.call(ws.adminToken, "POST", "/exclusions", {
        kind: "domain",
        value,
        scope: "workspace",
      });
      expect(res.status, value).toBe(400);
      expect(res.body.error.code).toBe("internal_domain");
      expect(res.body.error.message).toContain("internal domain eu.team.test");
    }
    // A part of the company's domain that sends its own mail (a newsletter host) may be excluded.
    const news = await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "domain",
      value: "news.eu.team.test",
      scope: "workspace",
    });
    expect(news.status).toBe(201);
    expect((await t.call(ws.adminToken, "GET", "/exclusions")).body.exclusions).toHaveLength(1);
  });

  it("a personal exclusion of one's own domain purges only mail with someone else there", async () => {
    const ws = await t.workspace({ internalDomains: [], adminEmail: "alice@alpha.test" });
    await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
    const justUs = await store(ws.adminToken, { from: "wile@acme.test", to: "alice@alpha.test" });
    const withBob = await store(ws.adminToken, {
      from: "wile@acme.test",
      to: "alice@alpha.test",
      cc: "bob@alpha.test",
    });
    expect([justUs.status, withBob.status]).toEqual(["stored", "stored"]);
    const res = await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "domain",
      value: "alpha.test",
      purge: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.purged).toBe(1);
    expect((await t.call(ws.adminToken, "GET", `/emails/${justUs.emailId}`)).status).toBe(200);
    expect((await t.call(ws.adminToken, "GET", `/emails/${withBob.emailId}`)).status).toBe(404);
  });

  it("a workspace exclusion of a colleague removes only the syncs of those who now see that mail as excluded", async () => {
    const ws = await t.workspace({ internalDomains: ["team.test"], adminEmail: "boss@team.test" });
    const rep = await ws.member("rep@team.test");
    await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
    // Rep's own mail (rep is the viewer: never excluded for rep).
    const repsOwn = await store(rep.token, {
      from: "wile@acme.test",
      to: "rep@team.test",
      subject: "reps-own",
    });
    // The boss's mail with rep in copy, synced by the boss only.
    const bossOnly = await store(ws.adminToken, {
      from: "wile@acme.test",
      to: "boss@team.test",
      cc: "rep@team.test",
    });
    // Synced by both.
    const shared = emailInput({ from: "wile@acme.test", to: "boss@team.test", cc: "rep@team.test" });
    await t.call(rep.token, "POST", "/emails/batch", { emails: [shared] });
    const both = (await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [shared] })).body.results[0];
    expect(await syncers(both.emailId)).toEqual(["boss@team.test", "rep@team.test"]);

    const res = await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "address",
      value: "rep@team.test",
      scope: "workspace",
      purge: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.purged).toBe(1); // the boss-only email
    expect(await syncers(repsOwn.emailId)).toEqual(["rep@team.test"]);
    expect((await t.call(ws.adminToken, "GET", `/emails/${bossOnly.emailId}`)).status).toBe(404);
    expect(await syncers(both.emailId)).toEqual(["rep@team.test"]);
    // What a sync would now decide, the purge decided.
    expect(
      (await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [shared] })).body.results[0].status,
    ).toBe("excluded");
    expect(
      (await t.call(rep.token, "POST", "/emails/batch", { emails: [shared] })).body.results[0].status,
    ).toBe("duplicate");
  });
});
