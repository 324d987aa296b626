// Test helper (Node only, not part of the core): starts the real backend as a child process on a free port, with
// its own embedded database or PostgreSQL schema, and talks to it over real HTTP. Tests of the add-ins use it,
// so no shell imports another: the backend is reached the way the add-ins reach it in production.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";

export interface SpawnedBackend {
  url: string;
  token: string;
  /** The local token issuer standing in for Microsoft and Google (harness mode without real sign-in apps). */
  issuerUrl: string | null;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Fill the workspace with the demo data (default false: an empty workspace). */
  demo?: boolean;
  /** Reuse a data directory (restart after a crash); a fresh temporary one otherwise. */
  dataDir?: string;
  token?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

const ROOT = resolve(import.meta.dirname, "..");

export async function spawnBackend(options: SpawnOptions = {}): Promise<SpawnedBackend> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "touchbase-test-"));
  const token = options.token ?? `tb_test_${randomBytes(16).toString("hex")}`;
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "backend/src/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      TOUCHBASE_DATA: dataDir,
      TOUCHBASE_DEMO: options.demo ? "1" : "0",
      TOUCHBASE_BOOTSTRAP_TOKEN: token,
      TOUCHBASE_GRAPH_SIMULATOR: "0",
      DATABASE_URL: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`backend did not start:\n${out}`)),
      options.timeoutMs ?? 60_000,
    );
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1].replace(/\/$/, ""));
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    token,
    issuerUrl: /Local token issuer .* on (http:\/\/\S+)/.exec(out)?.[1] ?? null,
    dataDir,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
