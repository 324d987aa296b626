import { parseAddressList, type EmailInput } from "../../../shared/index";

// What the wire schema lets through but PostgreSQL (and PGlite, the same engine) cannot store: a NUL character in
// text or JSON, and instants outside the years timestamptz reads from the ISO form JavaScript writes (year 0000,
// negative and six-digit years fail as "out of range"). Checked per item, so one such email is `invalid` and
// the rest of its batch is stored.

/** The earliest and latest `sentAt` stored: both databases and both drivers read these back unchanged. */
export const SENT_AT_MIN = Date.UTC(1900, 0, 1);
export const SENT_AT_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function sentAtInRange(date: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && t >= SENT_AT_MIN && t <= SENT_AT_MAX;
}

export const SENT_AT_RANGE_SENTENCE =
  "sentAt: the date is out of range; send a date between 1900-01-01 and 9999-12-31";

/**
 * How far ahead of this server's clock a `sentAt` may lie: a day covers any time zone written wrong and any
 * clock drift; beyond it the date would pin the customer's Last Touch to the future for years.
 */
export const SENT_AT_FUTURE_MS = 24 * 60 * 60 * 1000;

export function sentAtInFuture(date: Date, now = Date.now()): boolean {
  return date.getTime() > now + SENT_AT_FUTURE_MS;
}

export const SENT_AT_FUTURE_SENTENCE =
  "sentAt: the date is more than a day in the future; send the time the email was sent";

// A lone UTF-16 surrogate (half of an emoji, cut by a client) has no UTF-8 form: the drivers write U+FFFD in its
// place, so a Message-ID holding one would be stored as a different string than the key computed from it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** The text with each lone surrogate replaced by U+FFFD (what the database would store anyway). */
export function wellFormed<T extends string | undefined>(value: T): T {
  return (
    value !== undefined && LONE_SURROGATE.test(value)
      ? value.replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD")
      : value
  ) as T;
}

// Fields stored as they are (or parsed into the participants list and the thread key). A NUL in one of them is
// not mail, it is a broken client: stripping it would change the Message-ID (and with it idempotency) or an
// address, so the item is refused with a reason instead.
const EXACT_FIELDS = ["messageId", "from", "to", "cc", "bcc", "subject", "inReplyTo", "references"] as const;

/** `<field>: …` for the first stored field holding a NUL character or a lone surrogate, or null. */
export function nulProblem(input: EmailInput): string | null {
  for (const field of EXACT_FIELDS) {
    const value = input[field];
    if (typeof value !== "string") continue;
    if (value.includes("\u0000")) {
      return `${field}: contains a NUL character (\\u0000), which cannot be stored`;
    }
    if (hasLoneSurrogate(value)) {
      return `${field}: contains half of a UTF-16 surrogate pair (broken text), which cannot be stored`;
    }
  }
  return null;
}

/**
 * Bodies lose their NUL characters instead: real mail carries them (a mis-declared charset, a binary part
 * decoded as text), they are invisible in every mail client, and refusing the whole email over one would lose
 * the customer's words for nothing. A lone surrogate in a body becomes U+FFFD, as the database would store it.
 */
export function withoutNul<T extends string | undefined>(value: T): T {
  const clean = value !== undefined && value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
  return wellFormed(clean) as T;
}

/**
 * Most recipients one stored email may name (To, Cc and Bcc together): Exchange Online's default recipient limit.
 * Each participant is classified, may become a contact and is indexed, so one item naming 10,000 people would
 * hold the server for seconds; such an item is refused with a reason and the rest of its batch goes on.
 */
export const MAX_RECIPIENTS = 500;

/**
 * And at most this many in one batch: classification and the contact writes cost per recipient, so 100 items of
 * 500 recipients would hold a request for many seconds. Items past the budget are `invalid` with a reason saying
 * to send them again in a smaller batch; real mailboxes average a handful of recipients per email.
 */
export const MAX_BATCH_RECIPIENTS = 5000;

/** The number of addresses in To, Cc and Bcc (a cheap count of "@" first, a real parse only when it matters). */
export function recipientCount(input: Pick<EmailInput, "to" | "cc" | "bcc">, atLeast = 0): number {
  const fields = [input.to, input.cc, input.bcc].filter((v): v is string => !!v);
  let ats = 0;
  for (const f of fields) for (let i = f.indexOf("@"); i >= 0; i = f.indexOf("@", i + 1)) ats++;
  if (ats <= atLeast) return ats;
  return fields.reduce((n, f) => n + parseAddressList(f).length, 0);
}

export function participantsProblem(input: Pick<EmailInput, "to" | "cc" | "bcc">): string | null {
  const count = recipientCount(input, MAX_RECIPIENTS);
  return count > MAX_RECIPIENTS
    ? `to/cc/bcc: ${count} recipients; an email may name at most ${MAX_RECIPIENTS}`
    : null;
}
