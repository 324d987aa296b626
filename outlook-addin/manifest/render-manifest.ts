// Writes the manifest for a deployment: every URL in the committed manifest.xml starts with the development base
// (https://localhost:3000); the build swaps in the real one. Dependency-free: the webpack build imports it.

export const DEV_BASE_URL = "https://localhost:3000";

function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );
}

/** An absolute http(s) URL without a trailing slash, or an Error with a sentence saying what is wrong. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(
      `The add-in base URL must be an absolute URL like https://touchbase.example.com (got "${baseUrl}").`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`The add-in base URL must use https (got "${baseUrl}").`);
  }
  if (url.search || url.hash)
    throw new Error(`The add-in base URL cannot have a query or fragment (got "${baseUrl}").`);
  return url.href.replace(/\/+$/, "");
}

/**
 * The manifest with every development URL rewritten to `baseUrl` (which may include a path, e.g.
 * `https://example.com/touchbase`). `<AppDomain>` entries take the base's origin, as Office requires an origin there.
 */
export function renderManifest(xml: string, baseUrl: string): string {
  const base = normalizeBaseUrl(baseUrl);
  const origin = new URL(base).origin;
  return xml
    .replace(
      /<AppDomain>\s*https:\/\/localhost:3000\/?\s*<\/AppDomain>/g,
      `<AppDomain>${xmlEscape(origin)}</AppDomain>`,
    )
    .replace(/https:\/\/localhost:3000(?=[/"<])/g, xmlEscape(base));
}
