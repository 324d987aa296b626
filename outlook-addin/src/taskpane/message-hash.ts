import { normalizeMessageId } from "../../../shared/mail/message-id";
import { sha256Hex } from "../sync/sha256";

/**
 * What `/lookup` is told about the open message: the lower-case hex SHA-256 of its normalized Message-ID, never
 * the id itself (the backend matches it against the emails it stores). Undefined when there is no usable id.
 */
export async function messageIdSha256(messageId: string): Promise<string | undefined> {
  const key = normalizeMessageId(messageId);
  return key === null ? undefined : sha256Hex(key);
}
