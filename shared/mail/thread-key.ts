import { messageIdList, normalizeMessageId } from "./message-id";

/**
 * The thread an email belongs to: the first id in References (the thread's root), else In-Reply-To, else the
 * message's own id. Every reply in a well-formed thread therefore shares its root's key.
 */
export function threadKey(input: {
  messageId?: string;
  inReplyTo?: string;
  references?: string;
}): string | null {
  const root = messageIdList(input.references)[0] ?? messageIdList(input.inReplyTo)[0];
  return root ?? normalizeMessageId(input.messageId);
}
