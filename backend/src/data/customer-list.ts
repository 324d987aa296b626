import { and, asc, eq, exists, ilike, or, sql } from "drizzle-orm";
import type { Customer, CustomerList } from "../../../shared/index";
import type { Db } from "../db/connect";
import { customerDomains, customers } from "../db/schema";
import { invalid } from "./errors";
import { toCsv } from "./csv";
import { customersByIds } from "./customers";
import type { Caller } from "./workspaces";

function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name.toLowerCase(), id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) {
      return value as [string, string];
    }
  } catch {
    // falls through to the error below
  }
  throw invalid("invalid_cursor", "The cursor is not one this server gave out.");
}

/**
 * One page of a workspace's customers by name (case-insensitive), read in the order of the index
 * `customers_workspace_name` (workspace_id, lower(name), id) from the cursor on: no sort, whatever the size.
 */
export function customerPageQuery(
  db: Db,
  workspaceId: string,
  options: { q?: string; cursor?: string; limit: number },
) {
  const lowerName = sql`lower(${customers.name})`;
  const conditions = [eq(customers.workspaceId, workspaceId)];
  const q = options.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conditions.push(
      or(
        ilike(customers.name, pattern),
        exists(
          db
            .select({ one: sql`1` })
            .from(customerDomains)
            .where(and(eq(customerDomains.customerId, customers.id), ilike(customerDomains.domain, pattern))),
        ),
      ) as ReturnType<typeof eq>,
    );
  }
  if (options.cursor) {
    const [name, id] = decodeCursor(options.cursor);
    // A row comparison, not `a > x or (a = x and b > y)`: PostgreSQL starts the index scan at the cursor only
    // for the row form; the OR form reads every earlier customer on every page.
    conditions.push(sql`(${lowerName}, ${customers.id}) > (${name}, ${id})`);
  }
  return db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(...conditions))
    .orderBy(asc(lowerName), asc(customers.id))
    .limit(options.limit + 1);
}

/** Customers by name (case-insensitive), keyset-paged; `q` matches a name or a domain. */
export async function listCustomers(
  db: Db,
  caller: Caller,
  options: { q?: string; cursor?: string; limit: number },
): Promise<CustomerList> {
  const rows = await customerPageQuery(db, caller.workspace.id, options);
  const page = rows.slice(0, options.limit);
  const full = await customersByIds(
    db,
    caller.workspace.id,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    customers: page.map((r) => full.get(r.id)).filter((c): c is Customer => c !== undefined),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}

export async function exportCustomersCsv(db: Db, caller: Caller): Promise<string> {
  const all: Customer[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCustomers(db, caller, { cursor, limit: 500 });
    all.push(...page.customers);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const columns = [...new Set(all.flatMap((c) => Object.keys(c.attributes)))].sort();
  const rows = [["name", "domains", ...columns, "lastTouchAt"]];
  for (const c of all) {
    rows.push([
      c.name,
      c.domains.join(";"),
      ...columns.map((k) =>
        c.attributes[k] === null || c.attributes[k] === undefined ? "" : String(c.attributes[k]),
      ),
      c.lastTouchAt ?? "",
    ]);
  }
  return toCsv(rows);
}
