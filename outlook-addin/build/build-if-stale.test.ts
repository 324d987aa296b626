import { describe, expect, it } from "vitest";
import { buildIfStale, staleReason } from "../../dev/build-if-stale";
import { fakeRepos, T0, touch, writeStamp } from "../../dev/fake-repo";
import { OUTLOOK_ADDIN } from "./build-if-stale";

// A fake repository on disk: sources with chosen modification times and a build stamp.

const repo = fakeRepos("build-if-stale-", {
  "outlook-addin/src/taskpane/index.tsx": "x",
  "outlook-addin/node_modules/dep/index.js": "x",
  "outlook-addin/src/sync/outbox.test.ts": "x",
  "outlook-addin/src/taskpane/App.test.tsx": "x",
  "outlook-addin/e2e/sign-in.test.ts": "x",
  "outlook-addin/bench/bench-outlook.ts": "x",
  "outlook-addin/README.md": "x",
  "shared/index.ts": "x",
  "manifest.xml": "<x/>",
  "package-lock.json": "{}",
});
const stamp = (root: string, startedAt: number) => writeStamp(root, OUTLOOK_ADDIN, startedAt);

describe("build-if-stale (npm start's prestart)", () => {
  it("builds a fresh clone (no dist), then not again until a source changes", async () => {
    const root = repo();
    const lines: string[] = [];
    let builds = 0;
    const build = async () => {
      builds++;
      stamp(root, (T0 + 100) * 1000);
      return { ok: true, output: "webpack chatter" };
    };
    expect(await buildIfStale(OUTLOOK_ADDIN, { root, build, write: (t) => lines.push(t) })).toBe(true);
    expect(lines.join("")).toMatch(
      /^Building the Outlook add-in \(dist\/outlook-addin is missing\)… done in \d+ s\.\n$/,
    );
    expect(await buildIfStale(OUTLOOK_ADDIN, { root, build, write: (t) => lines.push(t) })).toBe(false);
    expect(builds).toBe(1);
  });

  it("each source counts: the add-in, the core, the manifest, the lockfile; node_modules and tests do not", () => {
    const root = repo();
    stamp(root, (T0 + 100) * 1000);
    expect(staleReason(OUTLOOK_ADDIN, root)).toBeNull();
    touch(root, "outlook-addin/node_modules/dep/index.js", T0 + 500);
    expect(staleReason(OUTLOOK_ADDIN, root)).toBeNull();
    // Not bundled, so no rebuild: tests, E2E suites, benchmarks, docs.
    for (const file of [
      "outlook-addin/src/sync/outbox.test.ts",
      "outlook-addin/src/taskpane/App.test.tsx",
      "outlook-addin/e2e/sign-in.test.ts",
      "outlook-addin/bench/bench-outlook.ts",
      "outlook-addin/README.md",
    ]) {
      touch(root, file, T0 + 500);
      expect(staleReason(OUTLOOK_ADDIN, root), file).toBeNull();
    }
    for (const file of [
      "outlook-addin/src/taskpane/index.tsx",
      "shared/index.ts",
      "manifest.xml",
      "package-lock.json",
    ]) {
      touch(root, file, T0 + 200);
      expect(staleReason(OUTLOOK_ADDIN, root)).toBe(`${file} changed since the last build`);
      touch(root, file, T0);
    }
  });

  it("a failed build stops npm start with the build's own output", async () => {
    const root = repo();
    const lines: string[] = [];
    await expect(
      buildIfStale(OUTLOOK_ADDIN, {
        root,
        build: async () => ({ ok: false, output: "ERROR in ./src/x.ts" }),
        write: (t) => lines.push(t),
      }),
    ).rejects.toThrow("The Outlook add-in did not build:\nERROR in ./src/x.ts");
    expect(lines.join("")).toContain("failed.");
  });
});
