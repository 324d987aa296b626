import type { EmailInput } from "../../../shared/index";

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

// Fields stored as they are (or parsed into the participants list and the thread key). A NUL in one of them is
// not mail, it is a broken client: stripping it would change the Message-ID (and with it idempotency) or an
// address, so the item is refused with a reason instead.
const EXACT_FIELDS = ["messageId", "from", "to", "cc", "bcc", "subject", "inReplyTo", "references"] as const;

/** `<field>: …` for the first stored field holding a NUL character, or null. */
export function nulProblem(input: EmailInput): string | null {
  for (const field of EXACT_FIELDS) {
    const value = input[field];
    if (typeof value === "string" && value.includes("\u0000")) {
      return `${field}: contains a NUL character (\\u0000), which cannot be stored`;
    }
  }
  return null;
}

/**
 * Bodies lose their NUL characters instead: real mail carries them (a mis-declared charset, a binary part
 * decoded as text), they are invisible in every mail client, and refusing the whole email over one would lose
 * the customer's words for nothing.
 */
export function withoutNul<T extends string | undefined>(value: T): T {
  return (value !== undefined && value.includes("\u0000") ? value.replaceAll("\u0000", "") : value) as T;
}
