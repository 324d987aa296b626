import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { BoardColumns, BoardPage, BoardQuerySchema, ImportPreview } from "../../../shared/api/board";
import { queryRows, type Db } from "../db/connect";
import { invalid } from "./errors";
import { importCustomersCsv } from "./customer-import";
import { customersByIds } from "./customers";
import type { Caller } from "./workspaces";

// The Customers board of the web workspace. One query picks the page: the sort key and the customer id, compared
// as a row with the cursor's pair (keyset paging), so page 500 costs what page 1 does. Sorting by Last Touch or by
// emails in the last 30 days (or filtering "no touch in N days") needs those figures for every customer: one
// grouped pass over the history index (email_customers), instead of a lookup per customer. The page's rows are then
// filled in by id: domains, attributes, last inbound and outbound email, each one short index walk.

type Query = z.output<typeof BoardQuerySchema>;
const DAY = 86_400_000;

interface SortKey {
  expr: SQL;
  /** How a cursor's text value is read back for the comparison. */
  cast: "text" | "timestamptz" | "int";
  stats: boolean;
}

function sortKey(sort: string): SortKey {
  switch (sort) {
    case "name":
      return { expr: sql`lower(c.name)`, cast: "text", stats: false };
    case "owner":
      return { expr: sql`coalesce(lower(c.attributes->>'owner'), '')`, cast: "text", stats: false };
    case "lastTouch":
      // Never touched sorts as the oldest touch.
      return {
        expr: sql`coalesce(s.last_touch, '-infinity'::timestamptz)`,
        cast: "timestamptz",
        stats: true,
      };
    case "emails30d":
      return { expr: sql`coalesce(s.recent, 0)`, cast: "int", stats: true };
    default: {
      const key = sort.slice("attr:".length);
      return { expr: sql`coalesce(lower(c.attributes->>${key}), '')`, cast: "text", stats: false };
    }
  }
}

