// `npm start`'s prestart: builds the Outlook add-in when dist/outlook-addin is missing or older than its sources,
// so `npm install && npm start` brings up the harness on a fresh clone. One line while it builds; the build's own
// output only when it fails.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { newestSource } from "../../dev/newest-source";

/** What the build reads: the add-in, the core, the manifest and the locked dependencies. */
export const SOURCES = ["outlook-addin", "shared", "manifest.xml", "package-lock.json"];
/** Written by webpack.config.ts at the end of every build: `{ startedAt }` (ms since epoch). */
export const STAMP = "dist/outlook-addin/build-stamp.json";
/** When the last build started (ms), or null when there is no complete build. */
export function lastBuild(root: string): number | null {
  const file = join(root, STAMP);
  if (!existsSync(file)) return null;
  try {
    const startedAt = (JSON.parse(readFileSync(file, "utf8")) as { startedAt?: unknown }).startedAt;
    return typeof startedAt === "number" ? startedAt : null;
  } catch {
    return null;
  }
}

/** Why a build is needed, or null when dist/outlook-addin is up to date. */
export function staleReason(root: string): string | null {
  const built = lastBuild(root);
  if (built === null) return "dist/outlook-addin is missing";
  const newest = newestSource(root, SOURCES);
  return newest.mtimeMs > built ? `${newest.file} changed since the last build` : null;
}

/** `npm run build:outlook`, without npm around it. */
export function runWebpack(root: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "node_modules/webpack-cli/bin/cli.js"),
        "--disable-interpret",
        "--config",
        join(root, "outlook-addin/webpack.config.ts"),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (error) => done({ ok: false, output: `${output}${error.message}` }));
    child.on("close", (code) => done({ ok: code === 0, output }));
  });
}

/** Builds when stale; returns whether it built. Throws with the build's output when the build fails. */
export async function buildIfStale(options: {
  root: string;
  build?: (root: string) => Promise<{ ok: boolean; output: string }>;
  write?: (text: string) => void;
}): Promise<boolean> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const reason = staleReason(options.root);
  if (!reason) return false;
  const started = Date.now();
  write(`Building the Outlook add-in (${reason})… `);
  const result = await (options.build ?? runWebpack)(options.root);
  if (!result.ok) {
    write("failed.\n");
    throw new Error(`The Outlook add-in did not build:\n${result.output.trim()}`);
  }
  write(`done in ${Math.round((Date.now() - started) / 1000)} s.\n`);
  return true;
}

if (process.argv[1] && /build-if-stale\.[cm]?[jt]s$/.test(process.argv[1])) {
  buildIfStale({ root: resolve(import.meta.dirname, "../..") }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
