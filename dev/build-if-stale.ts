// `npm start`'s prestarts (outlook-addin/build, web/build) build a bundle when its output is missing or older than
// its sources, so `npm install && npm start` works on a fresh clone and later starts rebuild only what changed.
// One line while it builds ("done in N s"); the build's own output only when it fails.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BUILD_STAMP, readBuildStamp } from "./build-stamp";
import { newestSource } from "./newest-source";

/** One bundle `npm start` keeps built; paths are relative to the repository root. */
export type Bundle = {
  /** How the lines name it: "the Outlook add-in". */
  label: string;
  /** What the build reads (folders or files; see newest-source.ts for what inside them counts). */
  sources: string[];
  /** The build's output folder; its webpack config emits `build-stamp.json` there (BuildStampPlugin). */
  dist: string;
  webpackConfig: string;
  /**
   * A failed build either stops `npm start` with the build's output ("stop"), or is reported — the output, then
   * "touchbase: <label> did not build; <goOn>" — and the start goes on.
   */
  failed: "stop" | { goOn: string };
};

export type BuildResult = { ok: boolean; output: string };

export const stampFile = (bundle: Bundle): string => join(bundle.dist, BUILD_STAMP);

/** Why a build is needed, or null when the bundle's output is up to date. */
export function staleReason(bundle: Bundle, root: string): string | null {
  const built = readBuildStamp(join(root, stampFile(bundle)));
  if (built === null) {
    return existsSync(join(root, bundle.dist))
      ? `${bundle.dist} has no build stamp`
      : `${bundle.dist} is missing`;
  }
  const newest = newestSource(root, bundle.sources);
  return newest.mtimeMs > built ? `${newest.file} changed since the last build` : null;
}

/** `npm run build:<bundle>`, without npm around it. */
export function runWebpack(bundle: Bundle, root: string): Promise<BuildResult> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "node_modules/webpack-cli/bin/cli.js"),
        "--disable-interpret",
        "--config",
        join(root, bundle.webpackConfig),
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

/**
 * Builds when stale; returns whether it built. A failed build throws with the build's output when the bundle's
 * failure stops the start, and is otherwise reported on `writeError`.
 */
export async function buildIfStale(
  bundle: Bundle,
  options: {
    root: string;
    build?: (bundle: Bundle, root: string) => Promise<BuildResult>;
    write?: (text: string) => void;
    writeError?: (text: string) => void;
  },
): Promise<boolean> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const writeError = options.writeError ?? ((text: string) => process.stderr.write(text));
  const reason = staleReason(bundle, options.root);
  if (!reason) return false;
  const started = Date.now();
  write(`Building ${bundle.label} (${reason})… `);
  const result = await (options.build ?? runWebpack)(bundle, options.root);
  if (!result.ok) {
    write("failed.\n");
    const output = result.output.trim();
    if (bundle.failed === "stop") {
      throw new Error(`${bundle.label[0].toUpperCase()}${bundle.label.slice(1)} did not build:\n${output}`);
    }
    writeError(`${output}\ntouchbase: ${bundle.label} did not build; ${bundle.failed.goOn}\n`);
    return false;
  }
  write(`done in ${Math.round((Date.now() - started) / 1000)} s.\n`);
  return true;
}

/** An entry point's whole work: build when stale; a failure that stops the start sets the exit code. */
export function prestart(bundle: Bundle, root: string): void {
  buildIfStale(bundle, { root }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
