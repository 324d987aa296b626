import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import {
  applyIndexChanges,
  buildCustomerIndex,
  type CustomerIndex,
  type CustomerIndexChanges,
  type CustomerIndexSnapshot,
} from "../../../shared/index";
import { queryRows, type Db } from "../db/connect";
import { contacts, customerDomains, customers, exclusions, indexTombstones } from "../db/schema";
import { indexVersion, parseIndexVersion } from "./index-version";
import { DEFAULT_WORKSPACE_SETTINGS, type Caller } from "./workspaces";

type IndexCustomer = CustomerIndexSnapshot["customers"][number];
type IndexContact = CustomerIndexSnapshot["contacts"][number];
type IndexExclusion = { id: string; kind: "address" | "domain"; value: string; scope: "workspace" | "user" };
export type Snapshot = CustomerIndexSnapshot & { exclusions: IndexExclusion[] };

export interface CallerIndex {
  snapshot: Snapshot;
  /** The snapshot serialized once: `GET /customer-index` answers with it as is. */
  json: string;
  index: CustomerIndex;
}

/** Recently built indexes by user and version; a version bump makes the old entry unreachable. */
const cache = new Map<string, CallerIndex>();
const CACHE_SIZE = 200;

export function clearIndexCache(): void {
  cache.clear();
}

async function loadCustomers(db: Db, workspaceId: string): Promise<IndexCustomer[]> {
  const [rows, domains] = await Promise.all([
    db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(eq(customers.workspaceId, workspaceId))
      .orderBy(asc(customers.id)),
    db
      .select({ customerId: customerDomains.customerId, domain: customerDomains.domain })
      .from(customerDomains)
      .where(eq(customerDomains.workspaceId, workspaceId))
      .orderBy(asc(customerDomains.customerId), asc(customerDomains.position)),
  ]);
  const byCustomer = new Map<string, string[]>();
  for (const d of domains) {
    const list = byCustomer.get(d.customerId) ?? [];
    list.push(d.domain);
    byCustomer.set(d.customerId, list);
  }
  return rows.map((r) => ({ id: r.id, name: r.name, domains: byCustomer.get(r.id) ?? [] }));
}

async function loadContacts(db: Db, workspaceId: string): Promise<IndexContact[]> {
  return db
    .select({ id: contacts.id, customerId: contacts.customerId, address: contacts.address })
    .from(contacts)
    .where(eq(contacts.workspaceId, workspaceId))
    .orderBy(asc(contacts.id));
}

async function loadExclusions(db: Db, caller: Caller): Promise<IndexExclusion[]> {
  const rows = await db
    .select({ id: exclusions.id, kind: exclusions.kind, value: exclusions.value, userId: exclusions.userId })
    .from(exclusions)
    .where(
      and(
        eq(exclusions.workspaceId, caller.workspace.id),
        or(isNull(exclusions.userId), eq(exclusions.userId, caller.user.id)),
      ),
    )
    .orderBy(asc(exclusions.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    value: r.value,
    scope: r.userId ? "user" : "workspace",
  }));
}

/**
 * The caller's index (workspace customers, contacts and exclusions plus the caller's own exclusions), cached per
 * user. When the version moved on, only the rows changed since the cached version are read and applied (the
 * same diff `?since=` serves), so a sync that creates contacts does not reload the whole index.
 */
export async function callerIndex(db: Db, caller: Caller): Promise<CallerIndex> {
  const version = indexVersion(caller.workspace);
  const key = caller.user.id;
  const cached = cache.get(key);
  if (cached && cached.snapshot.version === version) return cached;
  let snapshot: Snapshot | null = null;
  if (cached) {
    const changes = await indexChangesSince(db, caller, cached.snapshot.version);
    if (changes) snapshot = applyIndexChanges(cached.snapshot, changes) as Snapshot;
  }
  if (!snapshot) {
    const [customerRows, contactRows, exclusionRows] = await Promise.all([
      loadCustomers(db, caller.workspace.id),
      loadContacts(db, caller.workspace.id),
      loadExclusions(db, caller),
    ]);
    snapshot = {
      version,
      internalDomains: caller.workspace.internalDomains,
      customers: customerRows,
      contacts: contactRows,
      exclusions: exclusionRows,
      settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...caller.workspace.settings },
    };
  }
  const frozen = snapshot;
  let json: string | null = null;
  const entry: CallerIndex = {
    snapshot: frozen,
    // Serialized on first use: syncs need the index, only `GET /customer-index` needs the JSON.
    get json() {
      json ??= JSON.stringify(frozen);
      return json;
    },
    index: buildCustomerIndex(frozen),
  };
  cache.delete(key);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, entry);
  return entry;
}

