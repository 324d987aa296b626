// Inputs that used to give a 500 or hold the server, the rate limits as an abuser meets them, and the headers
// every response carries.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { addressKey, WindowCounters } from "../src/http/rate-limit";
import { OFFICE_FRAME_ANCESTORS } from "../src/http/security-headers";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds, openTestDatabase, tempDir, type TestDatabase } from "./test-databases";

describe.each(databaseKinds)("inputs that used to fail on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
    await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
  });
  afterAll(() => t?.close());

  it("PATCH /workspace with {} answers the workspace unchanged", async () => {
    const before = (await t.call(ws.adminToken, "GET", "/workspace")).body;
    const res = await t.call(ws.adminToken, "PATCH", "/workspace", {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before);
    expect((await t.call(ws.adminToken, "PATCH", "/workspace", { settings: {} })).status).toBe(200);
  });

  it("a lone surrogate in a Message-ID makes that item invalid, stores the rest, and a retry agrees", async () => {
    const good = emailInput({ from: "wile@acme.test", to: ws.adminEmail });
    const broken = emailInput({
      from: "wile@acme.test",
      to: ws.adminEmail,
      messageId: "<half-\uD83D@acme.test>",
    });
    const brokenBody = emailInput({ from: "wile@acme.test", to: ws.adminEmail, text: "cut \uDE00 emoji" });
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await t.call(ws.adminToken, "POST", "/emails/batch", {
        emails: [good, broken, brokenBody],
      });
      expect(res.status).toBe(200);
      const [a, b, c] = res.body.results;
      expect(a.status).toBe(attempt === 0 ? "stored" : "duplicate");
      expect(b).toMatchObject({ status: "invalid" });
      expect(b.reason).toMatch(/^messageId: .*surrogate/);
      expect(c.status).toBe(attempt === 0 ? "stored" : "duplicate");
      const detail = (await t.call(ws.adminToken, "GET", `/emails/${c.emailId}`)).body;
      expect(detail.text).toBe("cut \uFFFD emoji");
    }
  });

  it("sentAt more than a day ahead is refused per item; within a day it is stored", async () => {
    const future = emailInput({
      from: "wile@acme.test",
      to: ws.adminEmail,
      sentAt: "9999-12-31T00:00:00Z",
    });
    const tomorrow = emailInput({
      from: "wile@acme.test",
      to: ws.adminEmail,
      sentAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    const soon = emailInput({
      from: "wile@acme.test",
      to: ws.adminEmail,
      sentAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const res = await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [future, tomorrow, soon] });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      "invalid",
      "invalid",
      "stored",
    ]);
    expect(res.body.results[0].reason).toMatch(/more than a day in the future/);
    const customer = (await t.call(ws.adminToken, "GET", "/customers?q=Acme")).body.customers[0];
    expect(new Date(customer.lastTouchAt).getTime()).toBeLessThan(Date.now() + 86_400_000);
  });

  it("an item naming 10,000 recipients is refused with a reason; its batch is stored", async () => {
    const crowd = Array.from({ length: 10_000 }, (_, i) => `p${i}@acme.test`).join(", ");
    const big = emailInput({ from: "wile@acme.test", to: ws.adminEmail, cc: crowd.slice(0, 64_000) });
    const bigger = emailInput({
      from: "wile@acme.test",
      to: crowd.slice(0, 64_000),
      cc: crowd.slice(64_000, 128_000),
      bcc: ws.adminEmail,
    });
    const fine = emailInput({ from: "wile@acme.test", to: ws.adminEmail });
    const res = await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [big, bigger, fine] });
    expect(res.status).toBe(200);
    const [a, b, c] = res.body.results;
    expect(a.status).toBe("invalid");
    expect(a.reason).toMatch(/recipients; an email may name at most 500/);
    expect(b.status).toBe("invalid");
    expect(c.status).toBe("stored");
  });
});

describe.each(databaseKinds)("recipient budget of a batch on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
    await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
  });
  afterAll(() => t?.close());

  it("stores a batch's emails up to 5,000 recipients in all; the later ones are invalid with a reason", async () => {
    const emails = Array.from({ length: 14 }, (_, k) =>
      emailInput({
        from: ws.adminEmail,
        to: Array.from({ length: 400 }, (_, i) => `p${k}x${i}@acme.test`).join(", "),
      }),
    );
    emails.push(emailInput({ from: "wile@acme.test", to: ws.adminEmail }));
    const res = await t.call(ws.adminToken, "POST", "/emails/batch", { emails });
    expect(res.status).toBe(200);
    const statuses = res.body.results.map((r: { status: string }) => r.status);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill("stored"));
    expect(statuses.slice(12, 14)).toEqual(["invalid", "invalid"]);
    expect(res.body.results[12].reason).toMatch(
      /more than 5000 recipients in all; send this email in a smaller batch/,
    );
    expect(statuses[14]).toBe("stored");
  });
});

