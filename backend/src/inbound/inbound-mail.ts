import { eq } from "drizzle-orm";
import { normalizeAddress, parseAddressList, type InboundResult } from "../../../shared/index";
import type { Db } from "../db/connect";
import { workspaces } from "../db/schema";
import { ingestEmails } from "../data/ingest";
import { findUserByEmail } from "../data/workspaces";
import { HttpError } from "../http/http-error";
import { parseRawMessage } from "./mime-to-email";

/**
 * The BCC address: one raw message for the workspace whose secret key it was sent to. Accepted only from a user
 * of that workspace, classified as that user sees it, stored with source `bcc`. Shared by the webhook route and
 * the SMTP listener.
 */
export async function receiveInboundMail(
  db: Db,
  key: string,
  raw: Uint8Array | string,
): Promise<InboundResult> {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.inboundKey, key.toLowerCase()));
  if (!workspace)
    throw new HttpError(404, "unknown_inbound_address", "No workspace receives mail at that address.");
  if ((typeof raw === "string" ? raw.length : raw.byteLength) === 0) {
    throw new HttpError(400, "empty_message", "The message is empty; send one raw RFC 822 message.");
  }
  let parsed;
  try {
    parsed = await parseRawMessage(raw);
  } catch {
    throw new HttpError(400, "unparseable_message", "The message could not be read as an RFC 822 email.");
  }
  const senders = [
    parsed.senderAddress,
    ...parseAddressList(parsed.input.from).map((p) => p.address),
  ].flatMap((a) => {
    const n = a ? normalizeAddress(a) : null;
    return n ? [n] : [];
  });
  for (const sender of new Set(senders)) {
    const user = await findUserByEmail(db, workspace.id, sender);
    if (!user) continue;
    const [result] = await ingestEmails(db, { user, workspace }, [parsed.input], { source: "bcc" });
    return {
      status: result.status,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.emailId ? { emailId: result.emailId } : {}),
    };
  }
  throw new HttpError(
    403,
    "sender_not_member",
    "Only mail sent by a member of this workspace is accepted at its BCC address.",
  );
}
