import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { spawnBackend } from "../../dev/spawn-backend";
import {
  checkAgainstBuild,
  checkResids,
  functionNames,
  manifestUrls,
  SCHEMA_DIR,
  validateManifestSchema,
} from "./manifest-checks";
import { DEV_BASE_URL, renderManifest } from "./render-manifest";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = join(ROOT, "dist/outlook-addin");
const manifest = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const examples = join(SCHEMA_DIR, "examples");

describe("manifest.xml against Microsoft's schemas", () => {
  it("validates", async () => {
    expect(await validateManifestSchema(manifest)).toEqual({ valid: true, errors: [] });
  });

  it("has what the issue asks for: MailApp, nested overrides, the two buttons, Mailbox 1.5, the permission multi-select needs", () => {
    expect(manifest).toMatch(/xsi:type="MailApp"/);
    expect(manifest).toMatch(
      /xsi:type="VersionOverridesV1_0">\s*<VersionOverrides [^>]*xsi:type="VersionOverridesV1_1"/,
    );
    expect(manifest).toMatch(/<ExtensionPoint xsi:type="MessageReadCommandSurface">/);
    expect(manifest).toMatch(
      /<Action xsi:type="ShowTaskpane">[\s\S]*<SupportsPinning>true<\/SupportsPinning>[\s\S]*<SupportsMultiSelect>true<\/SupportsMultiSelect>/,
    );
    expect(manifest).toMatch(/<Permissions>ReadWriteMailbox<\/Permissions>/);
    expect(manifest).toMatch(/<bt:Sets DefaultMinVersion="1\.5">/);
    expect(functionNames(manifest)).toEqual(["syncFolder"]);
    // Required 16, 32, 80 and the optional 20, 24, 40, 48, 64, on both buttons.
    for (const size of [16, 20, 24, 32, 40, 48, 64, 80]) {
      const image = `<bt:Image size="${size}" resid="Icon.${size}x${size}"/>`;
      expect(manifest.split(image)).toHaveLength(3);
    }
    expect(manifestUrls(manifest).every((u) => u.startsWith(DEV_BASE_URL))).toBe(true);
  });

  it("every resid resolves", () => {
    expect(checkResids(manifest)).toEqual([]);
  });
});

describe("the vendored examples give the errors they should", () => {
  const files = readdirSync(examples).filter((f) => f.endsWith(".xml"));

  it("covers every example", () => {
    expect(files.sort()).toEqual([
      "bad-missing-resid.xml",
      "bad-order.xml",
      "bad-pinning-in-v1_0.xml",
      "bad-resid-too-long.xml",
      "bad-xsitype-action.xml",
      "bad-xsitype-extpoint.xml",
      "dangling-resid.xml",
      "good-new-elements.xml",
    ]);
  });

  const expectedError: Record<string, RegExp> = {
    "bad-missing-resid.xml": /attribute 'resid' is required but missing/,
    "bad-order.xml": /SupportsPinning': This element is not expected\. Expected is .*SourceLocation/,
    "bad-pinning-in-v1_0.xml": /mailappversionoverrides\}SupportsPinning': This element is not expected/,
    "bad-resid-too-long.xml": /\[facet 'maxLength'\]/,
    "bad-xsitype-action.xml": /ShowTaskPane' of the xsi:type attribute does not resolve/,
    "bad-xsitype-extpoint.xml": /MessageComposeCommandSurfaces' of the xsi:type attribute does not resolve/,
  };
  for (const [file, error] of Object.entries(expectedError)) {
    it(`${file} fails schema validation`, async () => {
      const result = await validateManifestSchema(readFileSync(join(examples, file), "utf8"));
      expect(result.valid).toBe(false);
      expect(result.errors.join("\n")).toMatch(error);
    });
  }

  it("good-new-elements.xml passes both checks", async () => {
    const xml = readFileSync(join(examples, "good-new-elements.xml"), "utf8");
    expect(await validateManifestSchema(xml)).toEqual({ valid: true, errors: [] });
    expect(checkResids(xml)).toEqual([]);
  });

  it("dangling-resid.xml passes the schema (it has no keyrefs) but fails the resid check", async () => {
    const xml = readFileSync(join(examples, "dangling-resid.xml"), "utf8");
    expect((await validateManifestSchema(xml)).valid).toBe(true);
    const problems = checkResids(xml);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^resid ".+" does not name any resource\.$/);
  });
});

