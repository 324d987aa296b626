// Tests run the built bundle. `npm test` builds first; a lone `vitest run gmail-addon` builds here when
// dist/ is missing or older than the sources (under a lock, since test files run in parallel).
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import lockfile from "proper-lockfile";
import { buildAddon } from "../build/build-addon";
import { BUILT_CODE, BUILT_MANIFEST } from "../simulator/apps-script-sandbox";

const ROOT = resolve(import.meta.dirname, "../..");

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

function stale(): boolean {
  if (!existsSync(BUILT_CODE) || !existsSync(BUILT_MANIFEST)) return true;
  const built = Math.min(statSync(BUILT_CODE).mtimeMs, statSync(BUILT_MANIFEST).mtimeMs);
  const sources = Math.max(
    newest(resolve(ROOT, "gmail-addon/src")),
    newest(resolve(ROOT, "shared")),
    statSync(resolve(ROOT, "appsscript.json")).mtimeMs,
  );
  return sources > built;
}

export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  const dir = resolve(ROOT, "dist");
  mkdirSync(dir, { recursive: true });
  const release = await lockfile.lock(dir, {
    retries: { retries: 120, minTimeout: 500, maxTimeout: 1000 },
    stale: 120_000,
  });
  try {
    if (stale()) await buildAddon();
  } finally {
    await release();
  }
}