describe.each(databaseKinds)("rate limits on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      rateLimitPerMinute: 4,
      publicRateLimit: { perKey: 3, perAddress: 5 },
      trustProxy: true,
    });
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  it("counts a user's requests however the Authorization header is spelled, and across their tokens", async () => {
    const m = await ws.member();
    const spellings = [
      `Bearer ${m.token}`,
      `bearer   ${m.token}`,
      `BEARER ${m.token}  `,
      `Bearer ${m.token}`,
    ];
    for (const authorization of spellings) {
      const res = await t.app.request("/api/v1/me", { headers: { authorization } });
      expect(res.status).toBe(200);
    }
    const limited = await t.app.request("/api/v1/me", { headers: { authorization: `bEaReR ${m.token}` } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await t.call(ws.adminToken, "GET", "/me")).status).toBe(200);
  });

  it("limits the BCC address per inbound key and per client address, with 429 and Retry-After", async () => {
    const send = (key: string, address: string) =>
      t.app.request(`/api/v1/inbound/${key}`, {
        method: "POST",
        headers: { "content-type": "message/rfc822", "x-forwarded-for": `198.51.100.1, ${address}` },
        body: "From: nobody@nowhere.test\r\n\r\nhi\r\n",
      });
    // Per key: three messages from three addresses, the fourth is refused whatever its address.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(ws.inboundKey, `203.0.113.${i}`)).status);
    expect(statuses.slice(0, 3).every((s) => s === 403)).toBe(true);
    const limited = await send(ws.inboundKey.toUpperCase(), "203.0.113.99");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/this address/);
    // Per address: guessing keys from one address is cut off after five tries.
    const guesses = [];
    for (let i = 0; i < 7; i++) guesses.push((await send(`guess${i}`, "192.0.2.7")).status);
    expect(guesses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(guesses.slice(5)).toEqual([429, 429]);
  });

  it("cuts off an address that guesses tokens, before looking them up, and only that address", async () => {
    const from = (address: string, token: string) =>
      t.app.request("/api/v1/me", {
        headers: { authorization: `Bearer ${token}`, "x-forwarded-for": address },
      });
    const good = (await ws.member()).token;
    // Five refused guesses from one address, and a good token from it still works meanwhile: only refusals count.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await from("192.0.2.50", `tb_guess_${i}`)).status);
    statuses.push((await from("192.0.2.50", good)).status);
    for (let i = 3; i < 5; i++) statuses.push((await from("192.0.2.50", `tb_guess_${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 200, 401, 401]);
    // Past the limit, every request from that address waits out the minute, whatever token it carries.
    const limited = await from("192.0.2.50", "tb_guess_5");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(
      /Too many refused credentials from this address; try again in \d+ seconds/,
    );
    expect((await from("192.0.2.50", good)).status).toBe(429);
    // Another address, with the same good token: answered.
    expect((await from("192.0.2.51", good)).status).toBe(200);
    // Guesses sent all at once are counted as they arrive, not as they are refused: five are looked up, no more.
    const burst = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => (await from("192.0.2.60", `tb_burst_${i}`)).status),
    );
    expect(burst.filter((s) => s === 401)).toHaveLength(5);
    expect(burst.filter((s) => s === 429)).toHaveLength(7);
  });

  it("limits the sign-in routes per client address, and counts guessed session cookies", async () => {
    const get = (path: string, address: string, cookie?: string) =>
      t.app.request(path, { headers: { "x-forwarded-for": address, ...(cookie ? { cookie } : {}) } });
    // Guessing one-time sign-in links: five tries from one address, then 429 with Retry-After.
    const links = [];
    for (let i = 0; i < 7; i++) links.push((await get(`/auth/link/guess${i}`, "192.0.2.70")).status);
    expect(links.slice(0, 5).every((s) => s !== 429 && s < 500)).toBe(true);
    expect(links.slice(5)).toEqual([429, 429]);
    expect((await get("/auth/link/guess9", "192.0.2.71")).status).not.toBe(429);
    // Guessing session cookies: refused five times, then cut off before the lookup.
    const sessions = [];
    for (let i = 0; i < 6; i++)
      sessions.push((await get("/api/v1/session", "192.0.2.80", `tb_session=guess${i}`)).status);
    expect(sessions).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("counts an IPv6 client by its /64, which it can rotate through, and an IPv4-mapped one as IPv4", () => {
    expect(addressKey("2001:db8:1:2::a")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:3::a")).toBe("2001:db8:1:3::/64");
    expect(addressKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("unknown")).toBe("unknown");
  });

  it("keeps counters in a bounded LRU: a flood of new keys neither grows it nor frees a limited key", () => {
    let now = 0;
    const counters = new WindowCounters(2, 1000, () => now);
    counters.hit("abuser");
    counters.hit("abuser");
    expect(counters.hit("abuser")).not.toBeNull();
    for (let i = 0; i < 20_000; i++) {
      counters.hit(`noise${i}`);
      if (i % 100 === 0) counters.hit("abuser"); // still active, so never the least recently used
    }
    expect(counters.size).toBe(1000);
    expect(counters.hit("abuser")).not.toBeNull();
    now += 60_000;
    expect(counters.hit("abuser")).toBeNull();
  });
});

describe("security headers and CORS", () => {
  let db: TestDatabase;
  let app: ReturnType<typeof buildApp>;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const staticDir = tempDir();
    mkdirSync(join(staticDir, "assets"));
    for (const page of ["taskpane.html", "harness.html", "harness-taskpane.html"]) {
      writeFileSync(join(staticDir, page), "<!doctype html><title>x</title>");
    }
    app = buildApp({
      database: db.database,
      rateLimitPerMinute: 0,
      bodyLimitBytes: 1 << 20,
      staticDir,
      corsOrigins: ["https://crm.example"],
      harness: () => null,
    });
  });
  afterAll(() => db?.dispose());

  const csp = (res: Response) => res.headers.get("content-security-policy") ?? "";
  const directive = (policy: string, name: string) =>
    policy
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `))
      ?.split(/\s+/)
      .slice(1) ?? [];

  it("sends nosniff, Referrer-Policy and a CSP on every response; HSTS only over HTTPS", async () => {
    for (const path of ["/health", "/api/v1/health", "/api/v1/me", "/nowhere", "/outlook/taskpane.html"]) {
      const res = await app.request(path, { headers: { host: "localhost:3000" } });
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(csp(res), path).toMatch(/frame-ancestors/);
      expect(res.headers.get("strict-transport-security"), path).toBeNull();
    }
    expect(csp(await app.request("/api/v1/health"))).toBe("default-src 'none'; frame-ancestors 'none'");
    const secure = await app.request("https://touchbase.example/health");
    expect(secure.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  });

  it("lets only Office's web hosts frame the add-in pages, and only this server frame the harness", async () => {
    const pane = csp(await app.request("/outlook/taskpane.html", { headers: { host: "addin.example" } }));
    const ancestors = directive(pane, "frame-ancestors");
    expect(ancestors).toEqual(
      expect.arrayContaining(["'self'", "https://outlook.office.com", "https://*.cloud.microsoft"]),
    );
    expect(ancestors).toEqual(expect.arrayContaining([...OFFICE_FRAME_ANCESTORS]));
    expect(ancestors.some((a) => a === "*" || a === "https:")).toBe(false);
    expect(directive(pane, "script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(directive(pane, "object-src")).toEqual(["'none'"]);

    for (const page of ["/outlook/harness.html", "/outlook/harness-taskpane.html"]) {
      const harness = csp(await app.request(page, { headers: { host: "localhost:3000" } }));
      expect(directive(harness, "frame-ancestors"), page).toEqual([
        "'self'",
        "http://localhost:3000",
        "http://127.0.0.1:3000",
      ]);
    }
    // The landing page of a server whose add-in is not built is framed by nobody else either.
    const bare = buildApp({
      database: db.database,
      rateLimitPerMinute: 0,
      bodyLimitBytes: 1 << 20,
      staticDir: tempDir(),
    });
    const landing = await bare.request("/", { headers: { host: "addin.example" } });
    expect(landing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(directive(csp(landing), "frame-ancestors")).toEqual(["'self'"]);
  });

  it("answers CORS for its own origin and the configured ones only; clients without Origin are unaffected", async () => {
    const ask = (origin?: string, method = "GET") =>
      app.request("http://touchbase.example:8443/api/v1/health", {
        method,
        headers: {
          ...(origin ? { origin } : {}),
          ...(method === "OPTIONS" ? { "access-control-request-method": "POST" } : {}),
        },
      });
    expect((await ask("https://crm.example")).headers.get("access-control-allow-origin")).toBe(
      "https://crm.example",
    );
    expect((await ask("http://touchbase.example:8443")).headers.get("access-control-allow-origin")).toBe(
      "http://touchbase.example:8443",
    );
    for (const evil of ["https://evil.example", "null", "https://crm.example.evil.test"]) {
      expect((await ask(evil)).headers.get("access-control-allow-origin"), evil).toBeNull();
      expect((await ask(evil, "OPTIONS")).headers.get("access-control-allow-origin"), evil).toBeNull();
    }
    // The harness is on: the pane may come from the other loopback name.
    expect((await ask("http://127.0.0.1:3000")).headers.get("access-control-allow-origin")).toBe(
      "http://127.0.0.1:3000",
    );
    const noOrigin = await ask();
    expect(noOrigin.status).toBe(200);
    expect(noOrigin.headers.get("access-control-allow-origin")).toBeNull();
  });
});
