// Turns a Gmail message into the backend's EmailInput. Only ever called for customer emails.
import type { EmailInput } from "../../../shared";
import type { ReadMessage } from "./read-message";

/** Bodies are capped: a sidebar needs the conversation, not 20 MB of pasted logs, and UrlFetch payloads are finite. */
export const MAX_TEXT_CHARS = 100_000;
export const MAX_HTML_CHARS = 250_000;

function cap_(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

export function emailInput_(message: GoogleAppsScript.Gmail.GmailMessage, read: ReadMessage): EmailInput {
  const input: EmailInput = {
    messageId: read.messageId,
    from: read.mail.from,
    to: read.mail.to || undefined,
    cc: read.mail.cc || undefined,
    subject: read.mail.subject ?? "",
    sentAt: read.date.toISOString(),
    headers: read.mail.headers,
    text: cap_(message.getPlainBody() ?? "", MAX_TEXT_CHARS),
    source: "gmail",
    hasCalendarInvite: read.mail.hasCalendarInvite,
  };
  const html = message.getBody();
  if (html) input.html = cap_(html, MAX_HTML_CHARS);
  const inReplyTo = message.getHeader("In-Reply-To").trim();
  if (inReplyTo) input.inReplyTo = inReplyTo;
  const references = message.getHeader("References").trim();
  if (references) input.references = references;
  return input;
}