/**
 * What changed in the caller's index since `since`, or null when that version cannot be diffed (unknown,
 * another workspace's, or newer than the current one) and the whole snapshot must be sent.
 */
export async function indexChangesSince(
  db: Db,
  caller: Caller,
  since: string,
): Promise<CustomerIndexChanges | null> {
  const sinceSeq = parseIndexVersion(since, caller.workspace);
  if (sinceSeq === null) return null;
  const base = {
    full: false as const,
    since,
    version: indexVersion(caller.workspace),
    internalDomains: caller.workspace.internalDomains,
    settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...caller.workspace.settings },
  };
  const empty = { upserted: [], removed: [] };
  if (sinceSeq === caller.workspace.indexSeq) {
    return { ...base, customers: empty, contacts: empty, exclusions: empty };
  }
  // One round trip for the four parts: this runs after every sync that created a contact.
  const ws = caller.workspace.id;
  const me = caller.user.id;
  const [row] = await queryRows<{
    customers: IndexCustomer[] | null;
    contacts: IndexContact[] | null;
    exclusions: IndexExclusion[] | null;
    tombstones: { kind: string; itemId: string }[] | null;
  }>(
    db,
    sql`select
      (select json_agg(json_build_object('id', c.id, 'name', c.name, 'domains',
                (select coalesce(json_agg(d.domain order by d.position), '[]'::json)
                   from ${customerDomains} d where d.customer_id = c.id)) order by c.id)
         from ${customers} c where c.workspace_id = ${ws} and c.seq > ${sinceSeq}) as customers,
      (select json_agg(json_build_object('id', k.id, 'customerId', k.customer_id, 'address', k.address) order by k.id)
         from ${contacts} k where k.workspace_id = ${ws} and k.seq > ${sinceSeq}) as contacts,
      (select json_agg(json_build_object('id', e.id, 'kind', e.kind, 'value', e.value,
                'scope', case when e.user_id is null then 'workspace' else 'user' end) order by e.id)
         from ${exclusions} e
         where e.workspace_id = ${ws} and e.seq > ${sinceSeq} and (e.user_id is null or e.user_id = ${me})) as exclusions,
      (select json_agg(json_build_object('kind', t.kind, 'itemId', t.item_id))
         from ${indexTombstones} t
         where t.workspace_id = ${ws} and t.seq > ${sinceSeq} and (t.user_id is null or t.user_id = ${me})) as tombstones`,
  );
  const asArray = <T>(v: T[] | string | null): T[] =>
    typeof v === "string" ? (JSON.parse(v) as T[]) : (v ?? []);
  const customerRows = asArray(row.customers);
  const contactRows = asArray(row.contacts);
  const exclusionRows = asArray(row.exclusions);
  const tombstones = asArray(row.tombstones);
  const removed = (kind: string) => tombstones.filter((t) => t.kind === kind).map((t) => t.itemId);
  return {
    ...base,
    customers: { upserted: customerRows, removed: removed("customer") },
    contacts: { upserted: contactRows, removed: removed("contact") },
    exclusions: { upserted: exclusionRows, removed: removed("exclusion") },
  };
}

/** Records deletions for `?since=` readers. */
export async function addTombstones(
  db: Db,
  workspaceId: string,
  seq: number,
  kind: "customer" | "contact" | "exclusion",
  itemIds: string[],
  userId: string | null = null,
): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .insert(indexTombstones)
    .values(itemIds.map((itemId) => ({ workspaceId, kind, itemId, userId, seq })));
}
