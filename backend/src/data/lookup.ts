import { sql } from "drizzle-orm";
import {
  normalizeAddress,
  normalizeMessageId,
  type Contact,
  type IndexExclusion,
  type LookupResponse,
  type LookupResult,
} from "../../../shared/index";
import { column, fromJson, queryRows, type Db } from "../db/connect";
import { callerIndex } from "./customer-index";
import { customerMap, type CustomerJson } from "./customers";
import { messageState, messageStateByHash, RECENT_EMAILS, recentItems } from "./email-history";
import { signalsView, signalsWindow, type SignalRow } from "./signals";
import type { Caller } from "./workspaces";

/** The entry the core itself found rejecting an address (the workspace's or the caller's own), if any. */
function exclusionView(e: IndexExclusion | undefined): LookupResult["exclusion"] {
  return e?.id ? { id: e.id, kind: e.kind, value: e.value, scope: e.scope } : null;
}

/** A contact as `touchbase_lookup_reads` answers it (dates as JSON text). */
interface ContactJson {
  id: string;
  customerId: string;
  address: string;
  firstName: string;
  lastName: string;
  source: Contact["source"];
  lastTouchAt: string | null;
}

/** What `touchbase_lookup_reads` answers: the lookup's every read, keyed by customer or contact id. */
interface LookupReads {
  customers: CustomerJson[];
  contacts: ContactJson[];
  recent: Record<string, Parameters<typeof recentItems>[1]>;
  signals: Record<string, SignalRow | null>;
}

/** The sidebar's single round trip: who each address is, their customer's latest emails, and the rules. */
export async function lookup(
  db: Db,
  caller: Caller,
  addresses: string[],
  asked: { messageId: string } | { messageIdSha256: string } | undefined,
  now = new Date(),
): Promise<LookupResponse> {
  const { snapshot, index } = await callerIndex(db, caller);
  const viewer = new Set([caller.user.email]);
  const matches = addresses.map((email) => {
    const address = normalizeAddress(email);
    const match = address === null ? null : index.matchAddress(address, viewer);
    return { email, match };
  });
  const customerIds = [...new Set(matches.flatMap((m) => (m.match?.customerId ? [m.match.customerId] : [])))];
  const [reads, message] = await Promise.all([
    lookupReads(db, caller, customerIds, matchedContacts(matches), now),
    asked === undefined ? Promise.resolve(undefined) : messageFor(db, caller, asked),
  ]);
  const customersById = customerMap(reads.customers);
  const contactMap = new Map(reads.contacts.map((c) => [c.id, c]));
  const signalsOf = (id: string) => signalsView(caller, reads.signals[id] ?? undefined);
  const results: LookupResult[] = matches.map(({ email, match }) => {
    const found = match?.customerId ? customersById.get(match.customerId) : undefined;
    const customer = found ? { ...found, signals: signalsOf(found.id) } : null;
    const row = match?.contactId ? contactMap.get(match.contactId) : undefined;
    const contact: Contact | null = row
      ? {
          id: row.id,
          customerId: row.customerId,
          address: row.address,
          firstName: row.firstName,
          lastName: row.lastName,
          source: row.source,
          lastTouchAt: row.lastTouchAt ? new Date(row.lastTouchAt).toISOString() : null,
          signals: signalsOf(row.id),
        }
      : null;
    return {
      email,
      customer,
      contact,
      recentEmails: customer ? recentItems(caller, reads.recent[customer.id] ?? null) : [],
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

/** A contact the index matched, with the address it was matched by (normalized, as the signals store it). */
interface MatchedContact {
  contactId: string;
  customerId: string;
  address: string;
}

function matchedContacts(
  matches: { email: string; match: { customerId?: string | null; contactId?: string | null } | null }[],
): MatchedContact[] {
  const found: MatchedContact[] = [];
  for (const { email, match } of matches) {
    const address = normalizeAddress(email);
    if (match?.contactId && match.customerId && address !== null) {
      found.push({ contactId: match.contactId, customerId: match.customerId, address });
    }
  }
  return found;
}

/**
 * Every read of the lookup in one call of `touchbase_lookup_reads` (migration 0090), planned once per connection:
 * the customers with domains and Last Touch, the contacts, each customer's newest emails, and the signals of every
 * customer and contact.
 */
async function lookupReads(
  db: Db,
  caller: Caller,
  customerIds: string[],
  contacts: MatchedContact[],
  now: Date,
): Promise<LookupReads> {
  if (customerIds.length === 0 && contacts.length === 0) {
    return { customers: [], contacts: [], recent: {}, signals: {} };
  }
  const owners = [
    ...customerIds.map((customerId) => ({ id: customerId, customerId, address: null })),
    ...contacts.map((c) => ({ id: c.contactId, customerId: c.customerId, address: c.address })),
  ];
  const [row] = await queryRows<{ reads: LookupReads | string }>(
    db,
    sql`select touchbase_lookup_reads(
          ${caller.workspace.id}, ${caller.user.id}, ${column(customerIds)}::text[],
          ${column(contacts.map((c) => c.contactId))}::text[], ${column(owners.map((o) => o.id))}::text[],
          ${column(owners.map((o) => o.customerId))}::text[], ${column(owners.map((o) => o.address))}::text[],
          ${RECENT_EMAILS}::int, ${signalsWindow(now)}) as reads`,
  );
  return fromJson(row.reads) as LookupReads;
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
