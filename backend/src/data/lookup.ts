import { and, eq, inArray } from "drizzle-orm";
import {
  normalizeAddress,
  normalizeMessageId,
  type Contact,
  type IndexExclusion,
  type LookupResponse,
  type LookupResult,
  type Signals,
} from "../../../shared/index";
import type { Db } from "../db/connect";
import { contacts } from "../db/schema";
import { callerIndex } from "./customer-index";
import { customersByIds } from "./customers";
import { messageState, messageStateByHash, recentEmails } from "./email-history";
import { contactSignals, customerSignals } from "./signals";
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
  const [customerMap, contactRows, recent, message] = await Promise.all([
    customersByIds(db, caller.workspace.id, customerIds),
    contactIds.length
      ? db
          .select()
          .from(contacts)
          .where(and(eq(contacts.workspaceId, caller.workspace.id), inArray(contacts.id, contactIds)))
      : Promise.resolve([]),
    recentEmails(db, caller, customerIds),
    asked === undefined ? Promise.resolve(undefined) : messageFor(db, caller, asked),
  ]);
  const contactMap = new Map(contactRows.map((c) => [c.id, c]));
  const signals = await lookupSignals(db, caller, customerIds, contactRows);
  const results: LookupResult[] = matches.map(({ email, match }) => {
    const found = match?.customerId ? customerMap.get(match.customerId) : undefined;
    const customer = found ? { ...found, signals: signals.customers.get(found.id) } : null;
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
          signals: signals.contacts.get(row.id),
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

/** The signals of the customers and contacts a lookup found (one statement each, all index ranges). */
async function lookupSignals(
  db: Db,
  caller: Caller,
  customerIds: string[],
  contactRows: { id: string; customerId: string; address: string }[],
): Promise<{ customers: Map<string, Signals>; contacts: Map<string, Signals> }> {
  const now = new Date();
  const customers = new Map<string, Signals>();
  const contactsMap = new Map<string, Signals>();
  for (const id of customerIds) customers.set(id, await customerSignals(db, caller, id, now));
  for (const c of contactRows)
    contactsMap.set(c.id, await contactSignals(db, caller, c.customerId, c.address, now));
  return { customers, contacts: contactsMap };
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
