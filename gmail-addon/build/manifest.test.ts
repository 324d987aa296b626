import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildManifest, DEFAULT_PUBLIC_URL, normalizePublicUrl } from "./manifest";
import { AppsScriptManifestSchema, manifestFunctionNames } from "./manifest-schema";

const source = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../appsscript.json"), "utf8"));
const clone = () => structuredClone(source) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- poking at raw JSON shapes

describe("normalizePublicUrl", () => {
  it.each([
    ["https://touchbase.example.com", "https://touchbase.example.com/"],
    ["https://Touchbase.Example.com/api//", "https://touchbase.example.com/api/"],
    [" https://tb.acme.io/touchbase ", "https://tb.acme.io/touchbase/"],
  ])("turns %s into %s", (raw, expected) => {
    expect(normalizePublicUrl(raw)).toBe(expected);
  });

  it.each([
    "http://touchbase.example.com/",
    "touchbase.example.com",
    "https://*.example.com/",
    "https://u:p@x.com/",
    "https://x.com/?a=1",
  ])("rejects %s with a sentence", (raw) => {
    expect(() => normalizePublicUrl(raw)).toThrow(/TOUCHBASE_PUBLIC_URL must/);
  });
});

describe("the manifest schema", () => {
  it("accepts the project's manifest and generates the URL allow-lists from the public URL", () => {
    const manifest = buildManifest(source, "https://tb.acme.io/touchbase");
    expect(manifest.urlFetchWhitelist).toEqual(["https://tb.acme.io/touchbase/"]);
    expect(manifest.addOns.common.openLinkUrlPrefixes).toEqual(["https://tb.acme.io/touchbase/"]);
    expect(manifest.runtimeVersion).toBe("V8");
    expect(manifestFunctionNames(manifest).sort()).toEqual(
      ["onGmailMessageOpen", "onHelpAction", "onHomepage", "onSettingsAction", "onSyncLabelsAction"].sort(),
    );
  });

  it("asks only for the scopes the add-on uses", () => {
    expect(buildManifest(source, DEFAULT_PUBLIC_URL).oauthScopes.sort()).toEqual(
      [
        "https://www.googleapis.com/auth/gmail.addons.execute",
        "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
        "https://www.googleapis.com/auth/gmail.readonly",
        "https://www.googleapis.com/auth/script.external_request",
        "https://www.googleapis.com/auth/script.storage",
        "https://www.googleapis.com/auth/script.locale",
        "https://www.googleapis.com/auth/script.scriptapp",
        "https://www.googleapis.com/auth/userinfo.email",
        "openid",
      ].sort(),
    );
  });

  it.each([
    ["top level", (m: ReturnType<typeof clone>) => (m.timezone = "Etc/UTC")],
    ["addOns", (m: ReturnType<typeof clone>) => (m.addOns.calendar = {})],
    ["common", (m: ReturnType<typeof clone>) => (m.addOns.common.homepageTriger = { runFunction: "x" })],
    ["gmail", (m: ReturnType<typeof clone>) => (m.addOns.gmail.contextualTrigger = [])],
    [
      "a contextual trigger",
      (m: ReturnType<typeof clone>) => (m.addOns.gmail.contextualTriggers[0].runFunction = "x"),
    ],
    [
      "a universal action",
      (m: ReturnType<typeof clone>) => (m.addOns.common.universalActions[0].url = "https://x/"),
    ],
  ])("rejects an unknown key in %s", (_where, mutate) => {
    const m = clone();
    mutate(m);
    expect(AppsScriptManifestSchema.safeParse(m).success).toBe(false);
  });

  it("accepts a compose trigger and checks its rules", () => {
    const m = clone();
    m.addOns.gmail.composeTrigger = {
      selectActions: [{ text: "Insert customer", runFunction: "onCompose" }],
      draftAccess: "METADATA",
    };
    expect(AppsScriptManifestSchema.safeParse(m).success).toBe(true);
    m.addOns.gmail.composeTrigger.selectActions.push({ text: "Second", runFunction: "onCompose2" });
    expect(AppsScriptManifestSchema.safeParse(m).success).toBe(false);
    m.addOns.gmail.composeTrigger.selectActions.pop();
    m.oauthScopes = m.oauthScopes.filter((s: string) => !s.includes("current.message"));
    expect(AppsScriptManifestSchema.safeParse(m).error?.issues[0].message).toMatch(
      /draftAccess METADATA needs/,
    );
  });

  it.each([
    ["an http whitelist entry", (m: ReturnType<typeof clone>) => (m.urlFetchWhitelist = ["http://x.com/"])],
    [
      "a whitelist entry without a path",
      (m: ReturnType<typeof clone>) => (m.urlFetchWhitelist = ["https://x.com"]),
    ],
    [
      "a function name with a dot",
      (m: ReturnType<typeof clone>) => (m.addOns.common.homepageTrigger.runFunction = "a.b"),
    ],
    [
      "a universal action with both link and function",
      (m: ReturnType<typeof clone>) => (m.addOns.common.universalActions[0].openLink = "https://x.com/"),
    ],
    ["a non-V8 runtime", (m: ReturnType<typeof clone>) => (m.runtimeVersion = "DEPRECATED_ES5")],
    ["a duplicate scope", (m: ReturnType<typeof clone>) => m.oauthScopes.push(m.oauthScopes[0])],
    [
      "Gmail triggers without gmail.addons.execute",
      (m: ReturnType<typeof clone>) => (m.oauthScopes = m.oauthScopes.slice(1)),
    ],
  ])("rejects %s", (_what, mutate) => {
    const m = clone();
    mutate(m);
    expect(AppsScriptManifestSchema.safeParse(m).success).toBe(false);
  });
});
