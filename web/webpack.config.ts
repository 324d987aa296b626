// The web workspace build: one browser compilation into dist/web, served by the backend under /app. Pages are
// separate chunks (React.lazy), so the first screen loads only the shell and the page it shows. No inline script:
// the page works under the backend's strict Content-Security-Policy (script-src 'self').
import { resolve } from "node:path";
import webpack from "webpack";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import { BuildStampPlugin } from "../dev/build-stamp";

const WEB = import.meta.dirname;
const ROOT = resolve(WEB, "..");
const OUT = resolve(ROOT, "dist/web");
const PUBLIC_PATH = "/app/";

export default (_env: unknown, argv: { mode?: string }): webpack.Configuration => {
  const mode = argv.mode === "development" ? "development" : "production";
  return {
    name: "web",
    mode,
    target: ["web", "es2020"],
    // No eval-based source maps in development either: the CSP forbids eval.
    devtool: "source-map",
    entry: { web: resolve(WEB, "src/index.tsx") },
    output: {
      path: OUT,
      publicPath: PUBLIC_PATH,
      filename: mode === "production" ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: mode === "production" ? "[name].[contenthash:8].js" : "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".tsx", ".ts", ".js", ".mjs"],
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
    },
    module: {
      rules: [
        {
          test: /\.[cm]?tsx?$/,
          loader: "esbuild-loader",
          options: { target: "es2020", jsx: "automatic", tsconfig: resolve(WEB, "tsconfig.json") },
        },
      ],
    },
    optimization: { splitChunks: { chunks: "async" }, runtimeChunk: false },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({ "process.env.NODE_ENV": JSON.stringify(mode) }),
      new HtmlWebpackPlugin({
        filename: "index.html",
        template: resolve(WEB, "src/page.html"),
        publicPath: PUBLIC_PATH,
        scriptLoading: "defer",
        minify: false,
      }),
      new CopyWebpackPlugin({ patterns: [{ from: resolve(WEB, "src/web.css"), to: "web.css" }] }),
      // build-stamp.json, for `npm start` (build/build-if-stale.ts). The server never serves it: /app serves only
      // the built file types it knows (not .json).
      new BuildStampPlugin(),
    ],
    stats: "errors-warnings",
  };
};
