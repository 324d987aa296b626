import { parse } from "tldts";
import { domainToAscii } from "./domain-to-ascii";

/** Host part of an address, or the input itself when it has no '@'. */
function hostOf(addressOrHost: string): string {
  const s = addressOrHost.trim().replace(/^<|>$/g, "");
  const at = s.lastIndexOf("@");
  return at >= 0 ? s.slice(at + 1) : s;
}

/**
 * The registrable domain ("eTLD+1") of an address or host by the ICANN section of the Public Suffix List,
 * in ASCII: `user@mail.acme.co.uk` → `acme.co.uk`. Null for IP addresses, bracketed literals, hosts whose
 * suffix is not an ICANN public suffix (`intranet.local`), bare public suffixes and empty input.
 */
export function registrableDomain(addressOrHost: string): string | null {
  if (typeof addressOrHost !== "string") return null;
  const host = hostOf(addressOrHost);
  if (host.length === 0 || host.startsWith("[")) return null;
  const ascii = domainToAscii(host);
  if (ascii === null) return null;
  const parsed = parse(ascii, { allowPrivateDomains: false, detectIp: true, extractHostname: false });
  if (parsed.isIp || parsed.isIcann !== true || !parsed.domain) return null;
  return parsed.domain;
}

/** True when the host is itself a public suffix (`com`, `co.uk`): such a string can never be a customer domain. */
export function isPublicSuffix(host: string): boolean {
  const ascii = domainToAscii(host);
  return ascii !== null && isPublicSuffixAscii(ascii);
}

/** `isPublicSuffix` for a host already in canonical ASCII (`domainToAscii`'s answer), e.g. an index's keys. */
export function isPublicSuffixAscii(asciiHost: string): boolean {
  const parsed = parse(asciiHost, { allowPrivateDomains: false, extractHostname: false });
  return parsed.publicSuffix === asciiHost && parsed.isIcann === true;
}
