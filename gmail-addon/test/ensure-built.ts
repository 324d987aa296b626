// Tests run the built bundle. `npm test` builds first; a lone `vitest run gmail-addon` builds here when dist/ is
// missing or stale — older than anything that goes into it (the add-on's sources, the build code and webpack
// config, the core, the source manifest, the dependencies) or built for another TOUCHBASE_PUBLIC_URL — under a
// lock, since test files run in parallel.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import lockfile from "proper-lockfile";
import { buildAddon } from "../build/build-addon";
import { DEFAULT_PUBLIC_URL, normalizePublicUrl } from "../build/manifest";
import { BUILT_CODE, BUILT_MANIFEST } from "../simulator/apps-script-sandbox";

const ROOT = resolve(import.meta.dirname, "../..");

/** Everything whose change changes dist/gmail-addon (tests and the simulator do not). */
export const BUILD_INPUTS = [
  "gmail-addon/src",
  "gmail-addon/build",
  "gmail-addon/webpack.config.ts",
  "shared",
  "appsscript.json",
  "package.json",
  "package-lock.json",
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) {
    if (name === "node_modules") continue;
    latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

/** Why dist/gmail-addon must be rebuilt, or null when it is current. */
export function staleBecause(
  options: { root?: string; env?: Record<string, string | undefined> } = {},
): string | null {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  const code = resolve(root, relative(ROOT, BUILT_CODE));
  const manifestPath = resolve(root, relative(ROOT, BUILT_MANIFEST));
  if (!existsSync(code) || !existsSync(manifestPath)) return "dist/gmail-addon is missing";
  const built = Math.min(statSync(code).mtimeMs, statSync(manifestPath).mtimeMs);
  const changed = BUILD_INPUTS.find((input) => newest(resolve(root, input)) > built);
  if (changed) return `${changed} changed after the last build`;
  const wanted = normalizePublicUrl(env.TOUCHBASE_PUBLIC_URL ?? DEFAULT_PUBLIC_URL);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { urlFetchWhitelist?: string[] };
  if (manifest.urlFetchWhitelist?.[0] !== wanted)
    return `it was built for another TOUCHBASE_PUBLIC_URL than ${wanted}`;
  return null;
}

export async function ensureBuilt(): Promise<void> {
  if (staleBecause() === null) return;
  const dir = resolve(ROOT, "dist");
  mkdirSync(dir, { recursive: true });
  const release = await lockfile.lock(dir, {
    retries: { retries: 120, minTimeout: 500, maxTimeout: 1000 },
    stale: 120_000,
  });
  try {
    if (staleBecause() !== null) await buildAddon();
  } finally {
    await release();
  }
}
