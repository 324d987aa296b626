// Turns the source manifest (../../appsscript.json) into the one clasp pushes: the backend's public URL decides
// which URLs UrlFetchApp may call and which links cards may open. Pure, so tests check it without building.
import { AppsScriptManifestSchema, type AppsScriptManifest } from "./manifest-schema";

export const DEFAULT_PUBLIC_URL = "https://touchbase.example.com/";

/**
 * Google accepts only https prefixes that include a path (at least the "/" after the host) in
 * `urlFetchWhitelist` and `openLinkUrlPrefixes`, so the configured URL is checked and normalized here.
 */
export function normalizePublicUrl(raw: string): string {
  const value = raw.trim();
  const match = /^https:\/\/([^/?#\s]+)(\/[^?#\s]*)?$/i.exec(value);
  if (!match) {
    throw new Error(
      `TOUCHBASE_PUBLIC_URL must be an https URL such as ${DEFAULT_PUBLIC_URL} (got "${raw}"). ` +
        "Apps Script add-ons may only call https URLs listed in the manifest.",
    );
  }
  const host = match[1].toLowerCase();
  if (host.includes("*") || host.includes("@")) {
    throw new Error(
      `TOUCHBASE_PUBLIC_URL must name one host without wildcards or credentials (got "${raw}").`,
    );
  }
  const path = (match[2] ?? "/").replace(/\/*$/, "/");
  return `https://${host}${path}`;
}

/** The manifest as pushed: the source manifest plus the URL allow-lists, validated by our strict schema. */
export function buildManifest(source: unknown, publicUrl: string): AppsScriptManifest {
  const base = AppsScriptManifestSchema.parse(source);
  const url = normalizePublicUrl(publicUrl);
  const manifest: AppsScriptManifest = {
    ...base,
    urlFetchWhitelist: [url],
    addOns: {
      ...base.addOns,
      common: { ...base.addOns.common, openLinkUrlPrefixes: [url] },
    },
  };
  return AppsScriptManifestSchema.parse(manifest);
}
