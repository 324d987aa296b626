import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCertificates } from "office-addin-dev-certs";
import { startDevServer } from "./https-static-server";

// The dev server with a real certificate from office-addin-dev-certs (generated into a temporary folder, never
// installed) and a real HTTP backend behind it.

function get(
  url: string,
  ca: Buffer,
  method = "GET",
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca, headers: body ? { "content-type": "application/json" } : {} },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("dev:outlook's HTTPS server", () => {
  const dir = mkdtempSync(join(tmpdir(), "devserver-"));
  const root = join(dir, "dist");
  let ca: Buffer;
  let stop: () => Promise<void> = async () => undefined;
  let url = "";
  const backend = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          body,
          auth: req.headers.authorization ?? null,
          forwardedFor: req.headers["x-forwarded-for"] ?? null,
          forwarded: req.headers.forwarded ?? null,
        }),
      );
    });
  });

  beforeAll(async () => {
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "taskpane.html"), "<!doctype html><title>Touchbase</title>");
    mkdirSync(join(root, "assets"), { recursive: true });
    writeFileSync(join(root, "assets/icon-16.png"), Buffer.from("89504e470d0a1a0a", "hex"));
    writeFileSync(join(dir, "secret.txt"), "outside the build");
    await generateCertificates(
      join(dir, "ca.crt"),
      join(dir, "localhost.crt"),
      join(dir, "localhost.key"),
      2,
    );
    ca = readFileSync(join(dir, "ca.crt"));
    await new Promise<void>((r) => backend.listen(0, "127.0.0.1", () => r()));
    const address = backend.address();
    const server = await startDevServer({
      root,
      tls: { cert: readFileSync(join(dir, "localhost.crt")), key: readFileSync(join(dir, "localhost.key")) },
      port: 0,
      apiUrl: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    });
    url = server.url;
    stop = server.stop;
  }, 60_000);
  afterAll(async () => {
    await stop();
    await new Promise((r) => backend.close(r));
  });

  it("serves the build under /outlook/ with a certificate from the Office development CA", async () => {
    const page = await get(`${url}/outlook/taskpane.html`, ca);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>Touchbase</title>");
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
  });

  it("never serves a file outside the build", async () => {
    expect((await get(`${url}/outlook/..%2Fsecret.txt`, ca)).status).toBe(404);
    expect((await get(`${url}/outlook/missing.js`, ca)).status).toBe(404);
    expect((await get(`${url}/secret.txt`, ca)).status).toBe(404);
  });

  it("forwards the API to the backend, method, body and token included", async () => {
    const answer = await get(`${url}/api/v1/emails/batch?x=1`, ca, "POST", '{"emails":[]}');
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({
      method: "POST",
      url: "/api/v1/emails/batch?x=1",
      body: '{"emails":[]}',
    });
  });

  it("serves ribbon icons without Cache-Control (Office would show a generic image), pages with no-cache", async () => {
    const icon = await get(`${url}/outlook/assets/icon-16.png`, ca);
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/png");
    expect(icon.headers["cache-control"]).toBeUndefined();
    expect((await get(`${url}/outlook/taskpane.html`, ca)).headers["cache-control"]).toBe("no-cache");
  });

  it("never forwards /harness/ (the backend's loopback-only token), and marks what it forwards as relayed", async () => {
    const config = await get(`${url}/harness/config.json`, ca);
    expect(config.status).toBe(404);
    expect(config.body).not.toContain('/harness/config.json"');
    const relayed = JSON.parse((await get(`${url}/health`, ca)).body) as Record<string, string>;
    expect(relayed.url).toBe("/health");
    expect(relayed.forwardedFor).toMatch(/127\.0\.0\.1|::1/);
    expect(relayed.forwarded).toMatch(/^for=.*;host=localhost:\d+;proto=https$/);
  });
});
