// `npm start`'s prestarts (outlook-addin/build, web/build) rebuild a bundle only when what goes into it changed:
// the newest modification time among its sources. Tests, E2E suites, benchmarks and docs are not bundled, so
// editing one does not cost a rebuild.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "test-results", "e2e", "bench", "docs"]);
const NOT_BUNDLED = /\.test\.tsx?$|\.md$/;

/** The newest modification time among the sources (ms), and which file it was (relative to root). */
export function newestSource(root: string, sources: string[]): { mtimeMs: number; file: string } {
  let newest = { mtimeMs: 0, file: "" };
  const visit = (path: string) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return; // a source that is not there (yet) changes nothing
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) if (!SKIPPED_FOLDERS.has(name)) visit(join(path, name));
    } else if (!NOT_BUNDLED.test(path) && info.mtimeMs > newest.mtimeMs) {
      newest = { mtimeMs: info.mtimeMs, file: relative(root, path) };
    }
  };
  for (const source of sources) visit(join(root, source));
  return newest;
}
