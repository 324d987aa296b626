import { domainToAscii } from "../domain/domain-to-ascii";

// dot-atom local part (≤ 64) @ two or more valid DNS labels: nothing left to normalize but case.
const CANONICAL_ASCII =
  /^(?=[^@]{1,64}@)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Outside a quoted local part these never appear in an address.
const FORBIDDEN_IN_LOCAL = /[\s<>()[\],;:\\"@]/;
const IP_LITERAL = /^\[(ipv6:[0-9a-f:.]+|\d{1,3}(\.\d{1,3}){3})\]$/;

/** True for a plain ASCII address already in canonical form (`normalizeAddress` would return it as it is). */
export function isCanonicalAscii(address: string): boolean {
  return CANONICAL_ASCII.test(address) && address.length <= 254 && !address.includes("xn--");
}

function normalizeLocalPart(local: string): string | null {
  if (local.length === 0 || local.length > 64) return null;
  if (local.startsWith('"') && local.endsWith('"') && local.length >= 2) {
    const inner = local.slice(1, -1);
    return /[\r\n]/.test(inner) ? null : local.toLowerCase();
  }
  if (FORBIDDEN_IN_LOCAL.test(local)) return null;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  return local.toLowerCase();
}

/**
 * The canonical form of an email address, used as its identity everywhere: trimmed, `<>` removed,
 * lower-cased, the domain in ASCII (punycode, IDNA dots folded, trailing dot removed).
 * Returns null when the input is not an address. Single-label domains (`user@localhost`) are not addresses
 * on the Internet and are rejected; IP literals are kept.
 */
export function normalizeAddress(input: string): string | null {
  if (typeof input !== "string") return null;
  let s = input.trim();
  if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1).trim();
  if (s.length === 0 || s.length > 320) return null;
  // The classifier's hot path: a plain ASCII address is already canonical once lower-cased. Most arrive in lower
  // case already, and the pattern admits no capital letter, so it is tried first on the input as it is: a match
  // means lower-casing would change nothing (and lower-casing costs as much as the test).
  if (isCanonicalAscii(s)) return s;
  const lower = s.toLowerCase();
  if (isCanonicalAscii(lower)) return lower;
  const at = s.lastIndexOf("@");
  if (at <= 0 || at === s.length - 1) return null;
  const local = normalizeLocalPart(s.slice(0, at));
  if (local === null) return null;
  const rawDomain = s.slice(at + 1).trim();
  let domain: string | null;
  if (rawDomain.startsWith("[")) {
    domain = IP_LITERAL.test(rawDomain.toLowerCase()) ? rawDomain.toLowerCase() : null;
  } else {
    domain = domainToAscii(rawDomain);
    if (domain !== null && !domain.includes(".")) domain = null;
  }
  if (domain === null) return null;
  const result = `${local}@${domain}`;
  return result.length <= 254 ? result : null;
}

/** The domain part of a normalized address (ASCII), or null. */
export function addressDomain(address: string): string | null {
  const normalized = normalizeAddress(address);
  if (normalized === null) return null;
  return normalized.slice(normalized.lastIndexOf("@") + 1);
}

/** The local part of a normalized address, or "" when it is not an address. */
export function addressLocalPart(address: string): string {
  const normalized = normalizeAddress(address);
  return normalized === null ? "" : normalized.slice(0, normalized.lastIndexOf("@"));
}
