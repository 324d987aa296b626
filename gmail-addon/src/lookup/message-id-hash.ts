// The opened message's identity as the server may see it before anyone knows whether it is customer mail: the
// SHA-256 of its normalized Message-ID. The server compares it with the hashes of what it stores, so it can say
// "this email is in Touchbase" without the add-on ever sending the Message-ID of a stranger's email.
import { normalizeMessageId } from "../../../shared";

/** Lower-case hex SHA-256 (UTF-8) of the core's normalized form of `messageId`; null if it has none. */
export function messageIdSha256_(messageId: string): string | null {
  const key = normalizeMessageId(messageId);
  if (key === null) return null;
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, key, Utilities.Charset.UTF_8);
  // Apps Script returns Java's signed bytes (-128…127).
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, "0")).join("");
}
