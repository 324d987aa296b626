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
// Verdicts on list entries that are public suffixes themselves (com.ar, net.ua): decided on first hit, because
// asking the suffix list about all ~8,700 entries up front would cost every Apps Script execution ~50 ms.
const suffixVerdicts = new Map<string, boolean>();

function personalSet(): Set<string> {
  if (personal === null) {
    const set = new Set<string>();
    for (const raw of [...(providers as string[]), ...MISSING_PROVIDERS]) {
      const d = domainToAscii(raw);
      if (d === null || NOT_PERSONAL.has(d) || ACADEMIC.test(d)) continue;
      set.add(d);
    }
    personal = set;
  }
  return personal;
}

function isProviderDomain(domain: string): boolean {
  if (!personalSet().has(domain)) return false;
  // A list entry that is a public suffix would make every *.com.ar personal: such entries never count.
  let ok = suffixVerdicts.get(domain);
  if (ok === undefined) {
    ok = !isPublicSuffix(domain);
    suffixVerdicts.set(domain, ok);
  }
  return ok;
}

/** True when `asciiHost` (already canonical ASCII) is a consumer mailbox provider or a subdomain of one. */
export function isPersonalHost(asciiHost: string): boolean {
  let h = asciiHost;
  for (;;) {
    if (isProviderDomain(h)) return true;
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
