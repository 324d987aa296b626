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

// The list is searched where it lies (binary search over the package's sorted array) instead of being copied into
// a Set: Apps Script starts every execution from scratch, and building a Set of 8,700 normalized names cost each
// card ~10 ms. The few Unicode entries are converted only when a punycode host is asked about.
let searchable: readonly string[] | Set<string> | null = null;
let unicodeEntries: Set<string> | null = null;
const extras = new Set(MISSING_PROVIDERS);
// Verdicts on list entries that are public suffixes themselves (com.ar, net.ua): decided on first hit.
const suffixVerdicts = new Map<string, boolean>();

function providerList(): readonly string[] | Set<string> {
  if (searchable === null) {
    const list = providers as string[];
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = list[i - 1] < list[i];
    searchable = sorted ? list : new Set(list); // a future unsorted release still works, just slower to start
  }
  return searchable;
}

function inList(list: readonly string[] | Set<string>, domain: string): boolean {
  if (list instanceof Set) return list.has(domain);
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === domain) return true;
    if (v < domain) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function punycodeEntries(): Set<string> {
  if (unicodeEntries === null) {
    unicodeEntries = new Set();
    for (const raw of providers as string[]) {
      if (/^[a-z0-9.-]+$/.test(raw)) continue;
      const d = domainToAscii(raw);
      if (d !== null) unicodeEntries.add(d);
    }
  }
  return unicodeEntries;
}

function isProviderDomain(domain: string): boolean {
  const listed =
    extras.has(domain) ||
    (domain.includes("xn--") ? punycodeEntries().has(domain) : inList(providerList(), domain));
  if (!listed || NOT_PERSONAL.has(domain) || ACADEMIC.test(domain)) return false;
  // A list entry that is a public suffix would make every *.com.ar personal: such entries never count.
  let ok = suffixVerdicts.get(domain);
  if (ok === undefined) {
    ok = !isPublicSuffix(domain);
    suffixVerdicts.set(domain, ok);
  }
  return ok;
}

/**
 * True when `asciiHost` (already canonical ASCII) is a consumer mailbox provider or a subdomain of one.
 * `knownLength`: the caller already knows the suffix of that length is no provider and no subdomain of one
 * (the classifier's verdict on a customer domain), so only the longer suffixes are looked up.
 */
export function isPersonalHost(asciiHost: string, knownLength = 0): boolean {
  let h = asciiHost;
  for (;;) {
    if (h.length <= knownLength) return false;
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
