import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CustomerImportResultSchema,
  CustomerListSchema,
  CustomerSchema,
  EmailPageSchema,
} from "../../shared/index";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("customers on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  it("creates a customer (201), reads, patches and deletes it", async () => {
    const created = await t.call(ws.adminToken, "POST", "/customers", {
      name: "Acme",
      domains: ["ACME.test", "@acme-corp.test"],
      attributes: { plan: "Enterprise", arr: 1000, active: true },
    });
    expect(created.status).toBe(201);
    const c = CustomerSchema.parse(created.body);
    expect(c.domains).toEqual(["acme.test", "acme-corp.test"]);
    expect(c.lastTouchAt).toBeNull();
    expect((await t.call(ws.adminToken, "GET", `/customers/${c.id}`)).body).toMatchObject({ name: "Acme" });
    const patched = await t.call(ws.adminToken, "PATCH", `/customers/${c.id}`, {
      name: "Acme Inc",
      domains: ["acme.test"],
      attributes: { plan: "Business" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "Acme Inc",
      domains: ["acme.test"],
      attributes: { plan: "Business" },
    });
    expect((await t.call(ws.adminToken, "DELETE", `/customers/${c.id}`)).status).toBe(204);
    expect((await t.call(ws.adminToken, "GET", `/customers/${c.id}`)).status).toBe(404);
    expect((await t.call(ws.adminToken, "DELETE", `/customers/${c.id}`)).status).toBe(404);
  });

  it("gives a domain to one customer only (409 naming the owner) and frees it on delete", async () => {
    const a = await t.call(ws.adminToken, "POST", "/customers", { name: "Owner", domains: ["owned.test"] });
    const clash = await t.call(ws.adminToken, "POST", "/customers", {
      name: "Other",
      domains: ["Owned.test"],
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: "domain_taken" });
    expect(clash.body.error.message).toContain('"Owner"');
    // Nothing of the failed customer was kept.
    const list = await t.call(ws.adminToken, "GET", "/customers?q=Other");
    expect(list.body.customers).toHaveLength(0);
    const b = await t.call(ws.adminToken, "POST", "/customers", { name: "Second", domains: ["second.test"] });
    expect(
      (await t.call(ws.adminToken, "PATCH", `/customers/${b.body.id}`, { domains: ["owned.test"] })).status,
    ).toBe(409);
    await t.call(ws.adminToken, "DELETE", `/customers/${a.body.id}`);
    expect(
      (await t.call(ws.adminToken, "PATCH", `/customers/${b.body.id}`, { domains: ["owned.test"] })).status,
    ).toBe(200);
  });

  it("validates input: empty name, bad domains, unknown fields", async () => {
    expect((await t.call(ws.adminToken, "POST", "/customers", { name: " " })).status).toBe(400);
    const bad = await t.call(ws.adminToken, "POST", "/customers", { name: "X", domains: ["exa mple"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_domain");
    expect((await t.call(ws.adminToken, "POST", "/customers", { name: "X", color: "red" })).status).toBe(400);
    expect((await t.call(ws.adminToken, "PATCH", "/customers/cus_nope", { name: "Y" })).status).toBe(404);
  });

  it("lists customers by name with search and keyset paging", async () => {
    const w = await t.workspace();
    for (const name of ["delta", "Alpha", "charlie", "Bravo", "echo"]) {
      await t.call(w.adminToken, "POST", "/customers", { name, domains: [`${name.toLowerCase()}.test`] });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.call(
        w.adminToken,
        "GET",
        `/customers?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const parsed = CustomerListSchema.parse(page.body);
      expect(parsed.customers.length).toBeLessThanOrEqual(2);
      seen.push(...parsed.customers.map((c) => c.name));
      cursor = parsed.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Alpha", "Bravo", "charlie", "delta", "echo"]);
    expect(
      (await t.call(w.adminToken, "GET", "/customers?q=ARL")).body.customers.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(["charlie"]);
    expect((await t.call(w.adminToken, "GET", "/customers?q=echo.test")).body.customers).toHaveLength(1);
    expect((await t.call(w.adminToken, "GET", "/customers?cursor=garbage")).status).toBe(400);
    expect((await t.call(w.adminToken, "GET", "/customers?limit=0")).status).toBe(400);
  });

  it("imports CSV (created, updated, per-line errors) and exports it again", async () => {
    const w = await t.workspace();
    await t.call(w.adminToken, "POST", "/customers", {
      name: "Existing",
      domains: ["existing.test"],
      attributes: { tier: "A" },
    });
    const csv = [
      "name,domains,owner,arr",
      'Existing,existing.test;existing.example,"Doe, Jane",1200',
      "New Co,newco.test,Sam,500",
      ",nameless.test,,",
      "Clash,newco.test,,",
      "Broken,not a domain,,",
    ].join("\r\n");
    const res = await t.call(w.adminToken, "POST", "/customers/import", csv, { "content-type": "text/csv" });
    expect(res.status).toBe(200);
    const result = CustomerImportResultSchema.parse(res.body);
    expect(result.created).toBe(1);
    expect(result.updated).toBe(1);
    expect(result.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(result.errors[1].message).toContain("newco.test");
    const existing = (await t.call(w.adminToken, "GET", "/customers?q=Existing")).body.customers[0];
    expect(existing.domains).toEqual(["existing.test", "existing.example"]);
    expect(existing.attributes).toEqual({ tier: "A", owner: "Doe, Jane", arr: 1200 });
    const exported = await t.app.request("/api/v1/customers/export", {
      headers: { authorization: `Bearer ${w.adminToken}` },
    });
    expect(exported.headers.get("content-type")).toContain("text/csv");
    const text = await exported.text();
    expect(text.split("\r\n")[0]).toBe("name,domains,arr,owner,tier,lastTouchAt");
    expect(text).toContain('Existing,existing.test;existing.example,1200,"Doe, Jane",A,');
    const member = await w.member();
    expect(
      (await t.call(member.token, "POST", "/customers/import", csv, { "content-type": "text/csv" })).status,
    ).toBe(403);
    expect((await t.call(w.adminToken, "POST", "/customers/import", { x: 1 })).status).toBe(415);
  });

  it("pages a customer's history newest first with thread counts, and deleting the customer deletes its emails", async () => {
    const w = await t.workspace();
    const c = (
      await t.call(w.adminToken, "POST", "/customers", { name: "History", domains: ["history.test"] })
    ).body;
    const root = emailInput({
      from: "Pat <pat@history.test>",
      to: w.adminEmail,
      sentAt: "2026-02-01T10:00:00Z",
    });
    const items = [root];
    for (let i = 1; i <= 6; i++) {
      items.push(
        emailInput({
          from: "Pat <pat@history.test>",
          to: w.adminEmail,
          sentAt: `2026-02-0${i + 1}T10:00:00Z`,
          ...(i <= 2 ? { inReplyTo: root.messageId, references: root.messageId } : {}),
        }),
      );
    }
    const stored = await t.call(w.adminToken, "POST", "/emails/batch", { emails: items });
    expect(stored.body.results.every((r: { status: string }) => r.status === "stored")).toBe(true);
    const pages: string[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const res = await t.call(
        w.adminToken,
        "GET",
        `/customers/${c.id}/emails?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const page = EmailPageSchema.parse(res.body);
      if (first) expect(page.emails[0].sentAt).toBe("2026-02-07T10:00:00.000Z");
      first = false;
      pages.push(...page.emails.map((e) => e.sentAt));
      for (const e of page.emails) {
        expect(e.threadCount).toBe(e.threadKey === root.messageId.slice(1, -1).toLowerCase() ? 3 : 1);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toHaveLength(7);
    expect([...pages].sort().reverse()).toEqual(pages);
    const customer = (await t.call(w.adminToken, "GET", `/customers/${c.id}`)).body;
    expect(customer.lastTouchAt).toBe("2026-02-07T10:00:00.000Z");
    const emailId = stored.body.results[0].emailId;
    const forged = Buffer.from("1|em_x").toString("base64url");
    expect((await t.call(w.adminToken, "GET", `/customers/${c.id}/emails?cursor=${forged}`)).status).toBe(
      400,
    );
    expect((await t.call(w.adminToken, "DELETE", `/customers/${c.id}`)).status).toBe(204);
    expect((await t.call(w.adminToken, "GET", `/emails/${emailId}`)).status).toBe(404);
    expect((await t.call(w.adminToken, "GET", `/customers/${c.id}/emails`)).status).toBe(404);
  });

  it("survives an export imported again unchanged: computed columns are not attributes, text stays text", async () => {
    const w = await t.workspace();
    const attributes = {
      plan: "Business",
      arr: 120000,
      active: true,
      zip: "02134",
      note: 'Says "hi", often',
      churn: null,
    };
    const a = (
      await t.call(w.adminToken, "POST", "/customers", {
        name: "Round Trip",
        domains: ["round.test"],
        attributes,
      })
    ).body;
    await t.call(w.adminToken, "POST", "/customers", {
      name: "Plain",
      domains: ["plain.test", "plain.example"],
    });
    await t.call(w.adminToken, "POST", "/emails/batch", {
      emails: [emailInput({ from: "x@round.test", to: w.adminEmail })],
    });
    const before = (await t.call(w.adminToken, "GET", "/customers")).body.customers;
    expect(before.find((c: { id: string }) => c.id === a.id).lastTouchAt).not.toBeNull();
    const exported = await (
      await t.app.request("/api/v1/customers/export", {
        headers: { authorization: `Bearer ${w.adminToken}` },
      })
    ).text();
    expect(exported.split("\r\n")[0]).toContain("lastTouchAt");
    // Other tools' computed columns are skipped too.
    const withIds = exported.replace(/^name,/, "id,name,").replace(/\r\n(?=.)/g, "\r\nx,");
    const version = (await t.call(w.adminToken, "GET", "/customer-index")).body.version;
    for (const csv of [exported, withIds]) {
      const res = await t.call(w.adminToken, "POST", "/customers/import", csv, {
        "content-type": "text/csv",
      });
      // Nothing is written: the rows are "unchanged", updatedAt and the index version stay as they were.
      expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 2, errors: [] });
      const after = (await t.call(w.adminToken, "GET", "/customers")).body.customers;
      expect(after).toEqual(before);
      expect((await t.call(w.adminToken, "GET", "/customer-index")).body.version).toBe(version);
    }
  });
});
