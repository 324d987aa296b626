// How the backend serves the web workspace at /app: the built files with their types and caching, every other
// path under /app as the single-page app, never a file outside the build folder, a sentence when it is not built.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { STATIC_DIR } from "../src/start-server";
import { openTestDatabase, tempDir, type TestDatabase } from "./test-databases";

describe("the web workspace at /app", () => {
  let db: TestDatabase;
  let app: ReturnType<typeof buildApp>;
  let empty: ReturnType<typeof buildApp>;
  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const root = tempDir("touchbase-web-");
    const web = join(root, "web");
    mkdirSync(web);
    writeFileSync(join(web, "index.html"), "<!doctype html><div id=root></div>");
    writeFileSync(join(web, "web.0123abcd.js"), "console.log(1)");
    writeFileSync(join(web, "web.css"), "body{}");
    writeFileSync(join(root, "secret.txt"), "not for the web");
    const deps = { database: db.database, rateLimitPerMinute: 0, bodyLimitBytes: 1e6, staticDir: STATIC_DIR };
    app = buildApp({ ...deps, webDir: web });
    empty = buildApp({ ...deps, webDir: join(root, "missing") });
  });
  afterAll(() => db?.dispose());

  it("serves the page for /app and every page path under it, with a strict CSP and no caching", async () => {
    for (const path of ["/app", "/app/", "/app/customers/cus_1", "/app/admin/team?x=1"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain("<div id=root>");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("serves built files by type, hashed ones immutable, and nothing outside the build", async () => {
    const js = await app.request("/app/web.0123abcd.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await app.request("/app/web.css")).headers.get("cache-control")).toBe("no-cache");
    expect((await app.request("/app/missing.js")).status).toBe(404);
    for (const path of ["/app/..%2Fsecret.txt", "/app/%2e%2e/secret.txt", "/app/../secret.txt"]) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain("not for the web");
    }
  });

  it("says how to build it when dist/web is missing", async () => {
    const res = await empty.request("/app/customers");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build");
  });
});
