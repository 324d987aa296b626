// Bundles the add-on and the shared core into one classic script, dist/gmail-addon/Code.js, the file clasp pushes.
// Apps Script V8 has no module system, so everything is inlined; gas-webpack-plugin turns each `global.name = fn`
// in src/entry.ts into a real top-level `function name() {}` declaration, which is how Apps Script finds triggers.
import { resolve } from "node:path";
import webpack from "webpack";
import GasPlugin from "gas-webpack-plugin";
import { FOLDED_TYPEOF, REPLACED_IDENTIFIERS } from "./build/apps-script-globals";
import { DEFAULT_PUBLIC_URL, normalizePublicUrl } from "./build/manifest";

const ROOT = resolve(import.meta.dirname, "..");

export interface AddonBuildOptions {
  /** The backend's public https URL (normalized, with a trailing slash). */
  publicUrl: string;
  outDir?: string;
  version?: string;
}

export function addonWebpackConfig(options: AddonBuildOptions): webpack.Configuration {
  return {
    mode: "production",
    context: ROOT,
    entry: { Code: "./gmail-addon/src/entry.ts" },
    // No "web"/"node" target: the output may assume only ECMAScript 2020 and no host environment.
    target: ["es2020"],
    devtool: false,
    output: {
      path: options.outDir ?? resolve(ROOT, "dist/gmail-addon"),
      filename: "Code.js",
      clean: false,
      iife: true,
      // One chunk, never loaded lazily: Apps Script has no script loader, `document`, `importScripts` or `require`.
      chunkFormat: false,
      chunkLoading: false,
      wasmLoading: false,
      environment: { arrowFunction: true, const: true, destructuring: true, optionalChaining: true },
    },
    resolve: { extensions: [".ts", ".js", ".json"], extensionAlias: { ".js": [".ts", ".js"] } },
    node: { global: true },
    module: {
      rules: [
        {
          // node_modules too: tr46, tldts and zod are transpiled to the same target as our code.
          test: /\.[cm]?[jt]s$/,
          loader: "esbuild-loader",
          options: { target: "es2020" },
        },
      ],
    },
    optimization: {
      // Readable output: Apps Script shows stack traces against this file, and reviewers read what is pushed.
      minimize: false,
      concatenateModules: true,
    },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({
        TOUCHBASE_PUBLIC_URL: JSON.stringify(options.publicUrl),
        TOUCHBASE_BUILD_VERSION: JSON.stringify(options.version ?? "dev"),
        // Feature probes such as `typeof navigator !== "undefined"` become constant: Apps Script has none of these.
        ...Object.fromEntries(FOLDED_TYPEOF.map((name) => [`typeof ${name}`, JSON.stringify("undefined")])),
        ...REPLACED_IDENTIFIERS,
      }),
      // tr46's mapping table is parsed on first use rather than at every execution's start (see the file).
      new webpack.NormalModuleReplacementPlugin(/^\.\/lib\/mappingTable\.json$/, (resource) => {
        if (/[\\/]tr46[\\/]?$/.test(resource.context)) {
          resource.request = resolve(ROOT, "gmail-addon/build/lazy-mapping-table.cjs");
        }
      }),
      // The plugin's types declare `include` as an empty tuple; the README documents an array of globs.
      new GasPlugin({ comment: true, include: ["**/gmail-addon/src/entry.ts"] as unknown as [] }),
    ],
  };
}

export default addonWebpackConfig({
  publicUrl: normalizePublicUrl(process.env.TOUCHBASE_PUBLIC_URL ?? DEFAULT_PUBLIC_URL),
});
