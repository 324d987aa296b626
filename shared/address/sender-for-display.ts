/**
 * A From or To header value as people read it: `"Wile Coyote" <wile@acme.com>` becomes `Wile Coyote <wile@acme.com>`
 * (the quotes and backslash escapes are the header's syntax, not the name). A bare address, or anything that is not
 * one `name <address>`, is returned trimmed as it came. Pure and import-free, so the web's first chunk can use it.
 */
export function senderForDisplay(raw: string): string {
  const named = /^\s*"((?:[^"\\]|\\.)*)"\s*(<[^<>]+>)\s*$/.exec(raw);
  if (!named) return raw.trim();
  const name = named[1].replace(/\\(.)/g, "$1").trim();
  return name ? `${name} ${named[2]}` : named[2].slice(1, -1);
}
