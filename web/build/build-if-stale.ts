// `npm start`'s prestart (after the Outlook add-in's): builds the web workspace when dist/web is missing or older
// than its sources, so `npm install && npm start` serves /app on a fresh clone (the work: dev/build-if-stale.ts).
import { resolve } from "node:path";
import { type Bundle, prestart } from "../../dev/build-if-stale";

export const WEB: Bundle = {
  label: "the web workspace",
  /** What the build reads: the workspace, the shared browser UI, the core and the locked dependencies. */
  sources: ["web/src", "ui", "shared", "package-lock.json"],
  dist: "dist/web",
  webpackConfig: "web/webpack.config.ts",
  // The server and the add-in work without it; /app shows a page saying it is not built.
  failed: { goOn: "/app says so until it does." },
};

if (process.argv[1] && /build-if-stale\.[cm]?[jt]s$/.test(process.argv[1])) {
  prestart(WEB, resolve(import.meta.dirname, "../.."));
}
