// The OData query options the simulator understands, with Graph's documented limits and error shapes.
import type { SimMessage } from "./mailbox";

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type DateCondition = { op: "ge" | "gt" | "le" | "lt"; value: number };

/**
 * `$filter` restricted to what the add-in sends and Graph's message delta allows: `receivedDateTime ge|gt|le|lt
 * <ISO date>` joined by `and`. Anything else is a 400, as Graph answers for unsupported filters on delta.
 */
export function parseDateFilter(filter: string | null): DateCondition[] {
  if (!filter) return [];
  const conditions: DateCondition[] = [];
  for (const part of filter.split(/\s+and\s+/i)) {
    const m = /^\s*receivedDateTime\s+(ge|gt|le|lt)\s+'?([0-9T:.+\-Z]+)'?\s*$/i.exec(part);
    const value = m ? Date.parse(m[2]) : NaN;
    if (!m || Number.isNaN(value)) {
      throw new GraphHttpError(
        400,
        "ErrorInvalidUrlQueryFilter",
        "The query filter contains one or more invalid nodes.",
      );
    }
    conditions.push({ op: m[1].toLowerCase() as DateCondition["op"], value });
  }
  return conditions;
}

export function matchesDate(message: SimMessage, conditions: DateCondition[]): boolean {
  const t = Date.parse(message.receivedDateTime);
  return conditions.every((c) =>
    c.op === "ge" ? t >= c.value : c.op === "gt" ? t > c.value : c.op === "le" ? t <= c.value : t < c.value,
  );
}

export function parseOrderBy(orderby: string | null): "asc" | "desc" {
  if (!orderby) return "desc";
  const m = /^\s*receivedDateTime(\s+(asc|desc))?\s*$/i.exec(orderby);
  if (!m)
    throw new GraphHttpError(400, "ErrorInvalidProperty", "The property used in $orderby is not supported.");
  return (m[2]?.toLowerCase() as "asc" | "desc" | undefined) ?? "asc";
}

export function sortByReceived(messages: SimMessage[], direction: "asc" | "desc"): SimMessage[] {
  return messages.sort((a, b) => {
    const d = Date.parse(a.receivedDateTime) - Date.parse(b.receivedDateTime);
    return (direction === "asc" ? d : -d) || a.id.localeCompare(b.id);
  });
}

const SELECTABLE = new Set([
  "id",
  "internetMessageId",
  "subject",
  "from",
  "sender",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "replyTo",
  "receivedDateTime",
  "sentDateTime",
  "createdDateTime",
  "lastModifiedDateTime",
  "conversationId",
  "parentFolderId",
  "isDraft",
  "isRead",
  "changeKey",
  "body",
  "bodyPreview",
  "uniqueBody",
  "internetMessageHeaders",
  "hasAttachments",
  "importance",
  "categories",
  "webLink",
  "flag",
  "inferenceClassification",
]);
// `meetingMessageType` is not in the list: it belongs to the derived type eventMessage, and Graph answers
// `$select=meetingMessageType` on messages with 400 "Could not find a property named 'meetingMessageType' on type
// 'microsoft.graph.message'". Meeting messages are recognised by their `@odata.type` instead, which Graph
// includes for derived-type items even under `$select`.

export function parseSelect(select: string | null): string[] | null {
  if (!select) return null;
  const fields = select
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of fields) {
    if (!SELECTABLE.has(f)) {
      throw new GraphHttpError(
        400,
        "RequestBroker--ParseUri",
        `Could not find a property named '${f}' on type 'microsoft.graph.message'.`,
      );
    }
  }
  return fields;
}

const recipient = (a: { name: string; address: string }) => ({
  emailAddress: { name: a.name, address: a.address },
});

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
}

/** The message resource in Graph's JSON shape, restricted to `$select` (default: Graph's default set). */
export function messageResource(
  m: SimMessage,
  select: string[] | null,
  options: { bodyType?: "html" | "text"; immutableIds?: boolean } = {},
): Record<string, unknown> {
  const id = options.immutableIds ? m.id : m.regularId;
  const body =
    options.bodyType === "text" && m.body.contentType === "html"
      ? { contentType: "text", content: htmlToText(m.body.content) }
      : m.body;
  const full: Record<string, unknown> = {
    "@odata.etag": `W/"${m.changeKey}"`,
    id,
    createdDateTime: m.receivedDateTime,
    lastModifiedDateTime: m.lastModifiedDateTime,
    changeKey: m.changeKey,
    categories: [],
    receivedDateTime: m.receivedDateTime,
    sentDateTime: m.sentDateTime,
    hasAttachments: false,
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    bodyPreview: htmlToText(m.body.content).slice(0, 255),
    importance: "normal",
    parentFolderId: m.folderId,
    conversationId: m.conversationId,
    isRead: m.isRead,
    isDraft: m.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&viewmodel=ReadMessageItem`,
    inferenceClassification: "focused",
    body,
    sender: recipient(m.from),
    from: recipient(m.from),
    toRecipients: m.to.map(recipient),
    ccRecipients: m.cc.map(recipient),
    bccRecipients: (m.bcc ?? []).map(recipient),
    replyTo: [],
    flag: { flagStatus: "notFlagged" },
  };
  // Graph returns internetMessageHeaders only when asked for by $select.
  const extra: Record<string, unknown> = {
    internetMessageHeaders: m.internetMessageHeaders,
    uniqueBody: body,
  };
  // A meeting message is an eventMessage: its type annotation comes with every representation of it.
  const type: Record<string, unknown> = m.meetingMessageType
    ? { "@odata.type": "#microsoft.graph.eventMessage" }
    : {};
  if (!select) {
    return m.meetingMessageType ? { ...type, ...full, meetingMessageType: m.meetingMessageType } : full;
  }
  const out: Record<string, unknown> = { ...type, "@odata.etag": full["@odata.etag"], id };
  for (const f of select) out[f] = f in full ? full[f] : extra[f];
  return out;
}

/** Opaque paging/delta tokens: base64url JSON (clients must treat them as opaque, and do). */
export function encodeToken(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

export function decodeToken<T>(token: string | null): T | null {
  if (!token) return null;
  try {
    return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as T;
  } catch {
    throw new GraphHttpError(400, "SyncStateInvalid", "The sync state (skip or delta token) is invalid.");
  }
}

/** `Prefer: odata.maxpagesize=N`, clamped to [1, max]; `fallback` when absent. */
export function preferredPageSize(prefer: string | undefined, fallback: number, max: number): number {
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? "");
  const n = m ? Number(m[1]) : fallback;
  return Math.max(1, Math.min(max, n));
}

export function preferredBodyType(prefer: string | undefined): "html" | "text" | undefined {
  const m = /outlook\.body-content-type\s*=\s*"?(html|text)"?/i.exec(prefer ?? "");
  return m ? (m[1].toLowerCase() as "html" | "text") : undefined;
}

/**
 * `Prefer: IdType="ImmutableId"`: ids that survive a move between folders. Graph applies it per request (a `$batch`
 * member needs its own header).
 */
export function prefersImmutableIds(prefer: string | undefined): boolean {
  return /IdType\s*=\s*"?ImmutableId"?/i.test(prefer ?? "");
}
