// `npm start`'s prestart (after the Outlook add-in's): builds the web workspace when dist/web is missing or older
// than its sources, so `npm install && npm start` serves /app on a fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const SOURCES = ["web/src", "ui", "shared/api", "package-lock.json"];
const BUILT = join(ROOT, "dist/web/index.html");

function newest(path: string): number {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
if (builtAt < sourcesAt) {
  console.log("touchbase: building the web workspace (dist/web)…");
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "node_modules/webpack-cli/bin/cli.js",
      "--disable-interpret",
      "--config",
      "web/webpack.config.ts",
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    console.error("touchbase: the web workspace did not build; /app says so until it does.");
  }
}
