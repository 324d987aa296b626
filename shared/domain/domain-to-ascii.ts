import { toASCII } from "tr46";

// Full stops that IDNA treats as label separators (ideographic, fullwidth, halfwidth ideographic).
const IDNA_DOTS = /[\u3002\uff0e\uff61]/g;
// Letters, digits and inner hyphens, 1–63 characters per label (RFC 1035 / STD3).
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const VALID_ASCII_HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

function isValidAsciiHost(host: string): boolean {
  return host.length <= 253 && VALID_ASCII_HOST.test(host);
}

/**
 * A host name in canonical ASCII form (UTS #46 non-transitional, as browsers and mail servers use it):
 * lower-cased, IDNA dot variants folded, one trailing dot removed, Unicode labels converted to punycode.
 * Returns null for anything that is not a valid DNS host name.
 */
export function domainToAscii(input: string): string | null {
  if (typeof input !== "string") return null;
  let host = input.trim().replace(IDNA_DOTS, ".").toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length === 0) return null;
  // Fast path for the common case; labels starting "xn--" still go through UTS #46 to verify the punycode.
  if (!host.includes("xn--") && isValidAsciiHost(host)) return host;
  let ascii: string | null;
  try {
    ascii = toASCII(host, {
      checkBidi: true,
      checkJoiners: true,
      checkHyphens: false,
      useSTD3ASCIIRules: true,
      verifyDNSLength: true,
      transitionalProcessing: false,
    });
  } catch {
    return null;
  }
  return ascii !== null && isValidAsciiHost(ascii) ? ascii : null;
}
