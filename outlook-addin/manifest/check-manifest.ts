// Runs every manifest check and prints a sentence per problem: `npx tsx outlook-addin/manifest/check-manifest.ts
// [manifest.xml] [dist/outlook-addin]`. Exit code 1 when anything fails.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkAgainstBuild, checkResids, validateManifestSchema } from "./manifest-checks";
import { DEV_BASE_URL } from "./render-manifest";

const root = resolve(import.meta.dirname, "../..");
const manifestPath = resolve(process.argv[2] ?? join(root, "manifest.xml"));
const distDir = resolve(process.argv[3] ?? join(root, "dist/outlook-addin"));
const xml = readFileSync(manifestPath, "utf8");
const problems: string[] = [];

const schema = await validateManifestSchema(xml);
problems.push(...schema.errors.map((e) => `schema: ${e}`));
problems.push(...checkResids(xml));
if (existsSync(join(distDir, "manifest.xml"))) {
  const built = readFileSync(join(distDir, "manifest.xml"), "utf8");
  const base =
    /<SourceLocation DefaultValue="(.*?)\/outlook\/taskpane\.html"/.exec(built)?.[1] ?? DEV_BASE_URL;
  problems.push(...checkAgainstBuild(built, distDir, base));
} else {
  problems.push(`No build in ${distDir}: run npm run build:outlook first.`);
}
for (const p of problems) console.log(`✗ ${p}`);
console.log(
  problems.length ? `${problems.length} problem(s) in ${manifestPath}` : `✓ ${manifestPath} is valid`,
);
process.exit(problems.length ? 1 : 0);
