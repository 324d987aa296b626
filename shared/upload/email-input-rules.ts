import type { EmailInput } from "../api/schemas";
import type { MailMessage } from "../classify/types";
import { dedupeKey } from "../mail/dedupe-key";

/**
 * The identity of an uploaded email: the core's dedupe key (normalized Message-ID, or a hash of sender, date and
 * subject without one). The outbox keys its queue by it and the backend stores it, so the same message queued
 * or uploaded twice is kept once.
 */
export function emailKey(email: Pick<EmailInput, "messageId" | "from" | "sentAt" | "subject">): string {
  return dedupeKey({
    messageId: email.messageId,
    from: email.from,
    date: email.sentAt,
    subject: email.subject,
  });
}

/** An upload as the classifier reads it: the same verdict in the mail client before sending and on the server. */
export function mailOfEmail(email: EmailInput): MailMessage {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.to,
    cc: email.cc,
    bcc: email.bcc,
    subject: email.subject,
    date: email.sentAt,
    headers: email.headers,
    hasCalendarInvite: email.hasCalendarInvite,
  };
}
