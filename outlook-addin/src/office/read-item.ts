import type { EmailInput, MailMessage, Viewer } from "../../../shared";
import { getMailbox, getOffice, isSetSupported, officeCall, OfficeError } from "./office-runtime";
import type { OfficeAddress, OpenMessage, OpenMessageWithBody } from "./office-types";
import { convertToRestId } from "./mailbox-misc";
import { formatAddress, formatAddressList, MAX_HTML, MAX_TEXT, parseHeaderBlock } from "../sync/mail-format";

function toAddress(detail: Office.EmailAddressDetails | null | undefined): OfficeAddress | null {
  if (!detail || typeof detail.emailAddress !== "string" || detail.emailAddress.trim() === "") return null;
  return { name: String(detail.displayName ?? ""), address: detail.emailAddress.trim() };
}

function toAddresses(list: Office.EmailAddressDetails[] | null | undefined): OfficeAddress[] {
  return (list ?? []).map(toAddress).filter((a): a is OfficeAddress => a !== null);
}

function readItem(): Office.MessageRead {
  const item = getMailbox().item as Office.MessageRead | null | undefined;
  if (!item) throw new OfficeError("no_item", "Open a message to see its customer.");
  const itemType = (item as { itemType?: unknown }).itemType;
  // Office.MailboxEnums.ItemType.Message is "message"; hosts have reported it in other cases.
  if (itemType !== undefined && String(itemType).toLowerCase() !== "message") {
    throw new OfficeError("not_message", "Touchbase works with email messages only.");
  }
  return item;
}

/** The internet headers of the open message (Mailbox 1.8); `{}` when the host cannot give them. */
export async function readHeaders(item: Office.MessageRead = readItem()): Promise<Record<string, string>> {
  if (!isSetSupported("1.8") || typeof item.getAllInternetHeadersAsync !== "function") return {};
  try {
    const raw = await officeCall<string>((cb) => item.getAllInternetHeadersAsync(cb), {
      code: "headers_failed",
      message: "Outlook could not read this message's headers.",
    });
    return parseHeaderBlock(raw ?? "");
  } catch {
    // Headers only sharpen the classifier (bulk, auto-reply); missing them must not block reading the message.
    return {};
  }
}

/** The open message's body as text and HTML (Mailbox 1.3), cut to the backend's limits. */
export async function readBody(
  item: Office.MessageRead = readItem(),
): Promise<{ text: string; html: string }> {
  const office = getOffice();
  const failure = { code: "body_failed", message: "Outlook could not read this message's body. Try again." };
  const html = await officeCall<string>((cb) => item.body.getAsync(office.CoercionType.Html, cb), failure);
  const text = await officeCall<string>((cb) => item.body.getAsync(office.CoercionType.Text, cb), failure);
  return { text: (text ?? "").slice(0, MAX_TEXT), html: (html ?? "").slice(0, MAX_HTML) };
}

/** The signed-in user, whom the classifier must not count as a participant. */
export function currentViewer(): Viewer {
  const address = getMailbox().userProfile?.emailAddress;
  return { addresses: address ? [address] : [] };
}

/** An OpenMessage as the core's MailMessage (raw header-style address strings). */
export function toMailMessage(
  message: Omit<OpenMessage, "mail">,
  extra: { hasCalendarInvite?: boolean } = {},
): MailMessage {
  return {
    messageId: message.internetMessageId || undefined,
    from: message.from ? formatAddress(message.from) : "",
    to: formatAddressList(message.to),
    cc: formatAddressList(message.cc),
    subject: message.subject,
    date: message.date,
    headers: message.headers,
    hasCalendarInvite: extra.hasCalendarInvite,
  };
}

function isMeetingItem(item: Office.MessageRead): boolean {
  const itemClass = (item as { itemClass?: unknown }).itemClass;
  return typeof itemClass === "string" && /^IPM\.Schedule\.Meeting/i.test(itemClass);
}

/** Reads an item (the open one by default, or one loaded with `loadItemByIdAsync`) without its body. */
export async function readCurrentItem(
  item: Office.MessageRead | null = null,
  options: { headers?: boolean } = {},
): Promise<OpenMessage> {
  const source = item ?? readItem();
  const from = toAddress(source.from) ?? toAddress(source.sender);
  const created =
    source.dateTimeCreated instanceof Date ? source.dateTimeCreated : new Date(source.dateTimeCreated);
  const base = {
    itemId: String(source.itemId ?? ""),
    restId: source.itemId ? convertToRestId(source.itemId) : null,
    internetMessageId: String(source.internetMessageId ?? ""),
    conversationId: source.conversationId ? String(source.conversationId) : null,
    subject: String(source.subject ?? ""),
    from,
    to: toAddresses(source.to),
    cc: toAddresses(source.cc),
    date: Number.isNaN(created.getTime()) ? new Date().toISOString() : created.toISOString(),
    headers: options.headers === false ? {} : await readHeaders(source),
  };
  return { ...base, mail: toMailMessage(base, { hasCalendarInvite: isMeetingItem(source) }) };
}

/** Reads an item with its body into the `EmailInput` the backend stores (`source: "outlook"`). */
export async function readItemAsEmail(item: Office.MessageRead | null = null): Promise<OpenMessageWithBody> {
  const source = item ?? readItem();
  const message = await readCurrentItem(source);
  if (!message.from)
    throw new OfficeError("no_sender", "This message has no sender, so it cannot be synced.");
  if (!message.internetMessageId) {
    throw new OfficeError("no_message_id", "This message has not been sent yet, so it cannot be synced.");
  }
  const body = await readBody(source);
  const email: EmailInput = {
    messageId: message.internetMessageId,
    from: message.mail.from,
    to: message.mail.to || undefined,
    cc: message.mail.cc || undefined,
    subject: message.subject,
    sentAt: message.date,
    headers: Object.keys(message.headers).length ? message.headers : undefined,
    text: body.text || undefined,
    html: body.html || undefined,
    inReplyTo: message.headers["in-reply-to"],
    references: message.headers["references"],
    source: "outlook",
    hasCalendarInvite: message.mail.hasCalendarInvite || undefined,
  };
  return { ...message, email };
}
