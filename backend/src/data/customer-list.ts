import { and, asc, eq, exists, gt, ilike, or, sql } from "drizzle-orm";
import type { Customer, CustomerImportResult, CustomerList } from "../../../shared/index";
import type { Db } from "../db/connect";
import { databaseMessage, isDataException } from "../db/sql-state";
import { customerDomains, customers } from "../db/schema";
import { HttpError } from "../http/http-error";
import { parseCsv, toCsv } from "./csv";
import { createCustomer, customersByIds, updateCustomer } from "./customers";
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
  throw new HttpError(400, "invalid_cursor", "The cursor is not one this server gave out.");
}

/** Customers by name (case-insensitive), keyset-paged; `q` matches a name or a domain. */
export async function listCustomers(
  db: Db,
  caller: Caller,
  options: { q?: string; cursor?: string; limit: number },
): Promise<CustomerList> {
  const lowerName = sql`lower(${customers.name})`;
  const conditions = [eq(customers.workspaceId, caller.workspace.id)];
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
    conditions.push(
      or(gt(lowerName, name), and(eq(lowerName, name), gt(customers.id, id))) as ReturnType<typeof eq>,
    );
  }
  const rows = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(...conditions))
    .orderBy(asc(lowerName), asc(customers.id))
    .limit(options.limit + 1);
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

/**
 * A CSV cell as an attribute value: a number or boolean when it is written exactly as one (so `02134`, a ZIP
 * code, stays text: turned into 2134 it would not survive an export and import).
 */
function attributeValue(raw: string): string | number | boolean {
  const trimmed = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed) && trimmed.length < 16 && String(Number(trimmed)) === trimmed) {
    return Number(trimmed);
  }
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  return trimmed;
}

/**
 * Columns the export writes (or another tool may) that Touchbase computes itself: never profile attributes, so an
 * export imported again changes nothing.
 */
const COMPUTED_COLUMNS = new Set([
  "lasttouchat",
  "last_touch_at",
  "id",
  "createdat",
  "created_at",
  "updatedat",
  "updated_at",
]);

/**
 * CSV import: columns `name` and `domains` (separated by `;`), every other column an attribute. A row whose name
 * exists (case-insensitive) updates that customer; each row stands alone, so one bad row never stops the others.
 */
export async function importCustomersCsv(
  db: Db,
  caller: Caller,
  csv: string,
  /** Told what each imported line did (the web workspace's import preview). */
  onChange?: (change: {
    line: number;
    action: "create" | "update";
    name: string;
    domains?: string[];
  }) => void,
): Promise<CustomerImportResult> {
  const records = parseCsv(csv);
  const result: CustomerImportResult = { created: 0, updated: 0, errors: [] };
  if (records.length === 0) {
    result.errors.push({
      line: 1,
      message: "The file is empty; expected a header row with name and domains.",
    });
    return result;
  }
  const header = records[0].fields.map((h) => h.trim());
  const nameAt = header.findIndex((h) => h.toLowerCase() === "name");
  const domainsAt = header.findIndex((h) => h.toLowerCase() === "domains" || h.toLowerCase() === "domain");
  if (nameAt < 0) {
    result.errors.push({ line: records[0].line, message: 'The header row has no "name" column.' });
    return result;
  }
  for (const record of records.slice(1)) {
    const name = (record.fields[nameAt] ?? "").trim();
    if (!name) {
      result.errors.push({ line: record.line, message: "The name is empty." });
      continue;
    }
    if (name.length > 200) {
      result.errors.push({ line: record.line, message: "The name is longer than 200 characters." });
      continue;
    }
    const domains =
      domainsAt < 0
        ? undefined
        : (record.fields[domainsAt] ?? "")
            .split(/[;\s]+/)
            .map((d) => d.trim())
            .filter(Boolean);
    const attributes: Record<string, string | number | boolean> = {};
    header.forEach((column, i) => {
      if (i === nameAt || i === domainsAt || !column || COMPUTED_COLUMNS.has(column.toLowerCase())) return;
      const value = record.fields[i];
      if (value !== undefined && value.trim() !== "") attributes[column] = attributeValue(value);
    });
    try {
      const [existing] = await db
        .select({ id: customers.id, attributes: customers.attributes })
        .from(customers)
        .where(
          and(eq(customers.workspaceId, caller.workspace.id), sql`lower(${customers.name}) = lower(${name})`),
        )
        .limit(1);
      if (existing) {
        await updateCustomer(db, caller, existing.id, {
          domains,
          attributes: { ...existing.attributes, ...attributes },
        });
        result.updated++;
        onChange?.({ line: record.line, action: "update", name, domains });
      } else {
        await createCustomer(db, caller, { name, domains: domains ?? [], attributes });
        result.created++;
        onChange?.({ line: record.line, action: "create", name, domains: domains ?? [] });
      }
    } catch (error) {
      if (error instanceof HttpError) {
        result.errors.push({ line: record.line, message: error.message });
      } else if (isDataException(error)) {
        const why = databaseMessage(error);
        result.errors.push({
          line: record.line,
          message: `A value cannot be stored${why ? ` (${why})` : ""}.`,
        });
      } else {
        throw error;
      }
    }
  }
  return result;
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
