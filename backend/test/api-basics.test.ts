import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBodySchema, MeSchema, UserSettingsSchema, WorkspaceSchema } from "../../shared/index";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("API basics on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  it("answers health without a token, at /health and /api/v1/health", async () => {
    for (const path of ["/health", "/api/v1/health"]) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: kind });
    }
  });

  it("serves an OpenAPI document listing every endpoint", async () => {
    const res = await t.app.request("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const expected: [string, string][] = [
      ["/me", "get"],
      ["/me/settings", "put"],
      ["/me/emails", "delete"],
      ["/workspace", "patch"],
      ["/customer-index", "get"],
      ["/lookup", "get"],
      ["/emails/batch", "post"],
      ["/emails/{id}", "delete"],
      ["/customers", "post"],
      ["/customers/import", "post"],
      ["/customers/{id}", "patch"],
      ["/customers/{id}/emails", "get"],
      ["/exclusions", "post"],
      ["/exclusions/{id}", "delete"],
      ["/inbound/{key}", "post"],
      ["/health", "get"],
    ];
    for (const [path, method] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it("rejects a missing or wrong token with 401 and the error shape", async () => {
    const missing = await t.call(null, "GET", "/me");
    expect(missing.status).toBe(401);
    expect(ErrorBodySchema.parse(missing.body).error.code).toBe("unauthorized");
    const wrong = await t.call("tb_not-a-real-token", "GET", "/me");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_token");
    const malformed = await t.app.request("/api/v1/me", { headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);
  });

  it("GET /me and GET /workspace describe the caller; only admins see the inbound key", async () => {
    const me = await t.call(ws.adminToken, "GET", "/me");
    expect(me.status).toBe(200);
    expect(MeSchema.parse(me.body)).toMatchObject({
      email: ws.adminEmail,
      role: "admin",
      workspaceId: ws.id,
    });
    const admin = await t.call(ws.adminToken, "GET", "/workspace");
    expect(WorkspaceSchema.parse(admin.body).inboundAddressKey).toBe(ws.inboundKey);
    expect(admin.body.settings).toEqual({
      autoCreateContacts: true,
      lookbackDays: 90,
      skipBulk: true,
      skipAutoReplies: true,
      skipCalendar: true,
      skipNoReply: true,
    });
    const member = await ws.member();
    const seen = await t.call(member.token, "GET", "/workspace");
    expect(seen.status).toBe(200);
    expect(seen.body.inboundAddressKey).toBeUndefined();
  });

  it("PATCH /workspace changes name, domains and settings for admins only, and validates", async () => {
    const ok = await t.call(ws.adminToken, "PATCH", "/workspace", {
      name: "Renamed",
      internalDomains: ["Example.ORG", "@corp.example.com"],
      settings: { lookbackDays: 30, skipBulk: false },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe("Renamed");
    expect(ok.body.internalDomains).toEqual(["example.org", "corp.example.com"]);
    expect(ok.body.settings).toMatchObject({ lookbackDays: 30, skipBulk: false, skipCalendar: true });
    const member = await ws.member();
    expect((await t.call(member.token, "PATCH", "/workspace", { name: "x" })).status).toBe(403);
    const unknownField = await t.call(ws.adminToken, "PATCH", "/workspace", { colour: "red" });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe("invalid_request");
    const badSetting = await t.call(ws.adminToken, "PATCH", "/workspace", {
      settings: { lookbackDays: "ten" },
    });
    expect(badSetting.status).toBe(400);
    const badDomain = await t.call(ws.adminToken, "PATCH", "/workspace", {
      internalDomains: ["not a domain"],
    });
    expect(badDomain.status).toBe(400);
    expect(badDomain.body.error.message).toContain("not a domain");
  });

  it("GET/PUT /me/settings round-trips and rejects bad values", async () => {
    const member = await ws.member();
    const initial = await t.call(member.token, "GET", "/me/settings");
    expect(UserSettingsSchema.parse(initial.body).lookbackDays).toBe(90);
    const next = {
      outlookFolders: ["Inbox", "Customers"],
      gmailLabels: ["INBOX"],
      lookbackDays: 14,
      autoSyncOnOpen: false,
    };
    const saved = await t.call(member.token, "PUT", "/me/settings", next);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(next);
    expect((await t.call(member.token, "GET", "/me/settings")).body).toEqual(next);
    expect((await t.call(member.token, "PUT", "/me/settings", { ...next, lookbackDays: 0 })).status).toBe(
      400,
    );
    expect((await t.call(member.token, "PUT", "/me/settings", { ...next, extra: 1 })).status).toBe(400);
    // Another user's settings are untouched.
    expect((await t.call(ws.adminToken, "GET", "/me/settings")).body.lookbackDays).toBe(90);
  });

  it("answers malformed JSON, wrong types and unknown routes with a 4xx JSON error, never a 500", async () => {
    const malformed = await t.call(ws.adminToken, "POST", "/customers", "{not json");
    expect(malformed.status).toBe(400);
    expect(ErrorBodySchema.parse(malformed.body).error.message).toMatch(/JSON/);
    const wrongType = await t.call(ws.adminToken, "POST", "/customers", { name: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe("name");
    const unknown = await t.app.request("/nope");
    expect(unknown.status).toBe(404);
    expect(ErrorBodySchema.parse(await unknown.json()).error.code).toBe("not_found");
    const unknownApi = await t.call(ws.adminToken, "GET", "/nope");
    expect(unknownApi.status).toBe(404);
    // A JSON route sent another body type: 415 with a sentence that names the header to send.
    for (const [method, path] of [
      ["PATCH", "/workspace"],
      ["POST", "/customers"],
    ] as const) {
      const plain = await t.call(ws.adminToken, method, path, "{}", { "content-type": "text/plain" });
      expect(plain.status).toBe(415);
      expect(ErrorBodySchema.parse(plain.body).error).toEqual({
        code: "unsupported_media_type",
        message: "This request's body must be JSON: send it with the header Content-Type: application/json.",
      });
    }
    // The CSV import says what it takes itself.
    const json = await t.call(ws.adminToken, "POST", "/customers/import", { name: "x" });
    expect(json.status).toBe(415);
    expect(json.body.error.message).toBe("Send the CSV file with Content-Type: text/csv.");
  });

  it("answers CORS preflights for the add-ins and exposes ETag", async () => {
    // The add-in's pages are served by this server, so their requests come from its own origin.
    const res = await t.app.request("/api/v1/customer-index", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization, if-none-match",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("if-none-match");
    const get = await t.app.request("/api/v1/me", {
      headers: { origin: "http://localhost", authorization: `Bearer ${ws.adminToken}` },
    });
    expect(get.headers.get("access-control-expose-headers")).toContain("ETag");
    const elsewhere = await t.app.request("/api/v1/me", {
      headers: { origin: "https://outlook.office.com", authorization: `Bearer ${ws.adminToken}` },
    });
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves a landing page or the harness redirect at /, and 404 JSON for missing add-in files", async () => {
    const root = await t.app.request("/");
    expect([200, 302]).toContain(root.status);
    if (root.status === 302) expect(root.headers.get("location")).toBe("/outlook/harness.html");
    else expect(await root.text()).toContain("npm run build");
    const missing = await t.app.request("/outlook/definitely-not-there.js");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const escape = await t.app.request("/outlook/..%2F..%2Fpackage.json");
    expect(escape.status).toBe(404);
  });

  it("does not hand out the harness config in-process (not a loopback socket) or when disabled", async () => {
    const res = await t.app.request("/harness/config.json");
    expect(res.status).toBe(404);
  });
});

describe.each(databaseKinds)("limits on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind, { rateLimitPerMinute: 5, bodyLimitBytes: 10_000 });
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  it("rate-limits per token with 429 and Retry-After, leaving other tokens alone", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.call(ws.adminToken, "GET", "/me")).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await t.call(ws.adminToken, "GET", "/me");
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await ws.member();
    expect((await t.call(other.token, "GET", "/me")).status).toBe(200);
  });

  it("refuses a body over the configured limit with 413", async () => {
    const other = await ws.member();
    const big = {
      emails: [
        { messageId: "<a@b.c>", from: "a@b.com", sentAt: "2026-01-01T00:00:00Z", text: "x".repeat(20_000) },
      ],
    };
    const res = await t.call(other.token, "POST", "/emails/batch", big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });
});
