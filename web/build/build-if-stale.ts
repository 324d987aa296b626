// `npm start`'s prestart (after the Outlook add-in's): builds the web workspace when dist/web is missing or older
// than its sources, so `npm install && npm start` serves /app on a fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { newestSource } from "../../dev/newest-source";

const ROOT = resolve(import.meta.dirname, "../..");
const SOURCES = ["web/src", "ui", "shared", "package-lock.json"];
const BUILT = join(ROOT, "dist/web/index.html");

const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const newest = newestSource(ROOT, SOURCES);
if (builtAt < newest.mtimeMs) {
  const reason = builtAt === 0 ? "dist/web is missing" : `${newest.file} changed since the last build`;
  process.stdout.write(`Building the web workspace (${reason})… `);
  const started = Date.now();
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
    console.log("failed.");
    console.error(result.stdout, result.stderr);
    console.error("touchbase: the web workspace did not build; /app says so until it does.");
  } else {
    console.log(`done in ${Math.round((Date.now() - started) / 1000)} s.`);
  }
}
