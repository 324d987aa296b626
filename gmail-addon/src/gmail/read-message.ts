// Reads what the classifier needs from a GmailMessage, in two steps because they cost differently in Apps
// Script: the summary (sender, recipients, subject, date) comes with the message when it is loaded, alone or in a
// batch; the header block is one more fetch per message. The addresses alone decide whether a message can be
// customer mail at all — headers only ever rule a candidate out (bulk, auto-reply, invitation) — so headers are
// read only for candidates. Bodies are read only when an email is uploaded (see email-input.ts).
import { normalizeAddress, parseAddressList, type MailMessage } from "../../../shared";

/** Headers the core's noise filters look at (classify/noise-filters.ts). */
export const CLASSIFIER_HEADERS = [
  "List-Unsubscribe",
  "List-Id",
  "Precedence",
  "Auto-Submitted",
  "X-Autoreply",
  "X-Autorespond",
  "X-Auto-Response-Type",
  "Content-Class",
  "Content-Type",
] as const;

/** A message as loaded: enough to classify by address. */
export interface MessageSummary {
  gmailId: string;
  threadId: string;
  date: Date;
  /** From, To, Cc, subject and date; no headers yet. */
  mail: MailMessage;
}

/** A message with its headers read: enough to classify completely, and to upload. */
export interface ReadMessage extends MessageSummary {
  /** Message-ID as sent, or a stable stand-in when the message has none. */
  messageId: string;
}

/** Gmail keeps messages without a Message-ID; the backend still needs a stable key, and retries must reuse it. */
export function fallbackMessageId_(gmailId: string): string {
  return `<gmail-${gmailId}@touchbase.invalid>`;
}

/** The backend accepts header values up to 8000 characters; the classifier only needs their start. */
const MAX_HEADER_CHARS = 8000;

export function summaryOf_(message: GoogleAppsScript.Gmail.GmailMessage, threadId: string): MessageSummary {
  const date = new Date(message.getDate().getTime());
  return {
    gmailId: message.getId(),
    threadId,
    date,
    mail: {
      from: message.getFrom(),
      to: message.getTo(),
      cc: message.getCc(),
      subject: message.getSubject(),
      date: date.toISOString(),
    },
  };
}

/** Reads the header block (one fetch in Apps Script, then local) and completes the summary. */
export function withHeaders_(
  summary: MessageSummary,
  message: GoogleAppsScript.Gmail.GmailMessage,
): ReadMessage {
  const headers: Record<string, string> = {};
  for (const name of CLASSIFIER_HEADERS) {
    const value = message.getHeader(name);
    if (value) headers[name.toLowerCase()] = value.slice(0, MAX_HEADER_CHARS);
  }
  const messageId = message.getHeader("Message-ID").trim() || fallbackMessageId_(summary.gmailId);
  return {
    ...summary,
    messageId,
    mail: {
      ...summary.mail,
      messageId,
      headers,
      hasCalendarInvite: hasCalendarInvite_(message, headers["content-type"] ?? ""),
    },
  };
}

export function readMessage_(message: GoogleAppsScript.Gmail.GmailMessage, threadId: string): ReadMessage {
  return withHeaders_(summaryOf_(message, threadId), message);
}

/**
 * Outlook puts text/calendar (or Content-Class) at the top; Google Calendar sends multipart/mixed with an
 * invite.ics attachment, which only the attachment list reveals. Read it only for multipart/mixed messages.
 */
function hasCalendarInvite_(message: GoogleAppsScript.Gmail.GmailMessage, contentType: string): boolean {
  if (/text\/calendar/i.test(contentType)) return true;
  if (!/^\s*multipart\/mixed/i.test(contentType)) return false;
  try {
    return message
      .getAttachments({ includeInlineImages: false })
      .some((a) => /calendar|ics/i.test(a.getContentType()) || /\.ics$/i.test(a.getName()));
  } catch {
    // Without a body scope the attachment list is unreadable; the headers already said what they could.
    return false;
  }
}

/** The distinct, normalized addresses on a message, sender first: what the add-on may ask the server about. */
export function participants_(mail: MailMessage, viewer: string): string[] {
  const me = normalizeAddress(viewer);
  const seen = new Set<string>();
  const ordered: string[] = [];
  for (const field of [mail.from, mail.to, mail.cc]) {
    for (const parsed of parseAddressList(field ?? "")) {
      const address = normalizeAddress(parsed.address);
      if (address === null || address === me || seen.has(address)) continue;
      seen.add(address);
      ordered.push(address);
    }
  }
  return ordered;
}

export function senderAddress_(mail: MailMessage): string | null {
  const first = parseAddressList(mail.from ?? "")[0];
  return first ? normalizeAddress(first.address) : null;
}
