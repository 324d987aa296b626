// The prestarts' tests (outlook-addin/build, web/build) work on a fake repository on disk: source files with chosen
// modification times, and the build stamp a build leaves. Temporary folders are removed after each test.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { stampFile, type Bundle } from "./build-if-stale";

/** Every file's modification time, in seconds (as utimes wants): 2026-01-01. */
export const T0 = Date.UTC(2026, 0, 1) / 1000;

/** Sets a file's modification time (seconds). */
export const touch = (root: string, file: string, seconds: number) =>
  utimesSync(join(root, file), seconds, seconds);

/** Writes the bundle's build stamp: a build that started at `startedAtMs`. */
export function writeStamp(root: string, bundle: Bundle, startedAtMs: number): void {
  const stamp = stampFile(bundle);
  mkdirSync(join(root, stamp, ".."), { recursive: true });
  writeFileSync(join(root, stamp), JSON.stringify({ startedAt: startedAtMs }));
}

/** Returns a maker of fake repositories holding `files` (path → text), each file dated T0; removed after each test. */
export function fakeRepos(prefix: string, files: Record<string, string>): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  return () => {
    const root = mkdtempSync(join(tmpdir(), prefix));
    made.push(root);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, file, ".."), { recursive: true });
      writeFileSync(join(root, file), text);
      touch(root, file, T0);
    }
    return root;
  };
}
