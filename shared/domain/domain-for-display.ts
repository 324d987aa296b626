import { toUnicode } from "tr46";

/**
 * A host as people write it: `bücher.de`, not `xn--bcher-kva.de`. Addresses and domains are stored, matched and
 * sent in ASCII (punycode); only what is shown is converted. Anything tr46 reports as invalid is shown as it came.
 */
export function domainForDisplay(domain: string): string {
  if (!domain.includes("xn--")) return domain;
  const { domain: unicode, error } = toUnicode(domain, { useSTD3ASCIIRules: true });
  return error ? domain : unicode;
}

/**
 * An address with its domain shown in Unicode: `hana.rossi@bücher.de`. A bare domain (an exclusion's value can
 * be either) is shown as a domain.
 */
export function addressForDisplay(address: string): string {
  const at = address.lastIndexOf("@");
  return address.slice(0, at + 1) + domainForDisplay(address.slice(at + 1));
}
