// The real server as a child process over a real socket: start-up, demo data, harness config, the data-directory
// lock, clean shutdown, and SIGKILL in the middle of a long ingest.
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnBackend, type SpawnedBackend } from "../../dev/spawn-backend";
import { createPostgresDatabase, databaseKinds, tempDir } from "./test-databases";

const ROOT = resolve(import.meta.dirname, "../..");

async function api(server: { url: string }, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "backend/src/main.ts")], {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", TOUCHBASE_GRAPH_SIMULATOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => done({ code, output }));
  });
}

describe("the server process when its port is taken", () => {
  it("names the port and the variable that moves it", async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = tempDir();
    try {
      const taken = await runMain({ TOUCHBASE_DATA: dataDir, TOUCHBASE_DEMO: "0", PORT: String(port) });
      expect(taken.code).toBe(1);
      expect(taken.output).toContain(
        `Touchbase could not start: port ${port} is already in use (another Touchbase, or another program, ` +
          `listens there). Stop it, or choose another port: PORT=${port + 1} npm start.`,
      );
      expect(taken.output).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((ok) => blocker.close(ok));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("the server process on the embedded database", () => {
  const servers: SpawnedBackend[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it("starts with demo data, prints the URL and where the admin token comes from, and serves the harness config to loopback", async () => {
    const dataDir = tempDir();
    try {
      const first = await spawnBackend({ demo: true, dataDir, env: { TOUCHBASE_HARNESS: "1" } });
      servers.push(first);
      expect(first.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      // The token line follows the listening line.
      await until(() => first.output().includes("Admin API token"));
      // The token came from TOUCHBASE_BOOTSTRAP_TOKEN: the operator has it, so it stays out of the log.
      expect(first.output()).toContain("Admin API token: the value of TOUCHBASE_BOOTSTRAP_TOKEN.");
      expect(first.output()).not.toContain(first.token);
      const health = await fetch(`${first.url}/health`);
      expect(await health.json()).toEqual({ ok: true, database: "pglite" });
      const customers = await api(first, first.token, "GET", "/customers?limit=100");
      expect(customers.body.customers).toHaveLength(10);
      const look = await api(first, first.token, "GET", "/lookup?email=wile.coyote@acme.com");
      expect(look.body.results[0].customer.name).toBe("Acme Corporation");
      expect(look.body.results[0].recentEmails.length).toBeGreaterThan(0);
      const config = (await (await fetch(`${first.url}/harness/config.json`)).json()) as Record<
        string,
        string
      >;
      expect(config).toMatchObject({
        apiUrl: first.url,
        mailbox: "admin@touchbase.local",
        workspace: "Northwind Customer Success",
      });
      expect((await api(first, config.token, "GET", "/me")).body.email).toBe("admin@touchbase.local");
      const proxied = await fetch(`${first.url}/harness/config.json`, {
        headers: { "x-forwarded-for": "203.0.113.9" },
      });
      expect(proxied.status).toBe(404);

      // A second process on the same directory fails with one clear sentence and leaves the first one alone.
      const second = await runMain({ TOUCHBASE_DATA: dataDir, TOUCHBASE_DEMO: "0" });
      expect(second.code).toBe(1);
      expect(second.output).toContain("is in use by another Touchbase process");
      expect(second.output).not.toMatch(/\n\s+at /);
      expect((await fetch(`${first.url}/health`)).status).toBe(200);

      // SIGTERM shuts down cleanly and releases the lock; a restart keeps the data, prints no new token, and
      // replaces the harness token.
      await first.stop();
      expect(first.child.exitCode).toBe(0);
      const again = await spawnBackend({ dataDir, token: first.token, env: { TOUCHBASE_HARNESS: "1" } });
      servers.push(again);
      expect(again.output()).not.toContain("Admin API token");
      expect((await api(again, first.token, "GET", "/customers")).body.customers.length).toBeGreaterThan(0);
      expect((await api(again, config.token, "GET", "/me")).status).toBe(401);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses a bad setting with one sentence", async () => {
    const dataDir = tempDir();
    const res = await runMain({ TOUCHBASE_DATA: dataDir, PORT: "not-a-port" });
    rmSync(dataDir, { recursive: true, force: true });
    expect(res.code).toBe(1);
    expect(res.output).toContain(
      "Touchbase could not start: The environment variable PORT must be a port number",
    );
  });
});

describe.each(databaseKinds)("SIGKILL in the middle of a long ingest on %s", (kind) => {
  // Two server starts and a 3,000-email ingest: well over the default minute when the CI machine is busy.
  it("keeps every acknowledged email exactly once after a restart", { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    const pg = kind === "postgres" ? await createPostgresDatabase() : null;
    const env: Record<string, string> = pg ? { DATABASE_URL: pg.url } : {};
    try {
      const server = await spawnBackend({ dataDir, env });
      const customer = await api(server, server.token, "POST", "/customers", {
        name: "Acme",
        domains: ["acme.test"],
      });
      const batches = Array.from({ length: 60 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => ({
          messageId: `<kill-${b}-${i}@acme.test>`,
          from: "Wile <wile@acme.test>",
          to: "admin@touchbase.local",
          subject: `Batch ${b} item ${i}`,
          sentAt: new Date(Date.UTC(2026, 0, 1, 0, b, i)).toISOString(),
          text: "x".repeat(2000),
        })),
      );
      const acknowledged: string[] = [];
      let killed = false;
      // Two senders keep requests in flight; the server is killed once a dozen batches are acknowledged.
      const send = async (lane: number) => {
        for (let b = lane; b < batches.length; b += 2) {
          let res;
          try {
            res = await api(server, server.token, "POST", "/emails/batch", { emails: batches[b] });
          } catch {
            return; // the connection died with the server: this batch was never acknowledged
          }
          if (res.status !== 200) return;
          for (const r of res.body.results) {
            expect(["stored", "duplicate"]).toContain(r.status);
            acknowledged.push(r.emailId);
          }
          if (!killed && acknowledged.length >= 600) {
            killed = true;
            server.child.kill("SIGKILL");
          }
        }
      };
      await Promise.all([send(0), send(1)]);
      expect(killed).toBe(true);
      await new Promise((r) =>
        server.child.exitCode !== null || server.child.signalCode ? r(null) : server.child.once("exit", r),
      );
      expect(acknowledged.length).toBeLessThan(3000);

      const restarted = await spawnBackend({ dataDir, env, token: server.token });
      try {
        const seen = new Set<string>();
        let cursor: string | null = null;
        do {
          const page = await api(
            restarted,
            server.token,
            "GET",
            `/customers/${customer.body.id}/emails?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
          );
          for (const e of page.body.emails) {
            expect(seen.has(e.id)).toBe(false);
            seen.add(e.id);
          }
          cursor = page.body.nextCursor;
        } while (cursor);
        for (const id of acknowledged) expect(seen.has(id), id).toBe(true);
        // Re-sending everything stores only what was never acknowledged, and never duplicates.
        let stored = 0;
        for (const batch of batches) {
          const res = await api(restarted, server.token, "POST", "/emails/batch", { emails: batch });
          stored += res.body.results.filter((r: { status: string }) => r.status === "stored").length;
        }
        expect(stored).toBe(3000 - seen.size);
      } finally {
        await restarted.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await pg?.drop();
    }
  });
});