describe("renderManifest", () => {
  it("moves every URL to a production base, keeps the manifest valid, and sets AppDomain to the origin", async () => {
    const xml = renderManifest(manifest, "https://touchbase.example.com/app/");
    expect(xml.replace(/<!--[\s\S]*?-->/g, "")).not.toContain("localhost");
    expect(manifestUrls(xml).every((u) => u.startsWith("https://touchbase.example.com/app/"))).toBe(true);
    expect(xml).toContain("<AppDomain>https://touchbase.example.com</AppDomain>");
    expect(xml).toContain('DefaultValue="https://touchbase.example.com/app/outlook/taskpane.html"');
    expect(await validateManifestSchema(xml)).toEqual({ valid: true, errors: [] });
    expect(checkResids(xml)).toEqual([]);
  });

  it("escapes XML in the URL and refuses what is not an http(s) base", () => {
    expect(renderManifest(manifest, "https://h.example.com/a&b")).toContain(
      "https://h.example.com/a&amp;b/outlook/",
    );
    expect(() => renderManifest(manifest, "ftp://x")).toThrow(/must use https/);
    expect(() => renderManifest(manifest, "not a url")).toThrow(/absolute URL/);
    expect(() => renderManifest(manifest, "https://x.example.com/?q=1")).toThrow(/query or fragment/);
  });
});

describe("the built add-in matches its manifest", () => {
  beforeAll(() => {
    // `npm test` builds first; run alone, build once here so the check has something real to look at.
    if (!existsSync(join(DIST, "commands.html")) || !existsSync(join(DIST, "manifest.xml"))) {
      execFileSync("npm", ["run", "build:outlook"], { cwd: ROOT, stdio: "inherit" });
    }
  }, 600_000);

  it("every URL is a built file and syncFolder is registered with Office.actions.associate in commands.js", async () => {
    const built = readFileSync(join(DIST, "manifest.xml"), "utf8");
    const base = /<SourceLocation DefaultValue="(.*?)\/outlook\/taskpane\.html"/.exec(built)?.[1];
    expect(base).toBeTruthy();
    expect(await validateManifestSchema(built)).toEqual({ valid: true, errors: [] });
    expect(checkAgainstBuild(built, DIST, base!)).toEqual([]);
  });

  it("the check catches an unregistered function and a URL the build does not produce", () => {
    const broken = manifest
      .replace("<FunctionName>syncFolder</FunctionName>", "<FunctionName>syncEverything</FunctionName>")
      .replace("/outlook/assets/icon-80.png", "/outlook/assets/icon-81.png");
    const problems = checkAgainstBuild(broken, DIST, DEV_BASE_URL);
    expect(problems).toEqual([
      expect.stringContaining("icon-81.png"),
      'FunctionName "syncEverything" is not registered with Office.actions.associate in commands.html\'s scripts.',
    ]);
  });

  it(
    "the backend serves every icon the manifest names without a Cache-Control header",
    { timeout: 120_000 },
    async () => {
      const built = readFileSync(join(DIST, "manifest.xml"), "utf8");
      const icons = manifestUrls(built).filter((u) => u.endsWith(".png"));
      expect(icons.length).toBeGreaterThanOrEqual(10);
      const backend = await spawnBackend({ timeoutMs: 90_000 });
      try {
        for (const icon of icons) {
          const response = await fetch(`${backend.url}${new URL(icon).pathname}`);
          expect(response.status, icon).toBe(200);
          expect(response.headers.get("content-type"), icon).toBe("image/png");
          // Office substitutes a generic image for an icon served with Cache-Control (Image element docs).
          expect(response.headers.get("cache-control"), icon).toBeNull();
        }
        const page = await fetch(`${backend.url}/outlook/taskpane.html`);
        expect(page.headers.get("cache-control")).toBe("no-cache");
      } finally {
        await backend.stop();
      }
    },
  );
});
