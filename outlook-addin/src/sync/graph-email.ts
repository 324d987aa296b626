import type { EmailInput, MailMessage } from "../../../shared";
import type { GraphMessageFull, GraphMessageHeader, GraphRecipient } from "../graph";
import {
  formatAddress,
  formatAddressList,
  keepHeaders,
  MAX_HTML,
  MAX_TEXT,
  type NamedAddress,
} from "./mail-format";

/**
 * The header fields folder sync asks Graph for: enough to classify, nothing of the content. Meeting messages need
 * no field: Graph returns them as the derived type eventMessage and says so in `@odata.type` even under
 * `$select` (selecting `meetingMessageType` itself is a 400 on messages).
 */
export const HEADER_SELECT = [
  "id",
  "internetMessageId",
  "subject",
  "from",
  "sender",
  "toRecipients",
  "ccRecipients",
  // Sent Items: a customer may be only in Bcc (Graph reports Bcc on messages the user sent).
  "bccRecipients",
  "receivedDateTime",
  "sentDateTime",
  "isDraft",
].join(",");

/** What uploading needs on top: the body and the internet headers (threading, noise filters). */
export const FULL_SELECT = `${HEADER_SELECT},conversationId,body,internetMessageHeaders`;

function named(r: GraphRecipient | null | undefined): NamedAddress | null {
  const address = r?.emailAddress?.address?.trim();
  return address ? { name: r?.emailAddress?.name ?? "", address } : null;
}

function namedList(list: GraphRecipient[] | undefined): NamedAddress[] {
  return (list ?? []).map(named).filter((a): a is NamedAddress => a !== null);
}

/** Meeting requests, cancellations and responses: Graph's eventMessage (`meetingMessageType` when present). */
export function isMeetingMessage(m: GraphMessageHeader): boolean {
  if (/eventMessage$/i.test(m["@odata.type"] ?? "")) return true;
  return typeof m.meetingMessageType === "string" && m.meetingMessageType !== "none";
}

/** A Graph message (headers or full) as the core's MailMessage. */
export function mailFromGraph(m: GraphMessageHeader | GraphMessageFull): MailMessage {
  const from = named(m.from) ?? named(m.sender);
  const headers =
    "internetMessageHeaders" in m && m.internetMessageHeaders
      ? keepHeaders(m.internetMessageHeaders)
      : undefined;
  return {
    messageId: m.internetMessageId,
    from: from ? formatAddress(from) : "",
    to: formatAddressList(namedList(m.toRecipients)),
    cc: formatAddressList(namedList(m.ccRecipients)),
    bcc: formatAddressList(namedList(m.bccRecipients)) || undefined,
    subject: m.subject ?? "",
    date: m.sentDateTime ?? m.receivedDateTime,
    headers,
    // The core also reads Content-Type / Content-Class from the headers when they are there.
    hasCalendarInvite: isMeetingMessage(m) || undefined,
  };
}

function validDate(value: string | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A full Graph message as the EmailInput the backend stores; null when it cannot be one (no id, no sender). */
export function emailFromGraph(m: GraphMessageFull): EmailInput | null {
  const mail = mailFromGraph(m);
  const sentAt = validDate(m.sentDateTime) ?? validDate(m.receivedDateTime);
  if (!m.internetMessageId || !mail.from || !sentAt) return null;
  const body = m.body?.content ?? "";
  const isHtml = m.body?.contentType === "html";
  return {
    messageId: m.internetMessageId,
    from: mail.from,
    to: mail.to || undefined,
    cc: mail.cc || undefined,
    bcc: mail.bcc || undefined,
    subject: mail.subject,
    sentAt,
    headers: mail.headers && Object.keys(mail.headers).length ? mail.headers : undefined,
    html: isHtml && body ? body.slice(0, MAX_HTML) : undefined,
    text: !isHtml && body ? body.slice(0, MAX_TEXT) : undefined,
    inReplyTo: mail.headers?.["in-reply-to"],
    references: mail.headers?.["references"],
    source: "outlook",
    hasCalendarInvite: mail.hasCalendarInvite || undefined,
  };
}
