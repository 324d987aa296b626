import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { BoardColumns, BoardPage, BoardQuerySchema, ImportPreview } from "../../../shared/api/board";
import { queryRows, type Db } from "../db/connect";
import { importCustomersCsv } from "./customer-import";
import { customersByIds } from "./customers";
import { decodeCursor, encodeCursor, invalidCursor } from "./keyset-cursor";
import type { Caller } from "./workspaces";

// The Customers board of the web workspace. One query picks the page: the sort key and the customer id, compared
// as a row with the cursor's pair (keyset paging), so page 500 costs what page 1 does. Sorting by Last Touch or by
// emails in the last 30 days (or filtering "no touch in N days") needs those figures for every customer: one
// grouped pass over the history index (email_customers), instead of a lookup per customer. Sorting by awaiting
// reply or median reply time reads the per-customer totals (migration 0080) in the order of their partial index,
// then the customers without the figure by name: two ranges, never a sort of every customer. The page's rows are
// then filled in by id: domains, attributes, the newest thread each way and the totals, each one short index walk.

type Query = z.output<typeof BoardQuerySchema>;
const DAY = 86_400_000;

type Cast = "text" | "timestamptz" | "int" | "float8";

interface SortKey {
  expr: SQL;
  /** How a cursor's text value is read back for the comparison. */
  cast: Cast;
  stats: boolean;
  /** Sorts on a totals column: customers with a value first (in its index's order), then the rest by name. */
  totals?: SQL;
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
    case "awaitingReply":
      return { expr: sql`t.awaiting_since`, cast: "timestamptz", stats: false, totals: sql`awaiting_since` };
    case "medianReply":
      return {
        expr: sql`t.median_reply_minutes`,
        cast: "float8",
        stats: false,
        totals: sql`median_reply_minutes`,
      };
    default: {
      const key = sort.slice("attr:".length);
      return { expr: sql`coalesce(lower(c.attributes->>${key}), '')`, cast: "text", stats: false };
    }
  }
}

/** A board cursor: the sort column's value as text (at most 400 characters) and the customer id. */
const boardCursorPart = (v: string) => v.length <= 400;
const decodeBoardCursor = (cursor: string) => decodeCursor(cursor, [boardCursorPart, boardCursorPart]);

