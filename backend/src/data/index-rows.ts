import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { CustomerIndexChanges, CustomerIndexSnapshot } from "../../../shared/index";
import { fromJson, queryRows, readAll, type Db } from "../db/connect";
import { contacts, customerDomains, customers, exclusions, indexTombstones } from "../db/schema";
import { indexVersion, parseIndexVersion } from "./index-version";
import { DEFAULT_WORKSPACE_SETTINGS, type Caller, type WorkspaceRow } from "./workspaces";

// The rows of a customer index, read whole or as the changes since a version. The workspace's part (customers,
// contacts, workspace exclusions) is shared by all its users; each user adds only their own exclusions.

type IndexCustomer = CustomerIndexSnapshot["customers"][number];
type IndexContact = CustomerIndexSnapshot["contacts"][number];
export type IndexExclusion = {
  id: string;
  kind: "address" | "domain";
  value: string;
  scope: "workspace" | "user";
};
export type Snapshot = CustomerIndexSnapshot & { exclusions: IndexExclusion[] };

export async function loadCustomers(db: Db, workspaceId: string): Promise<IndexCustomer[]> {
  const [rows, domains] = await readAll(db, [
    () =>
      db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(eq(customers.workspaceId, workspaceId))
        .orderBy(asc(customers.id)),
    () =>
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

export async function loadContacts(db: Db, workspaceId: string): Promise<IndexContact[]> {
  return db
    .select({ id: contacts.id, customerId: contacts.customerId, address: contacts.address })
    .from(contacts)
    .where(eq(contacts.workspaceId, workspaceId))
    .orderBy(asc(contacts.id));
}

/** The workspace's exclusions (`userId` null), or one user's own. */
export async function loadExclusions(
  db: Db,
  workspaceId: string,
  userId: string | null,
): Promise<IndexExclusion[]> {
  const rows = await db
    .select({ id: exclusions.id, kind: exclusions.kind, value: exclusions.value })
    .from(exclusions)
    .where(
      and(
        eq(exclusions.workspaceId, workspaceId),
        userId === null ? isNull(exclusions.userId) : eq(exclusions.userId, userId),
      ),
    )
    .orderBy(asc(exclusions.id));
  const scope = userId === null ? "workspace" : "user";
  return rows.map((r) => ({ id: r.id, kind: r.kind, value: r.value, scope }));
}

/** The workspace's part of the index, whole. */
export async function loadWorkspaceSnapshot(db: Db, workspace: WorkspaceRow): Promise<Snapshot> {
  const [customerRows, contactRows, exclusionRows] = await readAll(db, [
    () => loadCustomers(db, workspace.id),
    () => loadContacts(db, workspace.id),
    () => loadExclusions(db, workspace.id, null),
  ]);
  return {
    version: indexVersion(workspace),
    internalDomains: workspace.internalDomains,
    customers: customerRows,
    contacts: contactRows,
    exclusions: exclusionRows,
    settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...workspace.settings },
  };
}

/**
 * For the workspace's diff: whose own exclusions changed meanwhile, so the cached overlays of everybody else stay
 * valid without reading their exclusions again.
 */
const usersWithExclusionChanges = (ws: string, sinceSeq: number) => sql`,
  (select json_agg(distinct x.user_id) from (
     select user_id from ${exclusions} where workspace_id = ${ws} and seq > ${sinceSeq} and user_id is not null
     union all
     select user_id from ${indexTombstones} where workspace_id = ${ws} and seq > ${sinceSeq} and user_id is not null
   ) x) as users`;

/**
 * What changed since `since`: the workspace's part, plus the exclusions of `userId` when one is given (the
 * caller's view, as `GET /customer-index?since=` serves it), or null when that version cannot be diffed
 * (unknown, another workspace's, or newer than the current one) and the whole snapshot must be read.
 */
export async function changesSince(
  db: Db,
  workspace: WorkspaceRow,
  userId: string | null,
  since: string,
): Promise<(CustomerIndexChanges & { usersWithExclusionChanges: string[] }) | null> {
  const sinceSeq = parseIndexVersion(since, workspace);
  if (sinceSeq === null) return null;
  const base = {
    full: false as const,
    since,
    version: indexVersion(workspace),
    internalDomains: workspace.internalDomains,
    settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...workspace.settings },
  };
  const empty = { upserted: [], removed: [] };
  if (sinceSeq === workspace.indexSeq) {
    return { ...base, customers: empty, contacts: empty, exclusions: empty, usersWithExclusionChanges: [] };
  }
  // One round trip for the four parts: this runs after every sync that created a contact.
  const ws = workspace.id;
  const mine = userId === null ? sql`user_id is null` : sql`(user_id is null or user_id = ${userId})`;
  const [row] = await queryRows<{
    customers: IndexCustomer[] | null;
    contacts: IndexContact[] | null;
    exclusions: IndexExclusion[] | null;
    tombstones: { kind: string; itemId: string }[] | null;
    users: string[] | null;
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
         from ${exclusions} e where e.workspace_id = ${ws} and e.seq > ${sinceSeq} and ${mine}) as exclusions,
      (select json_agg(json_build_object('kind', t.kind, 'itemId', t.item_id))
         from ${indexTombstones} t where t.workspace_id = ${ws} and t.seq > ${sinceSeq} and ${mine}) as tombstones
      ${userId === null ? usersWithExclusionChanges(ws, sinceSeq) : sql``}`,
  );
  const asArray = <T>(v: T[] | string | null): T[] => fromJson(v) ?? [];
  const tombstones = asArray(row.tombstones);
  const removed = (kind: string) => tombstones.filter((t) => t.kind === kind).map((t) => t.itemId);
  return {
    ...base,
    customers: { upserted: asArray(row.customers), removed: removed("customer") },
    contacts: { upserted: asArray(row.contacts), removed: removed("contact") },
    exclusions: { upserted: asArray(row.exclusions), removed: removed("exclusion") },
    usersWithExclusionChanges: asArray(row.users),
  };
}

/** `GET /customer-index?since=`: the changes in the caller's view (the workspace's and their own). */
export function indexChangesSince(
  db: Db,
  caller: Caller,
  since: string,
): Promise<CustomerIndexChanges | null> {
  return changesSince(db, caller.workspace, caller.user.id, since);
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
