// The core must run where Apps Script runs: V8 with ECMAScript built-ins only (no modules, fetch, URL,
// TextEncoder, timers, Buffer, process). This bundles the core with its dependencies (zod, tldts, tr46, the
// provider list) into one script and runs the key cases inside a bare `vm` context.
import { build } from "esbuild";
import { runInContext, createContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { KEY_CASES } from "./key-cases";

const MISSING_IN_APPS_SCRIPT = [
  "fetch",
  "URL",
  "TextEncoder",
  "TextDecoder",
  "setTimeout",
  "Buffer",
  "process",
  "require",
  "atob",
  "window",
];

let bundle = "";

beforeAll(async () => {
  const entry = `
    import { KEY_CASES } from ${JSON.stringify(fileURLToPath(new URL("./key-cases.ts", import.meta.url)))};
    import * as core from ${JSON.stringify(fileURLToPath(new URL("../index.ts", import.meta.url)))};
    globalThis.runKeyCases = () => JSON.stringify(KEY_CASES.map((c) => {
      try { return { name: c.name, value: c.run() }; } catch (e) { return { name: c.name, threw: String(e) }; }
    }));
    globalThis.validateBatch = (payload) => core.EmailBatchRequestSchema.safeParse(payload).success;
  `;
  const result = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
    bundle: true,
    format: "iife",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2020",
    write: false,
    logLevel: "silent",
  });
  bundle = result.outputFiles[0].text;
});

function bareContext() {
  const context = createContext({});
  for (const name of MISSING_IN_APPS_SCRIPT) {
    expect(runInContext(`typeof ${name}`, context), `${name} must not exist in the bare context`).toBe(
      "undefined",
    );
  }
  return context;
}

describe("the core in a bare V8 context (as in Apps Script)", () => {
  it("loads without touching anything Apps Script lacks and without module-level side effects", () => {
    const context = bareContext();
    expect(() => runInContext(bundle, context)).not.toThrow();
  });

  it("gives the same answers to every key case as in Node", () => {
    const context = bareContext();
    runInContext(bundle, context);
    const results = JSON.parse(runInContext("runKeyCases()", context) as string) as {
      name: string;
      value?: unknown;
      threw?: string;
    }[];
    expect(results.map((r) => r.threw).filter(Boolean)).toEqual([]);
    for (const [i, c] of KEY_CASES.entries()) {
      expect(results[i].value, c.name).toEqual(JSON.parse(JSON.stringify(c.expected)));
    }
  });

  it("runs the zod wire schemas there too", () => {
    const context = bareContext();
    runInContext(bundle, context);
    const ok = { emails: [{ messageId: "<a@b>", from: "a@acme.com", sentAt: "2026-01-02T03:04:05Z" }] };
    expect(runInContext(`validateBatch(${JSON.stringify(ok)})`, context)).toBe(true);
    expect(runInContext(`validateBatch({ emails: [{ from: 1 }] })`, context)).toBe(false);
  });
});
