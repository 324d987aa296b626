import { eq } from "drizzle-orm";
import { spf } from "mailauth/lib/spf";
import {
  isPersonalDomain,
  isPublicSuffix,
  normalizeAddress,
  parseAddressList,
  type InboundResult,
} from "../../../shared/index";
import type { Db } from "../db/connect";
import { workspaces } from "../db/schema";
import { ingestEmails } from "../data/ingest";
import { findUserByEmail, type WorkspaceRow } from "../data/workspaces";
import { forbiddenTo, invalid, missing, tooLarge, tooMany } from "../data/errors";
import { sharedMimePool, type DkimOutcome, type DnsResolver, type MimePool } from "./mime-pool";
import { MimeRefusal } from "./mime-summary.mjs";
import { emailFromSummary } from "./mime-to-email";

/** How the BCC address reads and verifies mail: the MIME worker pool and the DNS its checks ask. */
export interface InboundDeps {
  mime: MimePool;
  /** For SPF (the pool's own resolver answers DKIM); the system's DNS by default. */
  resolver?: DnsResolver;
}

export function defaultInboundDeps(): InboundDeps {
  return { mime: sharedMimePool() };
}

/** How the message reached us: the SMTP listener knows the connecting server, so SPF can vouch for it. */
export interface Arrival {
  smtp?: { clientIp: string; helo: string; mailFrom: string };
}

const REFUSAL_KIND: Record<string, typeof tooLarge> = { message_too_large: tooLarge, busy: tooMany };

/** A domain is covered by `other` when it is `other` or one of its subdomains (DMARC's relaxed alignment). */
function aligned(domain: string, other: string): boolean {
  const o = other.toLowerCase().replace(/\.$/, "");
  return !isPublicSuffix(o) && (domain === o || domain.endsWith(`.${o}`));
}

async function spfPasses(domain: string, arrival: Arrival, resolver?: DnsResolver): Promise<boolean> {
  const smtp = arrival.smtp;
  if (!smtp?.mailFrom) return false;
  const envelopeDomain = smtp.mailFrom.split("@").pop()?.toLowerCase() ?? "";
  if (!aligned(domain, envelopeDomain) && !aligned(envelopeDomain, domain)) return false;
  try {
    const result = await spf({
      sender: smtp.mailFrom,
      ip: smtp.clientIp,
      helo: smtp.helo,
      mta: "touchbase",
      ...(resolver ? { resolver: resolver as never } : {}),
    });
    return result.status?.result === "pass";
  } catch {
    return false;
  }
}

/**
 * Whether the message really comes from `address`'s domain: a DKIM signature of that domain (or a parent of it)
 * that verifies, SPF pass for it when it came through our SMTP listener, or a domain the workspace's admins
 * allowed unsigned.
 */
async function senderVerified(
  address: string,
  workspace: WorkspaceRow,
  dkim: DkimOutcome[],
  arrival: Arrival,
  resolver?: DnsResolver,
): Promise<boolean> {
  const domain = address.slice(address.lastIndexOf("@") + 1);
  if (dkim.some((d) => d.result === "pass" && aligned(domain, d.domain))) return true;
  // A personal mail provider is never taken unsigned (anyone can open an address there), even where an older
  // release let an admin name one.
  const unsigned = (workspace.inboundUnsignedDomains ?? []).filter((allowed) => !isPersonalDomain(allowed));
  if (unsigned.some((allowed) => aligned(domain, allowed))) return true;
  return spfPasses(domain, arrival, resolver);
}

/**
 * The BCC address: one raw message for the workspace whose secret key it was sent to. Accepted only from a member
 * of that workspace whose domain vouches for the message (DKIM, or SPF through the SMTP listener, or an admin's
 * allowance of unsigned mail from that domain); classified as that member sees it, stored with source `bcc`.
 * Shared by the webhook route and the SMTP listener.
 */
export async function receiveInboundMail(
  db: Db,
  key: string,
  raw: Uint8Array | string,
  deps: InboundDeps = defaultInboundDeps(),
  arrival: Arrival = {},
  options: { owned?: boolean } = {},
): Promise<InboundResult> {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.inboundKey, key.toLowerCase()));
  if (!workspace) throw missing("unknown_inbound_address", "No workspace receives mail at that address.");
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  if (bytes.byteLength === 0) {
    throw invalid("empty_message", "The message is empty; send one raw RFC 822 message.");
  }
  let read;
  try {
    read = await deps.mime.read(bytes, {
      verifyDkim: true,
      transfer: typeof raw === "string" || options.owned === true,
    });
  } catch (error) {
    if (error instanceof MimeRefusal) {
      throw (REFUSAL_KIND[error.code] ?? invalid)(error.code, error.message);
    }
    throw invalid("unparseable_message", "The message could not be read as an RFC 822 email.");
  }
  const parsed = emailFromSummary(read.summary);
  const senders = [
    parsed.senderAddress,
    ...parseAddressList(parsed.input.from).map((p) => p.address),
  ].flatMap((a) => {
    const n = a ? normalizeAddress(a) : null;
    return n ? [n] : [];
  });
  let unverified: string | null = null;
  for (const sender of new Set(senders)) {
    const user = await findUserByEmail(db, workspace.id, sender);
    if (!user) continue;
    if (!(await senderVerified(sender, workspace, read.dkim, arrival, deps.resolver))) {
      unverified ??= sender;
      continue;
    }
    const [result] = await ingestEmails(db, { user, workspace }, [parsed.input], { source: "bcc" });
    return {
      status: result.status,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.emailId ? { emailId: result.emailId } : {}),
    };
  }
  if (unverified) {
    const domain = unverified.slice(unverified.lastIndexOf("@") + 1);
    throw forbiddenTo(
      "sender_not_verified",
      `The message says it is from ${unverified}, but it carries no valid DKIM signature of ${domain}, so nothing ` +
        `was stored. Send it through a mail server that signs for ${domain}, or ask an admin to allow unsigned ` +
        `mail from ${domain} in the workspace settings.`,
    );
  }
  throw forbiddenTo(
    "sender_not_member",
    "Only mail sent by a member of this workspace is accepted at its BCC address.",
  );
}
