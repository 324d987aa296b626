import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmailBatchResponseSchema, EmailDetailSchema } from "../../shared/index";
import { queryRows } from "../src/db/connect";
import { createTestApp, emailInput, type TestApp, type TestEmail, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("POST /emails/batch on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let acme = "";
  let globex = "";
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
    acme = (await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] })).body
      .id;
    globex = (await t.call(ws.adminToken, "POST", "/customers", { name: "Globex", domains: ["globex.test"] }))
      .body.id;
  });
  afterAll(() => t?.close());

  const batch = (token: string, emails: unknown[]) => t.call(token, "POST", "/emails/batch", { emails });
  const count = async (table: string, where = "true") =>
    (
      await queryRows<{ n: number }>(
        t.db.database.db,
        sql.raw(`select count(*)::int as n from ${table} where ${where}`),
      )
    )[0].n;

  it("answers one result per item, in order: stored, not-customer, excluded, invalid", async () => {
    await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "address",
      value: "blocked@acme.test",
      scope: "workspace",
    });
    const items = [
      emailInput({ from: "Wile <wile@acme.test>", to: ws.adminEmail, cc: "Hank <hank@globex.test>" }),
      emailInput({ from: "Friend <friend@unknown.test>", to: ws.adminEmail }),
      emailInput({ from: "blocked@acme.test", to: ws.adminEmail }),
      { ...emailInput(), sentAt: "yesterday" },
      emailInput({ from: "no address here" }),
      "not an object",
      emailInput({ from: "colleague@northwind.test", to: ws.adminEmail }),
      emailInput({
        from: "news@acme.test",
        to: ws.adminEmail,
        headers: { "List-Unsubscribe": "<mailto:x@acme.test>" },
      }),
    ];
    const res = await batch(ws.adminToken, items);
    expect(res.status).toBe(200);
    const { results } = EmailBatchResponseSchema.parse(res.body);
    expect(results.map((r) => r.status)).toEqual([
      "stored",
      "not-customer",
      "excluded",
      "invalid",
      "invalid",
      "invalid",
      "not-customer",
      "not-customer",
    ]);
    expect(results[0].customerIds?.sort()).toEqual([acme, globex].sort());
    expect(results[0].messageId).toBe((items[0] as { messageId: string }).messageId);
    expect(results[1].reason).toBe("no-customer");
    expect(results[2].reason).toBe("excluded");
    expect(results[3].reason).toContain("sentAt");
    expect(results[6].reason).toBe("internal-only");
    expect(results[7].reason).toBe("bulk");
    // Only the customer email was written.
    expect(await count("emails", `workspace_id = '${ws.id}'`)).toBe(1);
    const detail = EmailDetailSchema.parse(
      (await t.call(ws.adminToken, "GET", `/emails/${results[0].emailId}`)).body,
    );
    expect(detail.direction).toBe("inbound");
    expect(detail.syncedBy.map((s) => s.email)).toEqual([ws.adminEmail]);
    expect(detail.customerIds.sort()).toEqual([acme, globex].sort());
    expect(detail.source).toBe("import");
    expect(detail.html).toBeNull();
    expect(detail.text).toBe((items[0] as TestEmail).text);
    expect(detail.cc).toBe("Hank <hank@globex.test>");
  });

  it("re-classifies as the caller sees it: a member's own exclusion rejects, the client's claim does not matter", async () => {
    const member = await ws.member();
    await t.call(member.token, "POST", "/exclusions", { kind: "domain", value: "globex.test" });
    const item = emailInput({ from: "Hank <hank@globex.test>", to: member.email });
    expect((await batch(member.token, [item])).body.results[0].status).toBe("excluded");
    expect((await batch(ws.adminToken, [item])).body.results[0].status).toBe("stored");
  });

  it("is idempotent: a retry and a colleague's sync store one email listing both syncers", async () => {
    const member = await ws.member();
    const item = emailInput({
      from: "Wile <wile@acme.test>",
      to: `${ws.adminEmail}, ${member.email}`,
      messageId: "<Same-ID@Mail.test>",
    });
    const first = await batch(ws.adminToken, [item]);
    expect(first.body.results[0].status).toBe("stored");
    const retry = await batch(ws.adminToken, [item, { ...item, messageId: "  <same-id@mail.TEST>  " }]);
    expect(retry.body.results.map((r: { status: string }) => r.status)).toEqual(["duplicate", "duplicate"]);
    const colleague = await batch(member.token, [item]);
    expect(colleague.body.results[0]).toMatchObject({
      status: "duplicate",
      emailId: first.body.results[0].emailId,
    });
    const detail = (await t.call(ws.adminToken, "GET", `/emails/${first.body.results[0].emailId}`)).body;
    expect(detail.syncedBy.map((s: { email: string }) => s.email).sort()).toEqual(
      [ws.adminEmail, member.email].sort(),
    );
    expect(await count("emails", "message_key = 'same-id@mail.test'")).toBe(1);
  });

  it("stores each email once when the same batch is sent many times concurrently", async () => {
    const items = Array.from({ length: 40 }, () =>
      emailInput({ from: "Wile <wile@acme.test>", to: ws.adminEmail }),
    );
    const members = await Promise.all([ws.member(), ws.member(), ws.member()]);
    const responses = await Promise.all(
      [ws.adminToken, ...members.map((m) => m.token), ws.adminToken].map((token) => batch(token, items)),
    );
    const statuses = responses.flatMap((r) => r.body.results.map((x: { status: string }) => x.status));
    expect(statuses.every((s) => s === "stored" || s === "duplicate")).toBe(true);
    expect(statuses.filter((s) => s === "stored")).toHaveLength(40);
    const ids = items.map((i) => String(i.messageId).slice(1, -1).toLowerCase());
    expect(await count("emails", `message_key in (${ids.map((i) => `'${i}'`).join(",")})`)).toBe(40);
    expect(
      await count(
        "email_syncs s join emails e on e.id = s.email_id",
        `e.message_key in (${ids.map((i) => `'${i}'`).join(",")})`,
      ),
    ).toBe(160);
  });

  it("creates contacts from new participants when allowed, and updates lastTouchAt", async () => {
    const w = await t.workspace({ internalDomains: ["team.test"] });
    const c = (
      await t.call(w.adminToken, "POST", "/customers", { name: "Initech", domains: ["initech.test"] })
    ).body.id;
    await batch(w.adminToken, [
      emailInput({
        from: "Peter Gibbons <peter.gibbons@initech.test>",
        to: w.adminEmail,
        sentAt: "2026-03-01T09:00:00Z",
      }),
      emailInput({ from: w.adminEmail, to: "support@initech.test", sentAt: "2026-03-05T09:00:00Z" }),
    ]);
    const contacts = (await t.call(w.adminToken, "GET", "/customer-index")).body.contacts;
    expect(contacts.map((x: { address: string }) => x.address)).toEqual(["peter.gibbons@initech.test"]);
    expect((await t.call(w.adminToken, "GET", `/customers/${c}`)).body.lastTouchAt).toBe(
      "2026-03-05T09:00:00.000Z",
    );
    const look = await t.call(w.adminToken, "GET", "/lookup?email=peter.gibbons@initech.test");
    expect(look.body.results[0].contact).toMatchObject({
      firstName: "Peter",
      lastName: "Gibbons",
      lastTouchAt: "2026-03-01T09:00:00.000Z",
    });
    // An older email does not move lastTouchAt back.
    await batch(w.adminToken, [
      emailInput({ from: "peter.gibbons@initech.test", to: w.adminEmail, sentAt: "2025-01-01T00:00:00Z" }),
    ]);
    expect((await t.call(w.adminToken, "GET", `/customers/${c}`)).body.lastTouchAt).toBe(
      "2026-03-05T09:00:00.000Z",
    );
    await t.call(w.adminToken, "PATCH", "/workspace", { settings: { autoCreateContacts: false } });
    await batch(w.adminToken, [emailInput({ from: "milton@initech.test", to: w.adminEmail })]);
    expect((await t.call(w.adminToken, "GET", "/customer-index")).body.contacts).toHaveLength(1);
  });

  it("computes direction and thread keys with the core", async () => {
    const root = emailInput({ from: ws.adminEmail, to: "wile@acme.test", messageId: "<root-1@mail.test>" });
    const reply = emailInput({
      from: "wile@acme.test",
      to: ws.adminEmail,
      inReplyTo: "<root-1@mail.test>",
      references: "<root-1@mail.test>",
    });
    const res = await batch(ws.adminToken, [root, reply]);
    const [a, b] = await Promise.all(
      res.body.results.map(
        async (r: { emailId: string }) => (await t.call(ws.adminToken, "GET", `/emails/${r.emailId}`)).body,
      ),
    );
    expect(a.direction).toBe("outbound");
    expect(b.direction).toBe("inbound");
    expect(a.threadKey).toBe("root-1@mail.test");
    expect(b.threadKey).toBe("root-1@mail.test");
    expect(b.threadCount).toBe(2);
  });

  it("rejects a bad envelope as a whole with a 4xx", async () => {
    const token = ws.adminToken;
    expect((await t.call(token, "POST", "/emails/batch", "[1,2]")).status).toBe(400);
    expect((await t.call(token, "POST", "/emails/batch", { mails: [] })).status).toBe(400);
    expect((await t.call(token, "POST", "/emails/batch", { emails: [] })).body.error.code).toBe(
      "empty_batch",
    );
    const tooMany = await batch(
      token,
      Array.from({ length: 101 }, () => emailInput()),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe("batch_too_large");
    expect((await t.call(token, "POST", "/emails/batch", "{oops")).body.error.code).toBe("malformed_json");
    expect((await t.call(token, "POST", "/emails/batch", "x", { "content-type": "text/plain" })).status).toBe(
      415,
    );
  });
});
