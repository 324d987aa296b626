// The Outlook add-in build: the task pane, the ribbon commands, the browser harness (one browser compilation)
// and the Graph simulator as a Node bundle (a second compilation). Run through `npm run build:outlook`.
//
// Every URL comes from one base URL chosen at build time (TOUCHBASE_ADDIN_BASE_URL, default
// https://localhost:3000), so one source serves development and production; the add-in lives under
// `<base>/outlook/`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import webpack from "webpack";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import { BuildStampPlugin } from "../dev/build-stamp";
import { entraAuthority, touchbaseApiScope } from "./src/graph/entra-client-id";

const ADDIN = import.meta.dirname;
const ROOT = resolve(ADDIN, "..");
const OUT = resolve(ROOT, "dist/outlook-addin");
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** Parts other helpers own; the build tolerates their absence while they land so the task pane can build. */
const COMMANDS_ENTRY = resolve(ADDIN, "src/commands/commands.ts");
const SIMULATOR_ENTRY = resolve(ADDIN, "graph-simulator/main.ts");
const RENDER_MANIFEST = resolve(ADDIN, "manifest/render-manifest.ts");

export function addinBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  // A build for deployment (`npm run build:release`) must name where the add-in is served: the manifest users
  // install carries it and cannot change afterwards.
  if (
    (env.TOUCHBASE_RELEASE === "1" || env.NODE_ENV === "production") &&
    !(env.TOUCHBASE_ADDIN_BASE_URL ?? "").trim()
  ) {
    throw new Error(
      "This is a build for deployment, but TOUCHBASE_ADDIN_BASE_URL is not set: set it to the https URL the " +
        "backend serves the add-in from, e.g. TOUCHBASE_ADDIN_BASE_URL=https://touchbase.your-company.com npm run build:release.",
    );
  }
  const raw = (env.TOUCHBASE_ADDIN_BASE_URL ?? "").trim() || "https://localhost:3000";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TOUCHBASE_ADDIN_BASE_URL must be an absolute URL, got "${raw}".`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`TOUCHBASE_ADDIN_BASE_URL must be http(s), got "${raw}".`);
  }
  return url.href.replace(/\/+$/, "");
}

const loader = {
  test: /\.[cm]?tsx?$/,
  loader: "esbuild-loader",
  options: { target: "es2020", jsx: "automatic", tsconfig: resolve(ADDIN, "tsconfig.json") },
};

/** Emits `manifest.xml` rendered for the base URL by the manifest owner's `renderManifest`. */
class RenderManifestPlugin {
  constructor(private readonly baseUrl: string) {}
  apply(compiler: webpack.Compiler): void {
    compiler.hooks.thisCompilation.tap("RenderManifestPlugin", (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: "RenderManifestPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        async () => {
          const source = resolve(ROOT, "manifest.xml");
          compilation.fileDependencies.add(source);
          if (!existsSync(source) || !existsSync(RENDER_MANIFEST)) {
            compilation.warnings.push(
              new webpack.WebpackError("manifest.xml or its renderer is missing; no manifest was emitted."),
            );
            return;
          }
          compilation.fileDependencies.add(RENDER_MANIFEST);
          const { renderManifest } = (await import(pathToFileURL(RENDER_MANIFEST).href)) as {
            renderManifest(xml: string, baseUrl: string): string;
          };
          const xml = renderManifest(readFileSync(source, "utf8"), this.baseUrl);
          compilation.emitAsset("manifest.xml", new webpack.sources.RawSource(xml));
        },
      );
    });
  }
}

function page(filename: string, title: string, chunks: string[], officeJs: boolean): HtmlWebpackPlugin {
  return new HtmlWebpackPlugin({
    filename,
    title,
    template: resolve(ADDIN, "src/taskpane/page.html"),
    chunks,
    chunksSortMode: "manual",
    scriptLoading: "defer",
    templateParameters: { officeJs: officeJs ? OFFICE_JS_CDN : "" },
    minify: false,
  });
}

function browserConfig(mode: "production" | "development", baseUrl: string): webpack.Configuration {
  const hasCommands = existsSync(COMMANDS_ENTRY);
  const entry: Record<string, string> = {
    taskpane: resolve(ADDIN, "src/taskpane/index.tsx"),
    harness: resolve(ADDIN, "harness/harness-page.tsx"),
    "harness-office": resolve(ADDIN, "harness/fake-office/install-fake-office.ts"),
    "harness-dialog-office": resolve(ADDIN, "harness/fake-office/install-dialog-office.ts"),
    // Microsoft sign-in in an Office dialog, for Outlook clients without nested app authentication.
    "auth-dialog": resolve(ADDIN, "src/auth-dialog/auth-dialog.ts"),
  };
  if (hasCommands) entry.commands = COMMANDS_ENTRY;
  // Every icon make-icons.ts drew (the manifest's checks make sure each one it names is here).
  const iconPatterns = readdirSync(resolve(ADDIN, "assets")).filter((name) => /^icon-\d+\.png$/.test(name));
  return {
    name: "browser",
    mode,
    target: ["web", "es2020"],
    devtool: mode === "production" ? "source-map" : "eval-cheap-module-source-map",
    entry,
    output: {
      path: OUT,
      publicPath: "auto",
      filename: mode === "production" ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: mode === "production" ? "[name].[contenthash:8].js" : "[name].js",
      clean: { keep: /graph-simulator\.cjs/ },
    },
    resolve: {
      extensions: [".tsx", ".ts", ".js", ".mjs"],
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
    },
    module: { rules: [loader] },
    optimization: {
      // Webpack's default minimizer (terser) drops the unused icons of Fluent's icon barrel; esbuild's does not.
      // Vendor code shared by the pages lands in its own chunks so the task pane and harness cache them apart.
      splitChunks: { chunks: "all", maxInitialRequests: 6 },
      runtimeChunk: false,
    },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({
        "process.env.NODE_ENV": JSON.stringify(mode),
        __TOUCHBASE_ENTRA_CLIENT_ID__: JSON.stringify(process.env.TOUCHBASE_ENTRA_CLIENT_ID ?? ""),
        // Checked here so a mistyped authority fails the build, not a sign-in in Outlook.
        __TOUCHBASE_ENTRA_AUTHORITY__: JSON.stringify(
          entraAuthority(process.env.TOUCHBASE_ENTRA_AUTHORITY ?? ""),
        ),
        __TOUCHBASE_ADDIN_BASE_URL__: JSON.stringify(baseUrl),
        // Touchbase's own API scope (sign-in), checked here like the authority.
        __TOUCHBASE_API_SCOPE__: JSON.stringify(
          touchbaseApiScope(
            process.env.TOUCHBASE_ENTRA_API_SCOPE ?? "",
            process.env.TOUCHBASE_ENTRA_CLIENT_ID ?? "",
            baseUrl,
          ),
        ),
        // The server the Settings start with; only the URL remains there (sign-in replaced the token).
        __TOUCHBASE_SERVER_URL__: JSON.stringify(
          (process.env.TOUCHBASE_SERVER_URL ?? "").trim() || new URL(baseUrl).origin,
        ),
      }),
      page("taskpane.html", "Touchbase", ["taskpane"], true),
      ...(hasCommands ? [page("commands.html", "Touchbase commands", ["commands"], true)] : []),
      page("auth-dialog.html", "Touchbase — Microsoft sign-in", ["auth-dialog"], true),
      page("harness.html", "Touchbase — Outlook harness", ["harness"], false),
      // The harness's frames: the same task-pane and commands bundles, after a fake Office instead of office.js.
      page("harness-taskpane.html", "Touchbase", ["harness-office", "taskpane"], false),
      page(
        "harness-auth-dialog.html",
        "Touchbase — Microsoft sign-in",
        ["harness-dialog-office", "auth-dialog"],
        false,
      ),
      ...(hasCommands
        ? [page("harness-commands.html", "Touchbase commands", ["harness-office", "commands"], false)]
        : []),
      ...(iconPatterns.length
        ? [
            new CopyWebpackPlugin({
              patterns: iconPatterns.map((name) => ({
                from: resolve(ADDIN, "assets", name),
                to: `assets/${name}`,
              })),
            }),
          ]
        : []),
      new RenderManifestPlugin(baseUrl),
      new BuildStampPlugin(),
    ],
    stats: "errors-warnings",
  };
}

function simulatorConfig(mode: "production" | "development"): webpack.Configuration | null {
  if (!existsSync(SIMULATOR_ENTRY)) return null;
  return {
    name: "graph-simulator",
    mode,
    target: "node20",
    devtool: false,
    entry: { "graph-simulator": SIMULATOR_ENTRY },
    output: { path: OUT, filename: "[name].cjs", library: { type: "commonjs2" } },
    resolve: { extensions: [".ts", ".js", ".mjs"], extensionAlias: { ".js": [".ts", ".js"] } },
    module: { rules: [{ ...loader, options: { ...loader.options, target: "node20" } }] },
    // Readable stack traces beat a few KB here: it is a local test server.
    optimization: { minimize: false },
    node: { __dirname: false, __filename: false },
    performance: { hints: false },
    stats: "errors-warnings",
  };
}

export default (_env: unknown, argv: { mode?: string }): webpack.Configuration[] => {
  const mode = argv.mode === "development" ? "development" : "production";
  const baseUrl = addinBaseUrl();
  const simulator = simulatorConfig(mode);
  return simulator ? [browserConfig(mode, baseUrl), simulator] : [browserConfig(mode, baseUrl)];
};
