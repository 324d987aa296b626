// The tests' own rebuild rule: dist/gmail-addon is stale when anything that goes into it is newer, or when it
// was built for another public URL. Checked on a throwaway tree, so the real dist/ is never disturbed.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD_INPUTS, staleBecause } from "./ensure-built";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function tree(url = "https://touchbase.example.com/"): string {
  const root = mkdtempSync(join(tmpdir(), "tb-ensure-built-"));
  roots.push(root);
  const put = (path: string, text: string, secondsAgo: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(full, t, t);
  };
  put("gmail-addon/src/entry.ts", "", 100);
  put("gmail-addon/build/build-addon.ts", "", 100);
  put("gmail-addon/webpack.config.ts", "", 100);
  put("shared/index.ts", "", 100);
  put("appsscript.json", "{}", 100);
  put("package.json", "{}", 100);
  put("package-lock.json", "{}", 100);
  put("dist/gmail-addon/Code.js", "", 10);
  put("dist/gmail-addon/appsscript.json", JSON.stringify({ urlFetchWhitelist: [url] }), 10);
  return root;
}

describe("staleBecause", () => {
  const env = { TOUCHBASE_PUBLIC_URL: undefined };

  it("is current when the build is newer than every input and for the same public URL", () => {
    expect(staleBecause({ root: tree(), env })).toBeNull();
  });

  it.each(BUILD_INPUTS)("rebuilds when %s changed after the build", (input) => {
    const root = tree();
    const path = join(root, input, input.includes(".") ? "" : "changed.ts");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "// newer");
    expect(staleBecause({ root, env })).toBe(`${input} changed after the last build`);
  });

  it("rebuilds for another TOUCHBASE_PUBLIC_URL, compared in normalized form", () => {
    const root = tree("https://crm.acme.io/touchbase/");
    expect(staleBecause({ root, env: { TOUCHBASE_PUBLIC_URL: "https://CRM.acme.io/touchbase" } })).toBeNull();
    expect(staleBecause({ root, env })).toMatch(
      /another TOUCHBASE_PUBLIC_URL than https:\/\/touchbase\.example\.com\//,
    );
  });

  it("rebuilds when dist/ is missing", () => {
    const root = tree();
    rmSync(join(root, "dist"), { recursive: true });
    expect(staleBecause({ root, env })).toBe("dist/gmail-addon is missing");
  });

  it("names the inputs the build reads", () => {
    expect(BUILD_INPUTS).toEqual(
      expect.arrayContaining([
        "gmail-addon/src",
        "gmail-addon/build",
        "gmail-addon/webpack.config.ts",
        "shared",
        "package.json",
      ]),
    );
  });
});