function cursorValue(cast: Cast, k: string): SQL {
  if (cast === "int") return sql`${Number.parseInt(k, 10) || 0}::int`;
  if (cast === "float8") {
    const n = Number(k);
    if (!Number.isFinite(n)) throw invalidCursor();
    return sql`${n}::float8`;
  }
  if (cast === "timestamptz") {
    if (Number.isNaN(Date.parse(k)) && !/infinity$/.test(k)) throw invalidCursor();
    return sql`${k}::timestamptz`;
  }
  return sql`${k}::text`;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

interface Picked {
  id: string;
  /** The cursor's key: the sort value, prefixed with the phase (`v`/`n`) for the totals sorts. */
  k: string;
}

/** Filters of the query itself (search, owner, quiet days), on `c` (and `s`). */
function queryFilters(query: Query, now: number): SQL[] {
  const filters: SQL[] = [];
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
  return filters;
}

async function pickRows(db: Db, workspaceId: string, query: Query, now: number): Promise<Picked[]> {
  const key = sortKey(query.sort);
  const needStats = key.stats || query.quietDays !== undefined;
  const recentSince = new Date(now - 30 * DAY).toISOString();
  const stats = needStats
    ? sql`with s as (
        select ec.customer_id, max(ec.sent_at) as last_touch,
               count(*) filter (where ec.sent_at > ${recentSince}::timestamptz)::int as recent
        from email_customers ec join customers cc on cc.id = ec.customer_id
        where cc.workspace_id = ${workspaceId}
        group by ec.customer_id) `
    : sql``;
  const withStats = (from: SQL) => (needStats ? sql`${from} left join s on s.customer_id = c.id` : from);
  const desc = query.order === "desc";
  const direction = desc ? sql`desc` : sql`asc`;
  const compare = (expr: SQL, value: SQL, id: string, reverse: boolean, idExpr = sql`c.id`) =>
    reverse ? sql`(${expr}, ${idExpr}) < (${value}, ${id})` : sql`(${expr}, ${idExpr}) > (${value}, ${id})`;
  const base = [sql`c.workspace_id = ${workspaceId}`, ...queryFilters(query, now)];
  const cursor = query.cursor ? decodeBoardCursor(query.cursor) : null;
  const run = (select: SQL) => queryRows<Picked>(db, sql`${stats}${select}`);

  if (!key.totals) {
    const filters = cursor
      ? [...base, compare(key.expr, cursorValue(key.cast, cursor[0]), cursor[1], desc)]
      : base;
    return run(sql`select c.id, (${key.expr})::text as k from ${withStats(sql`customers c`)}
        where ${sql.join(filters, sql` and `)}
        order by ${key.expr} ${direction}, c.id ${direction}
        limit ${query.limit + 1}`);
  }
  // Totals sorts: first the customers with the figure, in the partial index's order; then the others by name.
  const column = key.totals;
  const picked: Picked[] = [];
  const inNamePhase = cursor?.[0].startsWith("n") ?? false;
  if (!inNamePhase) {
    const filters = [...base, sql`t.workspace_id = ${workspaceId}`, sql`t.${column} is not null`];
    if (cursor) {
      const value = cursorValue(key.cast, cursor[0].slice(1));
      filters.push(compare(key.expr, value, cursor[1], desc, sql`t.customer_id`));
    }
    picked.push(
      ...(await run(sql`select c.id, 'v' || (${key.expr})::text as k
        from ${withStats(sql`customer_signal_totals t join customers c on c.id = t.customer_id`)}
        where ${sql.join(filters, sql` and `)}
        order by t.${column} ${direction}, t.customer_id ${direction}
        limit ${query.limit + 1}`)),
    );
  }
  if (picked.length <= query.limit) {
    const filters = [
      ...base,
      sql`not exists (select 1 from customer_signal_totals t where t.customer_id = c.id and t.${column} is not null)`,
    ];
    if (cursor && inNamePhase)
      filters.push(compare(sql`lower(c.name)`, sql`${cursor[0].slice(1)}::text`, cursor[1], false));
    picked.push(
      ...(await run(sql`select c.id, 'n' || lower(c.name) as k from ${withStats(sql`customers c`)}
        where ${sql.join(filters, sql` and `)}
        order by lower(c.name), c.id
        limit ${query.limit + 1 - picked.length}`)),
    );
  }
  return picked;
}

interface Figures {
  id: string;
  recent: number;
  last_in: Date | string | null;
  last_out: Date | string | null;
  awaiting_since: Date | string | null;
  awaiting_count: number | null;
  median: number | null;
  measured: number | null;
}

/** The page's figures by id: emails in 30 days, the newest thread each way (customer_threads) and the totals. */
function pageFigures(db: Db, workspaceId: string, ids: string[], recentSince: string): Promise<Figures[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<Figures>(
    db,
    sql`select p.id,
      (select count(*)::int from email_customers ec
         where ec.customer_id = p.id and ec.sent_at > ${recentSince}::timestamptz) as recent,
      (select ct.last_inbound_at from customer_threads ct
         where ct.customer_id = p.id and ct.last_inbound_at is not null
         order by ct.last_inbound_at desc limit 1) as last_in,
      (select ct.last_outbound_at from customer_threads ct
         where ct.customer_id = p.id and ct.last_outbound_at is not null
         order by ct.last_outbound_at desc limit 1) as last_out,
      t.awaiting_since, t.awaiting_count, t.median_reply_minutes as median, t.replies_measured as measured
      from customers p left join customer_signal_totals t on t.customer_id = p.id
      where p.workspace_id = ${workspaceId} and p.id in ${ids}`,
  );
}

export async function boardPage(db: Db, caller: Caller, query: Query): Promise<BoardPage> {
  const workspaceId = caller.workspace.id;
  const now = Date.now();
  const picked = await pickRows(db, workspaceId, query, now);
  const page = picked.slice(0, query.limit);
  const ids = page.map((r) => r.id);
  const [full, figures] = await Promise.all([
    customersByIds(db, workspaceId, ids),
    pageFigures(db, workspaceId, ids, new Date(now - 30 * DAY).toISOString()),
  ]);
  const byId = new Map(figures.map((f) => [f.id, f]));
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
  const rows = page.flatMap((r) => {
    const customer = full.get(r.id);
    if (!customer) return [];
    const f = byId.get(r.id);
    const owner = customer.attributes.owner;
    const waiting = Number(f?.awaiting_count ?? 0);
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
        awaitingSince: waiting > 0 ? iso(f?.awaiting_since) : null,
        awaitingCount: waiting,
        medianReplyMinutes:
          f?.median === null || f?.median === undefined ? null : Math.round(Number(f.median)),
        repliesMeasured: Number(f?.measured ?? 0),
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
 * A CSV import run for real, one chunk at a time, each chunk in a short transaction that is then rolled back: the
 * preview sees what the import would do (creates, updates, each line's error, clashes with stored domains) and
 * changes nothing, and other requests pass between chunks instead of waiting behind one long transaction. What an
 * earlier chunk of the same file would have written is carried over here: a later row naming a customer an
 * earlier row creates is an update, and a domain an earlier row claims for another customer is that line's error.
 */
export async function previewImport(db: Db, caller: Caller, csv: string): Promise<ImportPreview> {
  const changes: ImportPreview["changes"] = [];
  const createdEarlier = new Set<string>();
  /** Domain → the customer (name as written) an earlier line claims it for. */
  const claimedEarlier = new Map<string, string>();
  const refused: { line: number; message: string }[] = [];
  let chunkChanges: ImportPreview["changes"] = [];
  const result = await importCustomersCsv(
    db,
    caller,
    csv,
    (change) => chunkChanges.push(change),
    async (write) => {
      chunkChanges = [];
      try {
        await db.transaction(async (t) => {
          await write(t as unknown as Db);
          throw new PreviewRollback();
        });
      } catch (error) {
        if (!(error instanceof PreviewRollback)) throw error;
      }
      for (const change of chunkChanges) {
        const name = change.name.toLowerCase();
        const clash = change.domains?.find((d) => (claimedEarlier.get(d)?.toLowerCase() ?? name) !== name);
        if (clash) {
          refused.push({
            line: change.line,
            message: `The domain ${clash} already belongs to the customer "${claimedEarlier.get(clash)}" (an earlier line).`,
          });
          continue;
        }
        changes.push(
          change.action === "create" && createdEarlier.has(name) ? { ...change, action: "update" } : change,
        );
        for (const d of change.domains ?? []) if (!claimedEarlier.has(d)) claimedEarlier.set(d, change.name);
      }
      for (const change of chunkChanges)
        if (change.action === "create") createdEarlier.add(change.name.toLowerCase());
    },
  );
  const created = changes.filter((c) => c.action === "create").length;
  const updated = changes.filter((c) => c.action === "update").length;
  return {
    ...result,
    created,
    updated,
    // Line 0 (how many more were rejected) stays last.
    errors: [...result.errors, ...refused].sort((a, b) => (a.line || Infinity) - (b.line || Infinity)),
    changes,
  };
}
