// A bundle's build stamp: `build-stamp.json` ({ startedAt }, ms since epoch) in its output folder, written by
// every webpack build of the Outlook add-in and the web workspace. `npm start` (dev/build-if-stale.ts) compares
// sources with when the last build STARTED: a source saved while webpack runs is newer than the stamp, so the next
// start rebuilds (the output's own files are written when the build ends, after such a save).
import { existsSync, readFileSync } from "node:fs";
import type webpack from "webpack";

export const BUILD_STAMP = "build-stamp.json";

/** Emits `build-stamp.json` with every build. Types only from webpack: it is the compiler's own at run time. */
export class BuildStampPlugin {
  apply(compiler: webpack.Compiler): void {
    const { Compilation, sources } = compiler.webpack;
    let startedAt = Date.now();
    const mark = () => void (startedAt = Date.now());
    compiler.hooks.run.tap("BuildStampPlugin", mark);
    compiler.hooks.watchRun.tap("BuildStampPlugin", mark);
    compiler.hooks.thisCompilation.tap("BuildStampPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "BuildStampPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          compilation.emitAsset(BUILD_STAMP, new sources.RawSource(JSON.stringify({ startedAt })));
        },
      );
    });
  }
}

/** When the build that wrote this stamp started (ms), or null when there is no readable stamp. */
export function readBuildStamp(file: string): number | null {
  if (!existsSync(file)) return null;
  try {
    const startedAt = (JSON.parse(readFileSync(file, "utf8")) as { startedAt?: unknown }).startedAt;
    return typeof startedAt === "number" ? startedAt : null;
  } catch {
    return null;
  }
}
