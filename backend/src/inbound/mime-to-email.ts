import { dedupeKey, type EmailInput } from "../../../shared/index";
import { sentAtInFuture, sentAtInRange, wellFormed } from "../data/email-values";
import { prescan, summarize, type MimeLimits, type MimeSummary } from "./mime-summary.mjs";

const MAX_TEXT = 2_000_000;
const MAX_HTML = 5_000_000;

export interface ParsedMessage {
  input: EmailInput;
  /** The sender's bare address as the MIME parser read it (for "is the sender a user?"). */
  senderAddress: string | null;
}

/**
 * What a raw message may be, stated in the README: larger, more parts, deeper nesting, more header fields or a
 * longer read than this is refused with a sentence (see mime-summary.mjs and mime-pool.ts).
 */
export const DEFAULT_MIME_LIMITS: MimeLimits & { timeoutMs: number } = {
  maxBytes: 25 * 1024 * 1024, // Gmail's and Outlook's own limit for one message
  maxParts: 1000,
  maxDepth: 20,
  maxHeaders: 1000,
  timeoutMs: 10_000,
};

function headerValues(headers: { key: string; value: string }[], name: string): string | undefined {
  const values = headers.filter((h) => h.key === name).map((h) => h.value.trim());
  return values.length ? values.join(", ") : undefined;
}

/** Removes NUL characters and lone surrogates from every string of a decoded message (see below). */
function clean<T>(value: T): T {
  if (typeof value !== "string") return value;
  return wellFormed(value.includes("\u0000") ? value.replaceAll("\u0000", "") : value) as T;
}

/**
 * One raw RFC 822 message as the email the add-ins would push: address fields as raw header values (the core
 * decodes them), bodies decoded by postal-mime. A message without a Message-ID gets the core's stable fallback
 * id, so importing it twice still stores it once.
 *
 * Real mail is taken as it comes rather than refused: NUL characters (a broken charset or a binary part decoded as
 * text; RFC 5322 forbids them and no mail client shows them) are dropped from every field, and a Date header the
 * database cannot hold (year 0000, year 10000…) or more than a day after its arrival counts as no date, like an
 * unreadable one: the time it arrived.
 * The API is stricter with a client's own fields (see email-values.ts); here the message would be lost.
 */
export function emailFromSummary(email: MimeSummary, receivedAt = new Date()): ParsedMessage {
  const headers: Record<string, string> = {};
  for (const h of email.headers) {
    if (h.key.length > 200) continue;
    const value = clean(h.value).slice(0, 8000);
    headers[h.key] = h.key in headers ? `${headers[h.key]}, ${value}`.slice(0, 8000) : value;
  }
  const from = headerValues(email.headers, "from") ?? headerValues(email.headers, "sender") ?? "";
  const dated = email.date ? new Date(Date.parse(email.date)) : null;
  const parsedDate =
    dated && sentAtInRange(dated) && !sentAtInFuture(dated, receivedAt.getTime())
      ? dated.getTime()
      : Number.NaN;
  const sentAt = new Date(Number.isNaN(parsedDate) ? receivedAt.getTime() : parsedDate).toISOString();
  const subject = (email.subject ?? "").slice(0, 4000);
  // Without a Message-ID the identity comes from sender, Date header and subject: never from the time it arrived,
  // so the same message imported twice is still one message.
  const messageId =
    email.messageId?.trim() ||
    `<${dedupeKey({ from, date: Number.isNaN(parsedDate) ? undefined : sentAt, subject })}>`;
  const input: EmailInput = {
    messageId: clean(messageId).slice(0, 998),
    from: clean(from.slice(0, 4000)),
    to: clean(headerValues(email.headers, "to")?.slice(0, 64_000)),
    cc: clean(headerValues(email.headers, "cc")?.slice(0, 64_000)),
    bcc: clean(headerValues(email.headers, "bcc")?.slice(0, 64_000)),
    subject: clean(subject),
    sentAt,
    headers,
    text: clean(email.text?.slice(0, MAX_TEXT) ?? undefined),
    html: clean(email.html?.slice(0, MAX_HTML) ?? undefined),
    inReplyTo: clean(email.inReplyTo?.slice(0, 4000) ?? undefined),
    references: clean(email.references?.slice(0, 64_000) ?? undefined),
    hasCalendarInvite: email.attachmentTypes.some((t) => /text\/calendar/i.test(t)),
  };
  return { input, senderAddress: email.fromAddress };
}

/**
 * The same reading in this thread: for tests and small trusted inputs. The server and the CLI read mail through
 * the worker pool (mime-pool.ts), so a hostile message never holds the event loop.
 */
export async function parseRawMessage(
  raw: Uint8Array | string,
  receivedAt = new Date(),
  limits: MimeLimits = DEFAULT_MIME_LIMITS,
): Promise<ParsedMessage> {
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  prescan(bytes, limits);
  return emailFromSummary(await summarize(bytes, limits), receivedAt);
}
