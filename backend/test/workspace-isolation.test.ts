import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("workspace isolation on %s", (kind) => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const ids = { customer: "", email: "", exclusion: "", version: "", messageId: "" };
  beforeAll(async () => {
    t = await createTestApp(kind);
    a = await t.workspace();
    b = await t.workspace();
    ids.customer = (
      await t.call(a.adminToken, "POST", "/customers", { name: "A's customer", domains: ["a-only.test"] })
    ).body.id;
    const input = emailInput({ from: "someone@a-only.test", to: a.adminEmail });
    ids.messageId = String(input.messageId);
    ids.email = (
      await t.call(a.adminToken, "POST", "/emails/batch", { emails: [input] })
    ).body.results[0].emailId;
    ids.exclusion = (
      await t.call(a.adminToken, "POST", "/exclusions", {
        kind: "domain",
        value: "x.test",
        scope: "workspace",
      })
    ).body.id;
    ids.version = (await t.call(a.adminToken, "GET", "/customer-index")).body.version;
  });
  afterAll(() => t?.close());

  it("answers 401 on every authenticated route without a token or with a wrong one", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const open = new Set(["/health", "/inbound/{key}", "/openapi.json"]);
    let probed = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (open.has(path)) continue;
      for (const method of Object.keys(methods)) {
        const concrete = path.replace("{id}", ids.customer);
        for (const token of [null, "tb_wrong", a.adminToken.slice(0, -2) + "xx"]) {
          const res = await t.call(
            token,
            method.toUpperCase(),
            concrete,
            method === "get" || method === "delete" ? undefined : {},
          );
          expect(res.status, `${method} ${path} with ${token ?? "no token"}`).toBe(401);
          expect(res.body.error.code).toMatch(/unauthorized|invalid_token/);
        }
        probed++;
      }
    }
    expect(probed).toBeGreaterThanOrEqual(20);
  });

  it("answers 404 (never 403) for another workspace's ids on every route that takes one", async () => {
    const probes: [string, string, unknown?][] = [
      ["GET", `/customers/${ids.customer}`],
      ["PATCH", `/customers/${ids.customer}`, { name: "Stolen" }],
      ["DELETE", `/customers/${ids.customer}`],
      ["GET", `/customers/${ids.customer}/emails`],
      ["GET", `/emails/${ids.email}`],
      ["DELETE", `/emails/${ids.email}`],
      ["DELETE", `/exclusions/${ids.exclusion}`],
    ];
    const bMember = await b.member();
    for (const token of [b.adminToken, bMember.token]) {
      for (const [method, path, body] of probes) {
        const res = await t.call(token, method, path, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe("not_found");
        expect(JSON.stringify(res.body)).not.toContain("A's customer");
      }
    }
    // Nothing leaked through the lists, the index, the lookup or the message state either.
    expect((await t.call(b.adminToken, "GET", "/customers")).body.customers).toEqual([]);
    expect((await t.call(b.adminToken, "GET", "/exclusions")).body.exclusions).toEqual([]);
    const index = await t.call(b.adminToken, "GET", `/customer-index?since=${ids.version}`);
    expect(index.body).toMatchObject({ full: true, customers: [], exclusions: [] });
    const look = await t.call(
      b.adminToken,
      "GET",
      `/lookup?email=someone@a-only.test&messageId=${encodeURIComponent(ids.messageId)}`,
    );
    expect(look.body.results[0].customer).toBeNull();
    expect(look.body.message).toMatchObject({ emailId: null, syncedByMe: false });
    // A's data is intact.
    expect((await t.call(a.adminToken, "GET", `/customers/${ids.customer}`)).body.name).toBe("A's customer");
    expect((await t.call(a.adminToken, "GET", `/emails/${ids.email}`)).status).toBe(200);
  });

  it("keeps the same Message-ID apart in two workspaces", async () => {
    await t.call(b.adminToken, "POST", "/customers", { name: "B's customer", domains: ["a-only.test"] });
    const same = emailInput({ from: "someone@a-only.test", to: b.adminEmail, messageId: ids.messageId });
    const res = await t.call(b.adminToken, "POST", "/emails/batch", { emails: [same] });
    expect(res.body.results[0].status).toBe("stored");
    expect(res.body.results[0].emailId).not.toBe(ids.email);
  });

  it("refuses mail at a workspace's BCC address from someone who is not its member", async () => {
    const raw = `From: ${a.adminEmail}\r\nTo: someone@a-only.test\r\nSubject: hi\r\nMessage-ID: <x1@a.test>\r\n\r\nhello\r\n`;
    const res = await t.app.request(`/api/v1/inbound/${b.inboundKey}`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: raw,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("sender_not_member");
    const unknown = await t.app.request("/api/v1/inbound/nosuchkey", { method: "POST", body: raw });
    expect(unknown.status).toBe(404);
  });
});
