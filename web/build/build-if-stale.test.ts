import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildIfStale, staleReason, stampFile } from "../../dev/build-if-stale";
import { fakeRepos, T0, touch, writeStamp } from "../../dev/fake-repo";
import { WEB } from "./build-if-stale";

// A fake repository on disk: the web workspace's sources with chosen modification times, and what a build leaves.

const repo = fakeRepos("web-build-if-stale-", {
  "web/src/index.tsx": "x",
  "web/e2e/customers.test.ts": "x",
  "ui/email-frame.tsx": "x",
  "shared/index.ts": "x",
  "package-lock.json": "{}",
});

/** What a build started at `started` and ended at `ended` (seconds) leaves in dist/web. */
function built(root: string, started: number, ended: number) {
  writeStamp(root, WEB, started * 1000);
  writeFileSync(join(root, WEB.dist, "index.html"), "<!doctype html>");
  touch(root, stampFile(WEB), ended);
  touch(root, join(WEB.dist, "index.html"), ended);
}

describe("web build-if-stale (npm start's prestart)", () => {
  it("a source saved while the build ran is stale: the stamp says when the build started, not ended", () => {
    const root = repo();
    built(root, T0 + 100, T0 + 200);
    expect(staleReason(WEB, root)).toBeNull();
    touch(root, "web/src/index.tsx", T0 + 150);
    expect(staleReason(WEB, root)).toBe("web/src/index.tsx changed since the last build");
  });

  it("each source counts: the workspace, the shared UI, the core, the lockfile; its E2E suite does not", () => {
    const root = repo();
    built(root, T0 + 100, T0 + 200);
    touch(root, "web/e2e/customers.test.ts", T0 + 500);
    expect(staleReason(WEB, root)).toBeNull();
    for (const file of ["web/src/index.tsx", "ui/email-frame.tsx", "shared/index.ts", "package-lock.json"]) {
      touch(root, file, T0 + 300);
      expect(staleReason(WEB, root)).toBe(`${file} changed since the last build`);
      touch(root, file, T0);
    }
  });

  it("a dist/web built before it had a stamp is rebuilt once", () => {
    const root = repo();
    mkdirSync(join(root, WEB.dist), { recursive: true });
    writeFileSync(join(root, WEB.dist, "index.html"), "<!doctype html>");
    expect(staleReason(WEB, root)).toBe("dist/web has no build stamp");
  });

  it("a failed build is reported and npm start goes on", async () => {
    const root = repo();
    const lines: string[] = [];
    const errors: string[] = [];
    const result = await buildIfStale(WEB, {
      root,
      build: async () => ({ ok: false, output: "ERROR in ./src/x.ts\n" }),
      write: (t) => lines.push(t),
      writeError: (t) => errors.push(t),
    });
    expect(result).toBe(false);
    expect(lines.join("")).toBe("Building the web workspace (dist/web is missing)… failed.\n");
    expect(errors.join("")).toBe(
      "ERROR in ./src/x.ts\ntouchbase: the web workspace did not build; /app says so until it does.\n",
    );
  });
});