function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((v) => typeof v === "string" && v.length <= 400)
    ) {
      return value as [string, string];
    }
  } catch {
    // falls through
  }
  throw invalid("invalid_cursor", "The cursor is not one this server gave out.");
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export async function boardPage(db: Db, caller: Caller, query: Query): Promise<BoardPage> {
  const workspaceId = caller.workspace.id;
  const key = sortKey(query.sort);
  const now = Date.now();
  const recentSince = new Date(now - 30 * DAY);
  const needStats = key.stats || query.quietDays !== undefined;
  const filters: SQL[] = [sql`c.workspace_id = ${workspaceId}`];
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    filters.push(
      sql`(c.name ilike ${pattern} or exists (select 1 from customer_domains d where d.customer_id = c.id and d.domain ilike ${pattern}))`,
    );
  }
  if (query.owner !== undefined && query.owner !== "") {
    filters.push(
      query.owner === "-"
        ? sql`coalesce(c.attributes->>'owner', '') = ''`
        : sql`lower(c.attributes->>'owner') = lower(${query.owner})`,
    );
  }
  if (query.quietDays !== undefined) {
    const cutoff = new Date(now - query.quietDays * DAY);
    filters.push(sql`(s.last_touch is null or s.last_touch < ${cutoff.toISOString()}::timestamptz)`);
  }
  const desc = query.order === "desc";
  if (query.cursor) {
    const [k, id] = decodeCursor(query.cursor);
    const value =
      key.cast === "int"
        ? sql`${Number.parseInt(k, 10) || 0}::int`
        : key.cast === "timestamptz"
          ? sql`${k}::timestamptz`
          : sql`${k}::text`;
    filters.push(
      desc ? sql`(${key.expr}, c.id) < (${value}, ${id})` : sql`(${key.expr}, c.id) > (${value}, ${id})`,
    );
  }
  const stats = needStats
    ? sql`with s as (
        select ec.customer_id, max(ec.sent_at) as last_touch,
               count(*) filter (where ec.sent_at > ${recentSince.toISOString()}::timestamptz)::int as recent
        from email_customers ec join customers cc on cc.id = ec.customer_id
        where cc.workspace_id = ${workspaceId}
        group by ec.customer_id) `
    : sql``;
  const from = needStats ? sql`customers c left join s on s.customer_id = c.id` : sql`customers c`;
  const direction = desc ? sql`desc` : sql`asc`;
  const picked = await queryRows<{ id: string; k: string }>(
    db,
    sql`${stats}select c.id, (${key.expr})::text as k from ${from}
        where ${sql.join(filters, sql` and `)}
        order by ${key.expr} ${direction}, c.id ${direction}
        limit ${query.limit + 1}`,
  );
  const page = picked.slice(0, query.limit);
  const ids = page.map((r) => r.id);
  const [full, figures] = await Promise.all([
    customersByIds(db, workspaceId, ids),
    ids.length === 0
      ? Promise.resolve([])
      : queryRows<{
          id: string;
          recent: number;
          last_in: Date | string | null;
          last_out: Date | string | null;
        }>(
          db,
          sql`select p.id,
            (select count(*)::int from email_customers ec
               where ec.customer_id = p.id and ec.sent_at > ${recentSince.toISOString()}::timestamptz) as recent,
            (select ec.sent_at from email_customers ec join emails e on e.id = ec.email_id
               where ec.customer_id = p.id and e.direction = 'inbound' order by ec.sent_at desc limit 1) as last_in,
            (select ec.sent_at from email_customers ec join emails e on e.id = ec.email_id
               where ec.customer_id = p.id and e.direction = 'outbound' order by ec.sent_at desc limit 1) as last_out
            from customers p where p.workspace_id = ${workspaceId} and p.id in ${ids}`,
        ),
  ]);
  const byId = new Map(figures.map((f) => [f.id, f]));
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
  const rows = page.flatMap((r) => {
    const customer = full.get(r.id);
    if (!customer) return [];
    const f = byId.get(r.id);
    const owner = customer.attributes.owner;
    return [
      {
        id: customer.id,
        name: customer.name,
        domains: customer.domains,
        attributes: customer.attributes,
        owner: owner === null || owner === undefined || owner === "" ? null : String(owner),
        lastTouchAt: customer.lastTouchAt,
        lastInboundAt: iso(f?.last_in),
        lastOutboundAt: iso(f?.last_out),
        emails30d: Number(f?.recent ?? 0),
      },
    ];
  });
  const last = page[page.length - 1];
  return {
    rows,
    nextCursor: picked.length > query.limit && last ? encodeCursor(last.k, last.id) : null,
  };
}

/** The attribute names in use (for columns) and the owners (for the filter), with the number of customers. */
export async function boardColumns(db: Db, caller: Caller): Promise<BoardColumns> {
  const workspaceId = caller.workspace.id;
  const [keys, owners, total] = await Promise.all([
    queryRows<{ key: string }>(
      db,
      sql`select distinct jsonb_object_keys(attributes) as key from customers
          where workspace_id = ${workspaceId} order by 1 limit 200`,
    ),
    queryRows<{ owner: string }>(
      db,
      sql`select distinct attributes->>'owner' as owner from customers
          where workspace_id = ${workspaceId} and coalesce(attributes->>'owner', '') <> '' order by 1 limit 500`,
    ),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from customers where workspace_id = ${workspaceId}`,
    ),
  ]);
  return {
    attributes: keys.map((k) => k.key).filter((k) => k !== "owner"),
    owners: owners.map((o) => o.owner),
    total: Number(total[0]?.n ?? 0),
  };
}

class PreviewRollback extends Error {}

/**
 * A CSV import run for real inside a transaction that is then rolled back: the preview sees exactly what the
 * import would do (creates, updates, each line's error, domain clashes included) and changes nothing.
 */
export async function previewImport(db: Db, caller: Caller, csv: string): Promise<ImportPreview> {
  let preview: ImportPreview | null = null;
  try {
    await db.transaction(async (t) => {
      const changes: ImportPreview["changes"] = [];
      const result = await importCustomersCsv(t as unknown as Db, caller, csv, (change) =>
        changes.push(change),
      );
      preview = { ...result, changes };
      throw new PreviewRollback();
    });
  } catch (error) {
    if (!(error instanceof PreviewRollback)) throw error;
  }
  if (!preview) throw new Error("the import preview produced no result");
  return preview;
}
