import {
  addressForDisplay,
  parseAddressList,
  domainForDisplay,
  type ClassificationReason,
  type EmailSummary,
  type MatchVia,
} from "../../../shared";

// Sentences and small formatting the task pane shows. Plain functions so components and tests share them.

const REASON_SENTENCES: Record<ClassificationReason, string> = {
  customer: "This email involves a customer.",
  "no-customer": "Nobody on this email belongs to a customer.",
  "internal-only": "Everyone on this email works at your company.",
  excluded: "The sender is excluded from Touchbase.",
  bulk: "It looks like a newsletter or bulk mailing.",
  "auto-reply": "It is an automatic reply.",
  "no-reply": "It comes from a no-reply address.",
  calendar: "It is a calendar invitation.",
};

export function reasonSentence(reason: ClassificationReason): string {
  return REASON_SENTENCES[reason] ?? "Touchbase does not sync this kind of email.";
}

export function matchSentence(match: { address: string; via: MatchVia }, customerDomains: string[]): string {
  const stored = match.address.slice(match.address.lastIndexOf("@") + 1);
  const domain = domainForDisplay(stored);
  if (match.via === "contact") return `${addressForDisplay(match.address)} is a contact of this customer`;
  if (match.via === "domain") return `${domain} is this customer's domain`;
  const parent = customerDomains.find((d) => stored.endsWith(`.${d}`));
  return parent
    ? `${domain} is a subdomain of ${domainForDisplay(parent)}`
    : `${domain} is a subdomain of this customer's domain`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDate(iso: string | null | undefined, withTime = false): string {
  if (!iso) return "never";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "unknown date";
  return (withTime ? dateTimeFormat : dateFormat).format(date);
}

/** "2 days ago", or the date when it is more than a month old. */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "never";
  const date = new Date(iso);
  const ms = now.getTime() - date.getTime();
  if (Number.isNaN(ms)) return "unknown date";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.round(hours / 24);
  if (days < 31) return `${days} day${days === 1 ? "" : "s"} ago`;
  return formatDate(iso);
}

const numberFormat = new Intl.NumberFormat(undefined);

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

export interface EmailThread {
  key: string;
  /** Absent when the caller may not see it (issue 12). */
  subject?: string;
  newest: EmailSummary;
  emails: EmailSummary[];
}

/** Groups emails into threads, newest first, each thread's emails newest first; duplicates (by id) once. */
export function threadEmails(emails: EmailSummary[]): EmailThread[] {
  const seen = new Set<string>();
  const byThread = new Map<string, EmailSummary[]>();
  for (const email of emails) {
    if (seen.has(email.id)) continue;
    seen.add(email.id);
    const key = email.threadKey || email.id;
    const list = byThread.get(key);
    if (list) list.push(email);
    else byThread.set(key, [email]);
  }
  const time = (e: EmailSummary) => {
    const t = Date.parse(e.sentAt);
    return Number.isNaN(t) ? 0 : t;
  };
  return [...byThread.entries()]
    .map(([key, list]) => {
      const sorted = [...list].sort((a, b) => time(b) - time(a));
      const oldest = sorted[sorted.length - 1];
      return { key, subject: oldest.subject || sorted[0].subject, newest: sorted[0], emails: sorted };
    })
    .sort((a, b) => time(b.newest) - time(a.newest));
}

/**
 * The display part of a raw address header value: `"Wile E." <w@acme.com>` → `Wile E.` (the core's RFC 5322 parser
 * undoes quotes, escapes and encoded words); a list shows its first name, an address without a name the address.
 */
export function displayName(raw: string): string {
  const first = parseAddressList(raw)[0];
  if (first?.name.trim()) return first.name.trim();
  return addressForDisplay((first?.address ?? raw).trim());
}

/** A raw address header value with every address's domain in Unicode (`Hana <hana@bücher.de>`). */
export function addressesForDisplay(raw: string): string {
  return raw.replace(/[^\s<>",;]+@[^\s<>",;]+/g, (address) => addressForDisplay(address));
}
