import { and, eq, inArray } from "drizzle-orm";
import {
  normalizeAddress,
  normalizeMessageId,
  type Contact,
  type IndexExclusion,
  type LookupResponse,
  type LookupResult,
} from "../../../shared/index";
import type { Db } from "../db/connect";
import { contacts } from "../db/schema";
import { callerIndex } from "./customer-index";
import { customersByIds } from "./customers";
import { messageState, messageStateByHash, recentEmails } from "./email-history";
import { signalsOf, type SignalsOwner } from "./signals";
import type { Caller } from "./workspaces";

/** The entry the core itself found rejecting an address (the workspace's or the caller's own), if any. */
function exclusionView(e: IndexExclusion | undefined): LookupResult["exclusion"] {
  return e?.id ? { id: e.id, kind: e.kind, value: e.value, scope: e.scope } : null;
}

/** The sidebar's single round trip: who each address is, their customer's latest emails, and the rules. */
export async function lookup(
  db: Db,
  caller: Caller,
  addresses: string[],
  asked: { messageId: string } | { messageIdSha256: string } | undefined,
): Promise<LookupResponse> {
  const { snapshot, index } = await callerIndex(db, caller);
  const viewer = new Set([caller.user.email]);
  const matches = addresses.map((email) => {
    const address = normalizeAddress(email);
    const match = address === null ? null : index.matchAddress(address, viewer);
    return { email, match };
  });
  const customerIds = [...new Set(matches.flatMap((m) => (m.match?.customerId ? [m.match.customerId] : [])))];
  const contactIds = matches.flatMap((m) => (m.match?.contactId ? [m.match.contactId] : []));
  // Every read at once (PostgreSQL runs them on separate connections); none depends on another's answer.
  const [customerMap, contactRows, recent, message, signals] = await Promise.all([
    customersByIds(db, caller.workspace.id, customerIds),
    contactIds.length
      ? db
          .select()
          .from(contacts)
          .where(and(eq(contacts.workspaceId, caller.workspace.id), inArray(contacts.id, contactIds)))
      : Promise.resolve([]),
    recentEmails(db, caller, customerIds),
    asked === undefined ? Promise.resolve(undefined) : messageFor(db, caller, asked),
    signalsOf(db, caller, [
      ...customerIds.map((customerId) => ({ customerId })),
      ...matchedContacts(matches),
    ]),
  ]);
  const contactMap = new Map(contactRows.map((c) => [c.id, c]));
  const results: LookupResult[] = matches.map(({ email, match }) => {
    const found = match?.customerId ? customerMap.get(match.customerId) : undefined;
    const customer = found ? { ...found, signals: signals.get(found.id) } : null;
    const row = match?.contactId ? contactMap.get(match.contactId) : undefined;
    const contact: Contact | null = row
      ? {
          id: row.id,
          customerId: row.customerId,
          address: row.address,
          firstName: row.firstName,
          lastName: row.lastName,
          source: row.source,
          lastTouchAt: row.lastTouchAt ? row.lastTouchAt.toISOString() : null,
          signals: signals.get(row.id),
        }
      : null;
    return {
      email,
      customer,
      contact,
      recentEmails: customer ? (recent.get(customer.id) ?? []) : [],
      matchedBy: customer ? (match?.via ?? null) : null,
      exclusion: exclusionView(match?.exclusion),
    };
  });
  return {
    results,
    rules: { internalDomains: snapshot.internalDomains, settings: snapshot.settings },
    ...(message !== undefined ? { message } : {}),
  };
}

/** The contacts the index matched, with the address each was matched by (normalized, as the signals store it). */
function matchedContacts(
  matches: { email: string; match: { customerId?: string | null; contactId?: string | null } | null }[],
): SignalsOwner[] {
  const owners: SignalsOwner[] = [];
  for (const { email, match } of matches) {
    const address = normalizeAddress(email);
    if (match?.contactId && match.customerId && address !== null) {
      owners.push({ contactId: match.contactId, customerId: match.customerId, address });
    }
  }
  return owners;
}

async function messageFor(
  db: Db,
  caller: Caller,
  message: { messageId: string } | { messageIdSha256: string },
) {
  if ("messageIdSha256" in message) {
    const hash = message.messageIdSha256;
    return { messageId: hash, ...(await messageStateByHash(db, caller, hash)) };
  }
  const key = normalizeMessageId(message.messageId);
  if (key === null) return { messageId: message.messageId, emailId: null, syncedByMe: false };
  return { messageId: key, ...(await messageState(db, caller, key)) };
}
