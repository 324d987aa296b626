import { sql, type SQL } from "drizzle-orm";
import type { Classification, IndexContact, NewContact } from "../../../shared/index";
import { column, fromJson, queryRows, type Db } from "../db/connect";
import { contacts, workspaces } from "../db/schema";
import { newId } from "./ids";

// The side effects of storing emails: lastTouchAt of contacts, and contacts created from new participants
// (a customer's lastTouchAt is read off its history), all in one statement (the embedded database pays per statement). Each part locks its rows in a
// fixed order (ids sorted in a FOR NO KEY UPDATE subquery, values sorted by key) so concurrent batches queue
// rather than deadlock; the rare deadlock left is retried by the caller.

export interface Touched {
  classification: Classification;
  row: { sentAt: Date };
}

function latestBy(entries: Iterable<[string, Date]>): Map<string, Date> {
  const map = new Map<string, Date>();
  for (const [k, d] of entries) {
    const prev = map.get(k);
    if (!prev || prev < d) map.set(k, d);
  }
  return map;
}

function newContacts(items: Touched[]): Map<string, NewContact & { sentAt: Date }> {
  const wanted = new Map<string, NewContact & { sentAt: Date }>();
  for (const a of items) {
    for (const c of a.classification.newContacts) {
      const prev = wanted.get(c.address);
      if (!prev || prev.sentAt < a.row.sentAt) wanted.set(c.address, { ...c, sentAt: a.row.sentAt });
    }
  }
  return wanted;
}

/** New contacts, bumping the index version; one that exists already (a stale index) only gets its lastTouchAt. */
function createContactsSql(workspaceId: string, wanted: Map<string, NewContact & { sentAt: Date }>): SQL[] {
  if (wanted.size === 0) return [];
  const list = [...wanted.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  const col = (f: (c: (typeof list)[number]) => unknown) => column(list.map(f));
  return [
    sql`update ${workspaces} set index_seq = index_seq + 1 where id = ${workspaceId} returning index_seq`,
    sql`
      insert into ${contacts} (id, workspace_id, customer_id, address, first_name, last_name, source, last_touch_at, seq)
      select v.id, ${workspaceId}, v.customer_id, v.address, v.first_name, v.last_name, 'auto', v.t, s.index_seq
      from s, unnest(${col(() => newId("con"))}::text[], ${col((c) => c.customerId)}::text[],
                     ${col((c) => c.address)}::text[], ${col((c) => c.firstName)}::text[],
                     ${col((c) => c.lastName)}::text[], ${col((c) => c.sentAt.toISOString())}::timestamptz[])
        as v(id, customer_id, address, first_name, last_name, t)
      on conflict (workspace_id, address) do update
        set last_touch_at = greatest(${contacts}.last_touch_at, excluded.last_touch_at)
      returning id, customer_id, address, (xmax = 0) as inserted`,
  ];
}

function touchContactsSql(workspaceId: string, items: Touched[], skip: Map<string, unknown>): SQL | null {
  const touched = latestBy(
    items.flatMap((a) =>
      a.classification.customers.flatMap((c) =>
        c.matchedBy
          .filter((m) => m.via === "contact" && !skip.has(m.address))
          .map((m) => [m.address, a.row.sentAt] as [string, Date]),
      ),
    ),
  );
  if (touched.size === 0) return null;
  const entries = [...touched.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return sql`
    update ${contacts} c set last_touch_at = v.t
    from unnest(${column(entries.map((e) => e[0]))}::text[], ${column(entries.map((e) => e[1].toISOString()))}::timestamptz[])
           as v(address, t),
         (select id from ${contacts} where workspace_id = ${workspaceId} and address = any(${column(entries.map((e) => e[0]))}::text[])
          order by id for no key update) l
    where l.id = c.id and c.address = v.address and (c.last_touch_at is null or c.last_touch_at < v.t)
    returning 1`;
}

/** lastTouchAt of the contacts of `items`, and the contacts the classifier proposed, as CTEs. */
export function touchAndContactCtes(workspaceId: string, items: Touched[]): [string, SQL][] {
  const wanted = newContacts(items);
  const parts: [string, SQL | null][] = [];
  const [bump, insert] = createContactsSql(workspaceId, wanted);
  if (bump && insert) parts.push(["s", bump], ["nc", insert]);
  parts.push(["tk", touchContactsSql(workspaceId, items, wanted)]);
  return parts.filter((p): p is [string, SQL] => p[1] !== null);
}

/** What the statement added to the customer index: the new version and the contacts it created. */
export interface IndexAdditions {
  seq: number;
  contacts: IndexContact[];
}

/**
 * Runs data-modifying statements as the CTEs of one statement. Returns the contacts created and the index version
 * they made, when the statement created any (the caller's index cache can take them without reading them back).
 */
export async function runSideEffects(tx: Db, ctes: [string, SQL][]): Promise<IndexAdditions | null> {
  if (ctes.length === 0) return null;
  const creates = ctes.some(([name]) => name === "nc");
  const [row] = await queryRows<{ seq: number | string | null; contacts: IndexContact[] | string | null }>(
    tx,
    sql`with ${sql.join(
      ctes.map(([name, q]) => sql`${sql.raw(name)} as (${q})`),
      sql`, `,
    )} ${
      creates
        ? sql`select (select index_seq from s) as seq,
                     (select json_agg(json_build_object('id', id, 'customerId', customer_id, 'address', address))
                        from nc where inserted) as contacts`
        : sql`select null as seq, null as contacts`
    }`,
  );
  if (!row || row.seq === null) return null;
  return { seq: Number(row.seq), contacts: fromJson(row.contacts) ?? [] };
}
