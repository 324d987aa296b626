import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleReport, pageScripts } from "./bundle-size";

describe("bundleReport", () => {
  it("counts only the local scripts the page loads as initial", () => {
    const dir = mkdtempSync(join(tmpdir(), "bundle-"));
    writeFileSync(
      join(dir, "taskpane.html"),
      `<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script><script defer src=vendor.1.js></script><script defer src="taskpane.2.js"></script>`,
    );
    writeFileSync(join(dir, "vendor.1.js"), "x".repeat(5000));
    writeFileSync(join(dir, "taskpane.2.js"), "console.log(1)");
    writeFileSync(join(dir, "lazy.3.js"), "y".repeat(100_000));
    const report = bundleReport(dir);
    expect(
      report.chunks
        .filter((c) => c.initial)
        .map((c) => c.file)
        .sort(),
    ).toEqual(["taskpane.2.js", "vendor.1.js"]);
    expect(report.initialGzip).toBe(report.chunks.filter((c) => c.initial).reduce((n, c) => n + c.gzip, 0));
    expect(report.chunks.find((c) => c.file === "lazy.3.js")?.initial).toBe(false);
  });

  it("fails loudly when the page names a script the build did not produce", () => {
    const dir = mkdtempSync(join(tmpdir(), "bundle-"));
    writeFileSync(join(dir, "taskpane.html"), `<script src="gone.js"></script>`);
    expect(() => bundleReport(dir)).toThrow(/gone\.js/);
    expect(pageScripts(`<script src='a.js'></script><script>inline()</script>`)).toEqual(["a.js"]);
  });
});
