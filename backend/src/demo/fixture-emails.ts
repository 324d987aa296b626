import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The 50 vendored public fixture emails (shared/fixtures/eml, with their licence manifest beside them). */
export const FIXTURE_DIR = fileURLToPath(new URL("../../../shared/fixtures/eml", import.meta.url));

export function listEmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listEmlFiles(path));
    else if (name.toLowerCase().endsWith(".eml")) out.push(path);
  }
  return out;
}

export function fixtureEmails(): { name: string; raw: Buffer }[] {
  return listEmlFiles(FIXTURE_DIR).map((path) => ({
    name: relative(FIXTURE_DIR, path),
    raw: readFileSync(path),
  }));
}
