// `npm run build:gmail`: webpack bundle + the generated manifest, both in dist/gmail-addon/ (what clasp pushes).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import webpack from "webpack";
import { addonWebpackConfig } from "../webpack.config";
import { buildManifest, DEFAULT_PUBLIC_URL, normalizePublicUrl } from "./manifest";
import { checkBundleFunctions } from "./bundle-functions";

const ROOT = resolve(import.meta.dirname, "../..");

export interface BuildResult {
  outDir: string;
  publicUrl: string;
  bytes: number;
}

export async function buildAddon(
  options: { publicUrl?: string; outDir?: string } = {},
): Promise<BuildResult> {
  const publicUrl = normalizePublicUrl(
    options.publicUrl ?? process.env.TOUCHBASE_PUBLIC_URL ?? DEFAULT_PUBLIC_URL,
  );
  const outDir = options.outDir ?? resolve(ROOT, "dist/gmail-addon");
  mkdirSync(outDir, { recursive: true });
  const version = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")).version as string;
  const stats = await new Promise<webpack.Stats>((ok, fail) => {
    webpack(addonWebpackConfig({ publicUrl, outDir, version }), (error, result) =>
      error || !result ? fail(error ?? new Error("webpack produced no result")) : ok(result),
    );
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  const manifest = buildManifest(
    JSON.parse(readFileSync(resolve(ROOT, "appsscript.json"), "utf8")),
    publicUrl,
  );
  writeFileSync(resolve(outDir, "appsscript.json"), JSON.stringify(manifest, null, 2) + "\n");
  const code = readFileSync(resolve(outDir, "Code.js"), "utf8");
  const missing = checkBundleFunctions(code, manifest);
  if (missing.length)
    throw new Error(`Code.js lacks top-level functions the manifest names: ${missing.join(", ")}`);
  return { outDir, publicUrl, bytes: Buffer.byteLength(code) };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildAddon().then(
    (r) =>
      console.log(`gmail add-on: ${r.outDir}/Code.js (${(r.bytes / 1024).toFixed(0)} KB) for ${r.publicUrl}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
