// `npm start`'s prestart: builds the Outlook add-in when dist/outlook-addin is missing or older than its sources,
// so `npm install && npm start` brings up the harness on a fresh clone (the work: dev/build-if-stale.ts).
import { resolve } from "node:path";
import { type Bundle, prestart } from "../../dev/build-if-stale";

export const OUTLOOK_ADDIN: Bundle = {
  label: "the Outlook add-in",
  /** What the build reads: the add-in, the core, the manifest and the locked dependencies. */
  sources: ["outlook-addin", "shared", "manifest.xml", "package-lock.json"],
  dist: "dist/outlook-addin",
  webpackConfig: "outlook-addin/webpack.config.ts",
  // The harness is what `npm start` serves at /: without the add-in there is nothing to start.
  failed: "stop",
};

if (process.argv[1] && /build-if-stale\.[cm]?[jt]s$/.test(process.argv[1])) {
  prestart(OUTLOOK_ADDIN, resolve(import.meta.dirname, "../.."));
}
