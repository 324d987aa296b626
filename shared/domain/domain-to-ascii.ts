import { toASCII } from "tr46";

// Full stops that IDNA treats as label separators (ideographic, fullwidth, halfwidth ideographic).
const IDNA_DOTS = /[\u3002\uff0e\uff61]/g;
const PLAIN_ASCII_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

function labelsAreValid(host: string): boolean {
  if (host.length > 253) return false;
  for (const label of host.split(".")) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.startsWith("-") || label.endsWith("-")) return false;
  }
  return true;
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
  if (PLAIN_ASCII_HOST.test(host) && !host.includes("xn--")) return labelsAreValid(host) ? host : null;
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
  if (ascii === null || !PLAIN_ASCII_HOST.test(ascii)) return null;
  return labelsAreValid(ascii) ? ascii : null;
}
