import { normalizeAddress } from "../address/normalize-address";
import { parseAddressList } from "../address/parse-address-list";
import type { MailMessage } from "../classify/types";
import { normalizeMessageId } from "./message-id";

/** 64-bit FNV-1a over UTF-16 code units as 16 hex digits: stable everywhere, no crypto API needed. */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ (c & 0xff), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ (c >>> 8) ^ (h1 & 0xff), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

function canonicalDate(date: string | undefined): string {
  if (typeof date !== "string" || date.trim() === "") return "";
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date.trim() : new Date(ms).toISOString();
}

/**
 * The identity of a message for de-duplication: its normalized Message-ID, or for messages without one a
 * stable hash of sender, date and subject (`<hash>@touchbase.invalid`, so it still looks like an id).
 */
export function dedupeKey(message: Pick<MailMessage, "messageId" | "from" | "date" | "subject">): string {
  const id = normalizeMessageId(message?.messageId);
  if (id !== null) return id;
  const sender = parseAddressList(message?.from ?? "")
    .map((p) => normalizeAddress(p.address))
    .filter((a): a is string => a !== null)
    .join(",");
  const subject = (message?.subject ?? "").replace(/\s+/g, " ").trim();
  return `${stableHash(`${sender}\n${canonicalDate(message?.date)}\n${subject}`)}@touchbase.invalid`;
}
