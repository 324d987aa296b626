// The artifact clasp pushes: dist/gmail-addon/Code.js and appsscript.json. Every function the manifest (and the
// add-on's own actions and trigger) names must be a top-level declaration, and the code must not reach for
// globals Apps Script V8 lacks.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { Linter } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAddon } from "../build/build-addon";
import { checkBundleFunctions, topLevelFunctions } from "../build/bundle-functions";
import { AppsScriptManifestSchema } from "../build/manifest-schema";
import { BUILT_CODE, BUILT_MANIFEST } from "../simulator/apps-script-sandbox";
import { ensureBuilt } from "./ensure-built";

const SERVICES = [
  "CardService",
  "GmailApp",
  "PropertiesService",
  "CacheService",
  "LockService",
  "ScriptApp",
  "Session",
  "Utilities",
  "UrlFetchApp",
  "console",
  "Logger",
];

/**
 * zod functions that mention atob/btoa/URL; they run only for z.base64(), z.jwt(), z.url() and codecs, which
 * the wire contract does not use (checked below), so Apps Script never reaches them.
 */
const UNREACHED_LIBRARY_CODE: Record<string, string[]> = {
  atob: ["base64ToUint8Array", "isValidBase64", "isValidJWT"],
  btoa: ["uint8ArrayToBase64"],
  URL: ["canParseURL", "parseURLObject"],
};

let code = "";
beforeAll(async () => {
  await ensureBuilt();
  code = readFileSync(BUILT_CODE, "utf8");
}, 120_000);

function enclosingFunction(lines: string[], line: number): string {
  for (let i = line - 1; i >= 0; i--) {
    const m = /^\s*(?:export\s+)?function\s+([\w$]+)\s*\(/.exec(lines[i]);
    if (m) return m[1];
  }
  return "(top level)";
}

describe("the built bundle", () => {
  it("declares every manifest function, the action router and the background trigger at top level", () => {
    const manifest = AppsScriptManifestSchema.parse(JSON.parse(readFileSync(BUILT_MANIFEST, "utf8")));
    expect(checkBundleFunctions(code, manifest, ["onCardAction", "onBackgroundSync"])).toEqual([]);
    expect(topLevelFunctions(code).size).toBe(7);
  });

  it("references no global beyond ECMAScript and the Apps Script services, outside unreached library code", () => {
    const globals: Record<string, "readonly"> = {};
    for (const name of Object.getOwnPropertyNames(vm.runInNewContext("globalThis")))
      globals[name] = "readonly";
    for (const name of SERVICES) globals[name] = "readonly";
    const messages = new Linter({ configType: "flat" }).verify(code, [
      {
        languageOptions: { ecmaVersion: 2022, sourceType: "script", globals },
        rules: { "no-undef": "error" },
      },
    ]);
    const lines = code.split("\n");
    const unexpected = messages
      .map((m) => ({
        name: /'([^']+)'/.exec(m.message)?.[1] ?? m.message,
        fn: enclosingFunction(lines, m.line),
      }))
      .filter(({ name, fn }) => !(UNREACHED_LIBRARY_CODE[name] ?? []).includes(fn));
    expect(unexpected).toEqual([]);
    expect(messages.length).toBeGreaterThan(0); // the check sees zod's validators, so it is really looking
  });

  it("only uses zod features that stay inside Apps Script", () => {
    const contract = readFileSync(join(import.meta.dirname, "../../shared/api/schemas.ts"), "utf8");
    expect(contract).not.toMatch(/\.(url|base64|base64url|jwt|httpUrl)\(|codec\(/);
  });

  it("loads in a bare V8 context with nothing but ECMAScript", () => {
    const context = vm.createContext({});
    expect(() => new vm.Script(code, { filename: "Code.js" }).runInContext(context)).not.toThrow();
    expect(typeof (context as Record<string, unknown>).onGmailMessageOpen).toBe("function");
  });
});

describe("clasp", () => {
  it("pushes exactly the built bundle and its manifest from dist/gmail-addon", () => {
    const root = join(import.meta.dirname, "../..");
    const out = execFileSync(join(root, "node_modules/.bin/clasp"), ["show-file-status", "--json"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    const status = JSON.parse(out.slice(out.indexOf("{"))) as { filesToPush: string[] };
    expect(status.filesToPush.sort()).toEqual([
      "dist/gmail-addon/Code.js",
      "dist/gmail-addon/appsscript.json",
    ]);
  });
});

describe("building for another server", () => {
  it("bakes the public URL into the code and both allow-lists, and refuses http", async () => {
    const out = mkdtempSync(join(tmpdir(), "tb-gmail-build-"));
    try {
      const result = await buildAddon({ publicUrl: "https://crm.acme.io/touchbase", outDir: out });
      expect(result.publicUrl).toBe("https://crm.acme.io/touchbase/");
      const manifest = JSON.parse(readFileSync(join(out, "appsscript.json"), "utf8"));
      expect(manifest.urlFetchWhitelist).toEqual(["https://crm.acme.io/touchbase/"]);
      expect(manifest.addOns.common.openLinkUrlPrefixes).toEqual(["https://crm.acme.io/touchbase/"]);
      expect(readFileSync(join(out, "Code.js"), "utf8")).toContain('"https://crm.acme.io/touchbase/"');
      await expect(buildAddon({ publicUrl: "http://crm.acme.io/", outDir: out })).rejects.toThrow(
        /must be an https URL/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
