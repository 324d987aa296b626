// The web workspace's Conversations, My emails and Admin reads: filters and keyset paging, my counts per client,
// the purge count of a new exclusion, sync health and BCC key rotation (admins only, checked on the server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConversationPageSchema,
  MySyncStateSchema,
  SyncHealthSchema,
  type Conversation,
} from "../../shared/api/workspace-web";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const DAY = 86_400_000;

describe.each(databaseKinds)("conversations, my emails and admin reads on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let member: { token: string; email: string; id: string };
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"], adminEmail: "alex@northwind.test" });
    other = await t.workspace();
    member = await ws.member("mo@northwind.test");
    acme = (await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] })).body
      .id;
    globex = (await t.call(ws.adminToken, "POST", "/customers", { name: "Globex", domains: ["globex.test"] }))
      .body.id;
    const now = Date.now();
    const admins = [0, 1, 2, 3].map((i) =>
      emailInput({
        from: i % 2 ? "alex@northwind.test" : "wile@acme.test",
        to: i % 2 ? "wile@acme.test" : "alex@northwind.test",
        sentAt: new Date(now - (i + 1) * DAY).toISOString(),
        source: "outlook",
      }),
    );
    expect((await t.call(ws.adminToken, "POST", "/emails/batch", { emails: admins })).status).toBe(200);
    const mine = [0, 1].map((i) =>
      emailInput({
        from: "hank@globex.test",
        to: "mo@northwind.test",
        sentAt: new Date(now - (i + 10) * DAY).toISOString(),
        source: "gmail",
      }),
    );
    expect((await t.call(member.token, "POST", "/emails/batch", { emails: mine })).status).toBe(200);
  });
  afterAll(() => t?.close());

  async function all(token: string, query: string): Promise<Conversation[]> {
    const out: Conversation[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        token,
        "GET",
        `/conversations?limit=2&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(res.status).toBe(200);
      const page = ConversationPageSchema.parse(res.body);
      out.push(...page.emails);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  it("lists the workspace's emails newest first and filters them", async () => {
    const everything = await all(member.token, "");
    expect(everything).toHaveLength(6);
    const times = everything.map((e) => Date.parse(e.sentAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(everything[0].customers).toEqual([{ id: acme, name: "Acme" }]);
    expect(everything[0].syncedBy.map((s) => s.name)).toHaveLength(1);
    expect((await all(member.token, `customerId=${globex}`)).every((e) => e.customers[0].id === globex)).toBe(
      true,
    );
    expect(await all(member.token, `userId=${member.id}`)).toHaveLength(2);
    expect(await all(member.token, "direction=outbound")).toHaveLength(2);
    const since = new Date(Date.now() - 5 * DAY).toISOString();
    expect(await all(member.token, `from=${encodeURIComponent(since)}`)).toHaveLength(4);
    expect(await all(other.adminToken, "")).toHaveLength(0);
    expect((await t.call(member.token, "GET", "/conversations?cursor=bad")).status).toBe(400);
  });

  it("tells me what I synced, per client", async () => {
    const state = MySyncStateSchema.parse((await t.call(member.token, "GET", "/me/sync-state")).body);
    expect(state.total).toBe(2);
    expect(state.clients.map((c) => [c.source, c.emails])).toEqual([["gmail", 2]]);
  });

  it("counts what a purge would remove; only admins for the workspace", async () => {
    const count = await t.call(
      ws.adminToken,
      "GET",
      "/exclusions/purge-count?kind=domain&value=acme.test&scope=workspace",
    );
    expect(count.body).toEqual({ emails: 4 });
    const mine = await t.call(
      member.token,
      "GET",
      "/exclusions/purge-count?kind=address&value=hank@globex.test",
    );
    expect(mine.body).toEqual({ emails: 2 });
    const refused = await t.call(
      member.token,
      "GET",
      "/exclusions/purge-count?kind=domain&value=acme.test&scope=workspace",
    );
    expect(refused.status).toBe(403);
  });

  it("keeps the newest refused upload of each member for sync health", async () => {
    const before = SyncHealthSchema.parse((await t.call(ws.adminToken, "GET", "/admin/sync-health")).body);
    expect(before.members.every((m) => m.lastError === null)).toBe(true);
    const bad = { messageId: "<x@acme.test>", from: "wile@acme.test", sentAt: "not a date", source: "gmail" };
    const partly = await t.call(member.token, "POST", "/emails/batch", { emails: [bad] });
    expect(partly.body.results[0].status).toBe("invalid");
    const first = SyncHealthSchema.parse((await t.call(ws.adminToken, "GET", "/admin/sync-health")).body);
    expect(first.members.find((m) => m.email === "mo@northwind.test")?.lastError).toMatchObject({
      client: "gmail",
      code: "invalid_emails",
      message: expect.stringMatching(/^1 of 1 emails were refused: /),
    });
    const tooMany = Array.from({ length: 101 }, () => bad);
    expect((await t.call(member.token, "POST", "/emails/batch", { emails: tooMany })).status).toBe(400);
    const then = SyncHealthSchema.parse((await t.call(ws.adminToken, "GET", "/admin/sync-health")).body);
    const mo = then.members.find((m) => m.email === "mo@northwind.test");
    expect(mo?.lastError).toMatchObject({ client: "gmail", code: "batch_too_large" });
  });

  it("shows sync health and rotates the BCC key for admins only", async () => {
    const health = SyncHealthSchema.parse((await t.call(ws.adminToken, "GET", "/admin/sync-health")).body);
    const byEmail = Object.fromEntries(health.members.map((m) => [m.email, m]));
    expect(byEmail["alex@northwind.test"]).toMatchObject({ emails: 4, lastClient: "outlook", role: "admin" });
    expect(byEmail["mo@northwind.test"]).toMatchObject({ emails: 2, lastClient: "gmail", role: "member" });
    expect((await t.call(member.token, "GET", "/admin/sync-health")).status).toBe(403);
    expect((await t.call(member.token, "POST", "/workspace/inbound-key/rotate")).status).toBe(403);
    const rotated = await t.call(ws.adminToken, "POST", "/workspace/inbound-key/rotate");
    expect(rotated.status).toBe(200);
    expect(rotated.body.inboundAddressKey).not.toBe(ws.inboundKey);
    expect((await t.call(ws.adminToken, "GET", "/workspace")).body.inboundAddressKey).toBe(
      rotated.body.inboundAddressKey,
    );
  });
});
