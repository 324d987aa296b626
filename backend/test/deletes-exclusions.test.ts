import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExclusionCreatedSchema, ExclusionListSchema } from "../../shared/index";
import { queryRows } from "../src/db/connect";
import { createTestApp, emailInput, type TestApp } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("deletes and exclusions on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  const setup = async () => {
    const ws = await t.workspace({ internalDomains: ["team.test"] });
    const member = await ws.member();
    const customer = (
      await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] })
    ).body.id;
    const store = async (token: string, over: Record<string, unknown>) =>
      (await t.call(token, "POST", "/emails/batch", { emails: [emailInput(over)] })).body.results[0];
    return { ws, member, customer, store };
  };
  /** Whether any row anywhere still holds this text: a delete must really remove the content. */
  const contentExists = async (text: string) =>
    (
      await queryRows<{ n: number }>(
        t.db.database.db,
        sql`select count(*)::int as n from emails where text_body = ${text} or subject = ${text}`,
      )
    )[0].n > 0;

  it("DELETE /emails/:id removes the caller's sync, and the email when nobody else synced it", async () => {
    const { ws, member, customer, store } = await setup();
    const shared = emailInput({
      from: "wile@acme.test",
      to: member.email,
      text: "shared-secret-body",
      sentAt: "2026-04-02T00:00:00Z",
    });
    const older = await store(member.token, {
      from: "wile@acme.test",
      to: member.email,
      sentAt: "2026-04-01T00:00:00Z",
    });
    const a = (await t.call(member.token, "POST", "/emails/batch", { emails: [shared] })).body.results[0];
    await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [shared] });
    expect((await t.call(ws.adminToken, "GET", `/customers/${customer}`)).body.lastTouchAt).toBe(
      "2026-04-02T00:00:00.000Z",
    );

    expect((await t.call(member.token, "DELETE", `/emails/${a.emailId}`)).status).toBe(204);
    const still = (await t.call(member.token, "GET", `/emails/${a.emailId}`)).body;
    expect(still.syncedBy.map((s: { email: string }) => s.email)).toEqual([ws.adminEmail]);
    // A member cannot remove what they did not sync (any more).
    expect((await t.call(member.token, "DELETE", `/emails/${a.emailId}`)).status).toBe(403);
    // The admin deletes it outright; the content is gone and lastTouchAt falls back to the older email.
    expect((await t.call(ws.adminToken, "DELETE", `/emails/${a.emailId}`)).status).toBe(204);
    expect((await t.call(ws.adminToken, "GET", `/emails/${a.emailId}`)).status).toBe(404);
    expect(await contentExists("shared-secret-body")).toBe(false);
    expect((await t.call(ws.adminToken, "GET", `/customers/${customer}`)).body.lastTouchAt).toBe(
      "2026-04-01T00:00:00.000Z",
    );
    const contact = (await t.call(ws.adminToken, "GET", "/lookup?email=wile@acme.test")).body.results[0]
      .contact;
    expect(contact.lastTouchAt).toBe("2026-04-01T00:00:00.000Z");
    expect((await t.call(member.token, "DELETE", `/emails/${older.emailId}`)).status).toBe(204);
    expect((await t.call(ws.adminToken, "GET", `/customers/${customer}`)).body.lastTouchAt).toBeNull();
    expect((await t.call(ws.adminToken, "DELETE", "/emails/em_unknown")).status).toBe(404);
  });

  it("DELETE /me/emails removes everything the caller synced and keeps colleagues' emails", async () => {
    const { ws, member, store } = await setup();
    const mine = await store(member.token, { from: "a@acme.test", to: member.email, text: "only-mine-body" });
    const both = emailInput({ from: "b@acme.test", to: member.email });
    await t.call(member.token, "POST", "/emails/batch", { emails: [both] });
    const bothId = (await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [both] })).body.results[0]
      .emailId;
    const res = await t.call(member.token, "DELETE", "/me/emails");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: 2 });
    expect((await t.call(ws.adminToken, "GET", `/emails/${mine.emailId}`)).status).toBe(404);
    expect(await contentExists("only-mine-body")).toBe(false);
    expect((await t.call(ws.adminToken, "GET", `/emails/${bothId}`)).body.syncedBy).toHaveLength(1);
    expect((await t.call(member.token, "DELETE", "/me/emails")).body).toEqual({ deleted: 0 });
  });

  it("manages exclusions: members their own, admins the workspace's; duplicates are not added twice", async () => {
    const { ws, member } = await setup();
    const own = await t.call(member.token, "POST", "/exclusions", {
      kind: "address",
      value: " Boss@Acme.test ",
    });
    expect(own.status).toBe(201);
    expect(ExclusionCreatedSchema.parse(own.body)).toMatchObject({
      value: "boss@acme.test",
      scope: "user",
      purged: 0,
    });
    const again = await t.call(member.token, "POST", "/exclusions", {
      kind: "address",
      value: "boss@acme.test",
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(own.body.id);
    expect(
      (
        await t.call(member.token, "POST", "/exclusions", {
          kind: "domain",
          value: "x.test",
          scope: "workspace",
        })
      ).status,
    ).toBe(403);
    const wsWide = await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "domain",
      value: "@Family.test",
      scope: "workspace",
    });
    expect(wsWide.body).toMatchObject({ value: "family.test", scope: "workspace" });
    expect(
      (await t.call(member.token, "POST", "/exclusions", { kind: "address", value: "nope" })).status,
    ).toBe(400);
    expect((await t.call(member.token, "POST", "/exclusions", { kind: "phone", value: "1" })).status).toBe(
      400,
    );
    const list = ExclusionListSchema.parse((await t.call(member.token, "GET", "/exclusions")).body);
    expect(list.exclusions.map((e) => e.value).sort()).toEqual(["boss@acme.test", "family.test"]);
    expect((await t.call(ws.adminToken, "GET", "/exclusions")).body.exclusions).toHaveLength(1);
    expect((await t.call(member.token, "DELETE", `/exclusions/${wsWide.body.id}`)).status).toBe(403);
    expect((await t.call(ws.adminToken, "DELETE", `/exclusions/${own.body.id}`)).status).toBe(404);
    expect((await t.call(member.token, "DELETE", `/exclusions/${own.body.id}`)).status).toBe(204);
    expect((await t.call(ws.adminToken, "DELETE", `/exclusions/${wsWide.body.id}`)).status).toBe(204);
    expect((await t.call(member.token, "GET", "/exclusions")).body.exclusions).toEqual([]);
  });

  it("purges stored emails a new exclusion rejects: personal for the caller only, workspace-wide for everyone", async () => {
    const { ws, member, customer } = await setup();
    const fromBoss = emailInput({ from: "boss@acme.test", to: member.email, text: "boss-body" });
    const fromSub = emailInput({ from: "x@eu.legal.acme.test", to: member.email, text: "legal-body" });
    const other = emailInput({ from: "fine@acme.test", to: member.email, text: "fine-body" });
    await t.call(member.token, "POST", "/emails/batch", { emails: [fromBoss, fromSub, other] });
    await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [fromBoss] });

    const personal = await t.call(member.token, "POST", "/exclusions", {
      kind: "address",
      value: "boss@acme.test",
      purge: true,
    });
    expect(personal.body.purged).toBe(1);
    // The admin's sync keeps the email.
    expect(await contentExists("boss-body")).toBe(true);
    const page = (await t.call(member.token, "GET", `/customers/${customer}/emails`)).body.emails;
    expect(page.map((e: { from: string }) => e.from)).toContain("boss@acme.test");

    const workspace = await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "domain",
      value: "legal.acme.test",
      scope: "workspace",
      purge: true,
    });
    expect(workspace.body.purged).toBe(1);
    expect(await contentExists("legal-body")).toBe(false);
    const bossWide = await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "address",
      value: "boss@acme.test",
      scope: "workspace",
      purge: true,
    });
    expect(bossWide.body.purged).toBe(1);
    expect(await contentExists("boss-body")).toBe(false);
    expect(await contentExists("fine-body")).toBe(true);
    // And new syncs of excluded mail are refused.
    const retry = await t.call(member.token, "POST", "/emails/batch", { emails: [fromSub] });
    expect(retry.body.results[0].status).toBe("excluded");
  });
});
