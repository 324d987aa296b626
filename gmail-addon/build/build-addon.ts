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
  /** True when the URL is the placeholder: a development build that cannot reach a real backend. */
  placeholder: boolean;
}

/** Whether this build is meant for deployment: `npm run build:release` (or `NODE_ENV=production`). */
export function isReleaseBuild(env: NodeJS.ProcessEnv): boolean {
  return env.TOUCHBASE_RELEASE === "1" || env.NODE_ENV === "production";
}

/**
 * The backend URL to bake in. A build for deployment must name the real one (the manifest's allow-lists and every
 * card link carry it, and Apps Script cannot change them later): without it the build stops with a sentence. A
 * development build falls back to the placeholder and says so.
 */
export function publicUrlFor(env: NodeJS.ProcessEnv): { publicUrl: string; placeholder: boolean } {
  const raw = env.TOUCHBASE_PUBLIC_URL?.trim();
  if (raw) {
    const publicUrl = normalizePublicUrl(raw);
    if (publicUrl !== DEFAULT_PUBLIC_URL || !isReleaseBuild(env)) {
      return { publicUrl, placeholder: publicUrl === DEFAULT_PUBLIC_URL };
    }
  }
  if (isReleaseBuild(env)) {
    throw new Error(
      "This is a build for deployment, but TOUCHBASE_PUBLIC_URL is not set: set it to your backend's public " +
        "https URL, e.g. TOUCHBASE_PUBLIC_URL=https://touchbase.your-company.com/ npm run build:release " +
        `(the placeholder ${DEFAULT_PUBLIC_URL} reaches no backend).`,
    );
  }
  return { publicUrl: DEFAULT_PUBLIC_URL, placeholder: true };
}

const DEVELOPMENT_BANNER = `/* DEVELOPMENT BUILD: this add-on calls the placeholder ${DEFAULT_PUBLIC_URL}, which reaches no backend.
   Build for deployment with TOUCHBASE_PUBLIC_URL=https://<your backend>/ npm run build:release. */
`;

export async function buildAddon(
  options: { publicUrl?: string; outDir?: string } = {},
): Promise<BuildResult> {
  const { publicUrl, placeholder } = options.publicUrl
    ? { publicUrl: normalizePublicUrl(options.publicUrl), placeholder: false }
    : publicUrlFor(process.env);
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
  let code = readFileSync(resolve(outDir, "Code.js"), "utf8");
  const missing = checkBundleFunctions(code, manifest);
  if (missing.length)
    throw new Error(`Code.js lacks top-level functions the manifest names: ${missing.join(", ")}`);
  if (placeholder) {
    code = DEVELOPMENT_BANNER + code;
    writeFileSync(resolve(outDir, "Code.js"), code);
  }
  return { outDir, publicUrl, bytes: Buffer.byteLength(code), placeholder };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildAddon().then(
    (r) =>
      console.log(
        `gmail add-on: ${r.outDir}/Code.js (${(r.bytes / 1024).toFixed(0)} KB) for ${r.publicUrl}` +
          (r.placeholder
            ? " — DEVELOPMENT BUILD against the placeholder URL; for deployment set TOUCHBASE_PUBLIC_URL and run npm run build:release"
            : ""),
      ),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
