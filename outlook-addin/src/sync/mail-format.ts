// Mail formatting shared by the Office.js reader and Graph folder sync, so an email synced either way reaches
// the backend in the same shape (same address formatting, same headers kept).

export interface NamedAddress {
  name: string;
  address: string;
}

/**
 * The headers worth keeping: what threading and the core's noise filters read. Everything else (Received
 * chains, DKIM, anti-spam verdicts) is routing detail that helps nobody and says where the user's mail travels.
 */
export const KEPT_HEADERS: ReadonlySet<string> = new Set([
  "message-id",
  "in-reply-to",
  "references",
  "date",
  "reply-to",
  "sender",
  "list-id",
  "list-unsubscribe",
  "precedence",
  "auto-submitted",
  "x-autoreply",
  "x-autorespond",
  "x-auto-response-suppress",
  "x-auto-response-type",
  "content-type",
  "content-class",
]);

const MAX_HEADER_VALUE = 8000;

/** `"Name" <address>`, quoting the name so a comma or quote in it cannot split the address list. */
export function formatAddress(a: NamedAddress): string {
  const name = a.name.trim();
  if (!name || name.toLowerCase() === a.address.toLowerCase()) return a.address;
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}" <${a.address}>`;
}

export function formatAddressList(list: NamedAddress[]): string {
  return list.map(formatAddress).join(", ");
}

/** Name/value header pairs → lower-case names → values, keeping only KEPT_HEADERS; the first occurrence wins. */
export function keepHeaders(pairs: Iterable<{ name: string; value: string }>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { name, value } of pairs) {
    const key = name.trim().toLowerCase();
    if (!KEPT_HEADERS.has(key) || key in headers) continue; // the first occurrence is the outermost one
    headers[key] = String(value ?? "")
      .trim()
      .slice(0, MAX_HEADER_VALUE);
  }
  return headers;
}

/** Parses a raw RFC 5322 header block (folded lines joined) into the kept headers. */
export function parseHeaderBlock(raw: string): Record<string, string> {
  const pairs: { name: string; value: string }[] = [];
  for (const line of raw.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) pairs.push({ name: line.slice(0, colon), value: line.slice(colon + 1) });
  }
  return keepHeaders(pairs);
}

// The backend's limits (shared/api/schemas.ts EmailInputSchema): longer bodies are cut rather than rejected,
// so one huge customer email cannot block the outbox.
export const MAX_TEXT = 2_000_000;
export const MAX_HTML = 5_000_000;
