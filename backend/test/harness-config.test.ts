// GET /harness/config.json hands out an admin token, so only to a page of this machine: a loopback client that
// names localhost, 127.0.0.1 or [::1] in its Host header (DNS rebinding sends another name), not through a proxy.
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { STATIC_DIR } from "../src/start-server";
import { openTestDatabase, type TestDatabase } from "./test-databases";

function get(port: number, headers: Record<string, string>, setHost = true): Promise<number> {
  return new Promise((resolveGet, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/harness/config.json", headers, setHost },
      (res) => {
        res.resume();
        res.on("end", () => resolveGet(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("GET /harness/config.json", () => {
  let db: TestDatabase;
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const app = buildApp({
      database: db.database,
      rateLimitPerMinute: 0,
      bodyLimitBytes: 1 << 20,
      staticDir: STATIC_DIR,
      harness: () => ({
        apiUrl: "http://localhost",
        graphUrl: null,
        token: "tb_harness",
        mailbox: "a@b.test",
        workspace: "W",
      }),
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await db?.dispose();
  });

  it("answers a page of this machine", async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      "LOCALHOST",
      "127.0.0.1",
    ]) {
      expect(await get(port, { host }), host).toBe(200);
    }
  });

  it("is not there for another host name (DNS rebinding), a missing Host, or a proxied request", async () => {
    for (const host of [
      `evil.example:${port}`,
      "evil.example",
      `localhost.evil.example:${port}`,
      "127.0.0.2",
      "0.0.0.0",
    ]) {
      expect(await get(port, { host }), host).toBe(404);
    }
    // Without a Host header Node's HTTP server itself refuses the request (400) before the app sees it.
    expect(await get(port, {}, false)).toBe(400);
    expect(await get(port, { host: `localhost:${port}`, "x-forwarded-for": "203.0.113.9" })).toBe(404);
  });
});
