import providers from "email-providers/all.json";
import { domainToAscii } from "./domain-to-ascii";
import { isPublicSuffix } from "./registrable-domain";

// The list comes from the `email-providers` package (derhuerst/email-providers, ISC), which ships its data in
// the package: nothing is downloaded at install time. Two small corrections are ours:
// providers the list lacks, and entries that are organisations rather than mailbox providers.
const MISSING_PROVIDERS = [
  "fastmail.com",
  "fastmail.fm",
  "tuta.io",
  "tuta.com",
  "tutanota.com",
  "tutanota.de",
  "posteo.de",
  "posteo.net",
  "duck.com",
  "139.com",
  "sohu.com",
  "proton.me",
  "protonmail.ch",
  "pm.me",
];
const NOT_PERSONAL = new Set([
  "example.com",
  "example.net",
  "example.org", // reserved for documentation, not a provider
  "facebook.com",
  "bt.com", // companies; their consumers' mail lives elsewhere (btinternet.com)
]);
const ACADEMIC = /\.(edu|ac\.[a-z]{2})$/; // universities are organisations, even when they host student mail

let personal: Set<string> | null = null;

function personalSet(): Set<string> {
  if (personal === null) {
    const set = new Set<string>();
    for (const raw of [...(providers as string[]), ...MISSING_PROVIDERS]) {
      const d = domainToAscii(raw);
      // Some list entries are public suffixes (com.ar); keeping them would make every *.com.ar personal.
      if (d === null || NOT_PERSONAL.has(d) || ACADEMIC.test(d) || isPublicSuffix(d)) continue;
      set.add(d);
    }
    personal = set;
  }
  return personal;
}

/** True when `asciiHost` (already canonical ASCII) is a consumer mailbox provider or a subdomain of one. */
export function isPersonalHost(asciiHost: string): boolean {
  const set = personalSet();
  let h = asciiHost;
  for (;;) {
    if (set.has(h)) return true;
    const dot = h.indexOf(".");
    if (dot < 0) return false;
    h = h.slice(dot + 1);
  }
}

/**
 * Consumer mailbox providers (gmail.com, outlook.com, hotmail.co.uk, gmx.de, qq.com, …). Accepts a domain,
 * a host or an address, in Unicode or ASCII. Such domains never match a customer by domain and never
 * create contacts.
 */
export function isPersonalDomain(domain: string): boolean {
  if (typeof domain !== "string") return false;
  const s = domain.trim();
  const host = domainToAscii(s.includes("@") ? s.slice(s.lastIndexOf("@") + 1) : s);
  return host !== null && isPersonalHost(host);
}
