import { sql } from "drizzle-orm";
import type { CustomerImportResult } from "../../../shared/index";
import { databaseKind, queryRows, type Db } from "../db/connect";
import { analyzeAfterWrite, yieldToEventLoop } from "../db/maintenance";
import { customerDomains, customers } from "../db/schema";
import { databaseMessage, isDataException } from "../db/sql-state";
import { DataError } from "./errors";
import { csvRecords, CsvRecordTooLong, type CsvRecord } from "./csv";
import { createCustomer, customersByIds, updateCustomer } from "./customers";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import { normalizeDomains } from "./normalize";
import type { Caller } from "./workspaces";

// CSV import at any size without stalling the server. The file is read as a stream (CsvReader holds one record);
// rows are written a chunk at a time, each chunk one short transaction of a few set-based statements (one index
// version bump, one insert of the new customers, one update of the existing ones, their domains), and between
// two chunks the event loop takes whatever waits. Before, every row was its own transaction of ~5 statements: on
// PGlite, whose queries resolve without ever giving the event loop a turn, a 5,000-row import held every other
// request for the whole import; on PostgreSQL it was 20,000 round trips.
//
// A chunk keeps the meaning of row-by-row import exactly: rows are applied in file order to an in-memory view of
// the names and domains they touch (read, and locked, at the chunk's start), so a later row updates a customer an
// earlier row created, and a domain clash is judged against what the earlier rows left. Should the database
// refuse a value anyway (a data exception) or a concurrent writer take a domain meanwhile, that chunk is written
// again row by row, each row on its own, as before.

/**
 * Rows per transaction. PGlite is one connection: every other request waits for the chunk in progress, so its
 * chunks are small (about 20-40 ms each on a 2-core machine). On PostgreSQL other requests have their own
 * connections and only writers of the same workspace's index wait, so chunks are larger.
 */
const chunkRows = (db: Db) => (databaseKind(db) === "pglite" ? 100 : 500);
/** Rejected rows listed in the answer; beyond it they are counted in one last entry (bounded answer). */
const MAX_LISTED_ERRORS = 1000;

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

type Attributes = Record<string, string | number | boolean | null>;

interface Columns {
  header: string[];
  nameAt: number;
  domainsAt: number;
}

interface Row {
  line: number;
  name: string;
  /** Undefined when the file has no domains column (an update keeps the customer's domains). */
  domains: string[] | undefined;
  attributes: Attributes;
}

type Entry = Row | { line: number; error: string };

/** What an imported line did, for a caller that wants each line (the web workspace's import preview). */
export interface ImportChange {
  line: number;
  action: "create" | "update";
  name: string;
  domains?: string[];
}
export type OnImportChange = (change: ImportChange) => void;

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

function readColumns(record: CsvRecord): Columns | string {
  const header = record.fields.map((h) => h.trim());
  const nameAt = header.findIndex((h) => h.toLowerCase() === "name");
  const domainsAt = header.findIndex((h) => h.toLowerCase() === "domains" || h.toLowerCase() === "domain");
  if (nameAt < 0) return 'The header row has no "name" column.';
  return { header, nameAt, domainsAt };
}

/** One record as a row to write, or the sentence saying why it cannot be. */
function prepareRow(columns: Columns, record: CsvRecord): Entry {
  const { header, nameAt, domainsAt } = columns;
  const line = record.line;
  const name = (record.fields[nameAt] ?? "").trim();
  if (!name) return { line, error: "The name is empty." };
  if (name.length > 200) return { line, error: "The name is longer than 200 characters." };
  let domains: string[] | undefined;
  if (domainsAt >= 0) {
    const raw = (record.fields[domainsAt] ?? "")
      .split(/[;\s]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    try {
      domains = normalizeDomains(raw, "customer");
    } catch (error) {
      if (error instanceof DataError) return { line, error: error.message };
      throw error;
    }
  }
  const attributes: Attributes = {};
  header.forEach((column, i) => {
    if (i === nameAt || i === domainsAt || !column || COMPUTED_COLUMNS.has(column.toLowerCase())) return;
    const value = record.fields[i];
    if (value !== undefined && value.trim() !== "") attributes[column] = attributeValue(value);
  });
  return { line, name, domains, attributes };
}

class ImportTally {
  readonly result: CustomerImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  private unlisted = 0;

  reject(line: number, message: string): void {
    if (this.result.errors.length < MAX_LISTED_ERRORS) this.result.errors.push({ line, message });
    else this.unlisted++;
  }

  finish(): CustomerImportResult {
    if (this.unlisted > 0) {
      this.result.errors.push({
        line: 0,
        message: `${this.unlisted.toLocaleString("en")} more rows were rejected (only the first ${MAX_LISTED_ERRORS} are listed).`,
      });
    }
    return this.result;
  }
}

/** A customer as the chunk's rows leave it. */
interface Target {
  id: string;
  name: string;
  isNew: boolean;
  attributes: Attributes;
  /** The domains to write, when a row set them. */
  domains?: string[];
  /** An existing customer's domains as stored, in order. */
  storedDomains: string[];
  touched: boolean;
}

type Outcome = "created" | "updated" | "unchanged" | string;

function sameAttributes(before: Attributes, after: Attributes): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) if (before[key] !== after[key]) return false;
  return true;
}

function sameDomains(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Raised inside a chunk's transaction when a concurrent writer took a domain: the chunk goes row by row. */
class DomainRace extends Error {}

/**
 * Writes one chunk in one transaction. Lock order as everywhere: the customers (by id) before the workspace row.
 * Returns the rows' outcomes in file order.
 */
async function writeChunk(
  db: Db,
  caller: Caller,
  rows: Row[],
): Promise<{ line: number; outcome: Outcome }[]> {
  const workspaceId = caller.workspace.id;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const names = [...new Set(rows.map((r) => r.name.toLowerCase()))];
    const existing = await queryRows<{ id: string; name: string; key: string; attributes: Attributes }>(
      tx,
      sql`select id, name, lower(name) as key, attributes from ${customers}
          where workspace_id = ${workspaceId} and lower(name) = any(${sql.param(names)}::text[])
          order by id for no key update`,
    );
    const byName = new Map<string, Target>();
    for (const e of existing) {
      if (!byName.has(e.key)) {
        byName.set(e.key, {
          id: e.id,
          name: e.name,
          isNew: false,
          attributes: e.attributes,
          storedDomains: [],
          touched: false,
        });
      }
    }
    const wanted = [...new Set(rows.flatMap((r) => r.domains ?? []))];
    const owners = new Map<string, { customerId: string; name: string }>();
    const owned = await queryRows<{ domain: string; customer_id: string; name: string }>(
      tx,
      sql`select d.domain, d.customer_id, c.name from ${customerDomains} d join ${customers} c on c.id = d.customer_id
          where d.workspace_id = ${workspaceId}
            and (d.domain = any(${sql.param(wanted)}::text[])
                 or d.customer_id = any(${sql.param([...byName.values()].map((c) => c.id))}::text[]))
          order by d.customer_id, d.position`,
    );
    const byId = new Map([...byName.values()].map((c) => [c.id, c]));
    for (const o of owned) {
      owners.set(o.domain, { customerId: o.customer_id, name: o.name });
      byId.get(o.customer_id)?.storedDomains.push(o.domain);
    }

    const outcomes: { line: number; outcome: Outcome }[] = [];
    for (const row of rows) {
      const key = row.name.toLowerCase();
      const target = byName.get(key) ?? {
        id: newId("cus"),
        name: row.name,
        isNew: true,
        attributes: {},
        domains: [],
        storedDomains: [],
        touched: false,
      };
      const clash = row.domains?.find((d) => {
        const owner = owners.get(d);
        return owner !== undefined && owner.customerId !== target.id;
      });
      if (clash !== undefined) {
        const owner = owners.get(clash) as { name: string };
        outcomes.push({
          line: row.line,
          outcome: `The domain ${clash} already belongs to the customer "${owner.name}".`,
        });
        continue;
      }
      const created = !byName.has(key);
      // A row that would leave the customer as it is writes nothing, so an export imported again changes nothing.
      if (
        !created &&
        sameAttributes(target.attributes, { ...target.attributes, ...row.attributes }) &&
        (row.domains === undefined || sameDomains(row.domains, target.domains ?? target.storedDomains))
      ) {
        outcomes.push({ line: row.line, outcome: "unchanged" });
        continue;
      }
      byName.set(key, target);
      target.attributes = created ? row.attributes : { ...target.attributes, ...row.attributes };
      if (row.domains !== undefined) {
        for (const [domain, owner] of owners) if (owner.customerId === target.id) owners.delete(domain);
        for (const domain of row.domains) owners.set(domain, { customerId: target.id, name: target.name });
        target.domains = row.domains;
      }
      target.touched = true;
      outcomes.push({ line: row.line, outcome: created ? "created" : "updated" });
    }

    const touched = [...byName.values()].filter((c) => c.touched);
    // Rows that change nothing write nothing: not even a new index version.
    if (touched.length === 0) return outcomes;
    const seq = await bumpIndexSeq(tx, workspaceId);
    const added = touched.filter((c) => c.isNew);
    const changed = touched.filter((c) => !c.isNew);
    // Rows travel as one JSON parameter per statement: thousands of bound parameters cost more to pass (PGlite
    // converts each one in JavaScript) than the database takes to unpack one document.
    if (added.length > 0) {
      const values = JSON.stringify(added.map((c) => ({ id: c.id, name: c.name, attributes: c.attributes })));
      await tx.execute(
        sql`insert into ${customers} (id, workspace_id, name, attributes, seq)
            select r.id, ${workspaceId}, r.name, r.attributes, ${seq}
            from jsonb_to_recordset(${values}::jsonb) as r(id text, name text, attributes jsonb)`,
      );
    }
    if (changed.length > 0) {
      const values = JSON.stringify(changed.map((c) => ({ id: c.id, attributes: c.attributes })));
      await tx.execute(
        sql`update ${customers} c set attributes = r.attributes, seq = ${seq}, updated_at = now()
            from jsonb_to_recordset(${values}::jsonb) as r(id text, attributes jsonb)
            where c.id = r.id and c.workspace_id = ${workspaceId}`,
      );
    }
    const redomained = touched.filter((c) => c.domains !== undefined && !(c.isNew && c.domains.length === 0));
    const replaced = redomained.filter((c) => !c.isNew).map((c) => c.id);
    if (replaced.length > 0) {
      await tx.execute(
        sql`delete from ${customerDomains} where customer_id = any(${sql.param(replaced)}::text[])`,
      );
    }
    const domainRows = redomained.flatMap((c) =>
      (c.domains as string[]).map((domain, position) => ({ domain, customerId: c.id, position })),
    );
    if (domainRows.length > 0) {
      const inserted = await queryRows<{ domain: string }>(
        tx,
        sql`insert into ${customerDomains} (workspace_id, domain, customer_id, position)
            select ${workspaceId}, r.domain, r."customerId", r.position
            from jsonb_to_recordset(${JSON.stringify(domainRows)}::jsonb)
                 as r(domain text, "customerId" text, position bigint)
            on conflict do nothing
            returning domain`,
      );
      if (inserted.length !== domainRows.length) throw new DomainRace();
    }
    return outcomes;
  });
}

/** The former path, one row per transaction: for a chunk the database refused as a whole. */
async function writeRowByRow(
  db: Db,
  caller: Caller,
  rows: Row[],
  tally: ImportTally,
  onChange?: OnImportChange,
): Promise<void> {
  for (const row of rows) {
    try {
      const [existing] = await queryRows<{ id: string; attributes: Attributes }>(
        db,
        sql`select id, attributes from ${customers}
            where workspace_id = ${caller.workspace.id} and lower(name) = lower(${row.name}) order by id limit 1`,
      );
      if (existing) {
        const attributes = { ...existing.attributes, ...row.attributes };
        const stored = (await customersByIds(db, caller.workspace.id, [existing.id])).get(
          existing.id,
        )?.domains;
        if (
          sameAttributes(existing.attributes, attributes) &&
          (row.domains === undefined || sameDomains(row.domains, stored ?? []))
        ) {
          tally.result.unchanged++;
          continue;
        }
        await updateCustomer(db, caller, existing.id, { domains: row.domains, attributes });
        tally.result.updated++;
        onChange?.({ line: row.line, action: "update", name: row.name, domains: row.domains });
      } else {
        await createCustomer(db, caller, {
          name: row.name,
          domains: row.domains ?? [],
          attributes: row.attributes,
        });
        tally.result.created++;
        onChange?.({ line: row.line, action: "create", name: row.name, domains: row.domains ?? [] });
      }
    } catch (error) {
      if (error instanceof DataError) {
        tally.reject(row.line, error.message);
      } else if (isDataException(error)) {
        const why = databaseMessage(error);
        tally.reject(row.line, `A value cannot be stored${why ? ` (${why})` : ""}.`);
      } else {
        throw error;
      }
    }
    await yieldToEventLoop();
  }
}

async function writeEntries(
  db: Db,
  caller: Caller,
  entries: Entry[],
  tally: ImportTally,
  onChange?: OnImportChange,
): Promise<void> {
  const rows = entries.filter((e): e is Row => !("error" in e));
  const outcomes = new Map<number, string>();
  if (rows.length > 0) {
    try {
      for (const o of await writeChunk(db, caller, rows)) outcomes.set(o.line, o.outcome);
    } catch (error) {
      if (!(error instanceof DomainRace) && !isDataException(error)) throw error;
      // Refused as a whole: row by row, so only the row at fault is rejected. Errors found before stay in order.
      for (const e of entries) if ("error" in e) tally.reject(e.line, e.error);
      await writeRowByRow(db, caller, rows, tally, onChange);
      return;
    }
  }
  for (const e of entries) {
    const outcome = "error" in e ? e.error : (outcomes.get(e.line) as string);
    if (outcome === "created" || outcome === "updated") {
      tally.result[outcome]++;
      const row = e as Row;
      onChange?.({ line: row.line, action: outcome === "created" ? "create" : "update", ...changeOf(row) });
    } else if (outcome === "unchanged") tally.result.unchanged++;
    else tally.reject(e.line, outcome);
  }
}

function changeOf(row: Row): { name: string; domains?: string[] } {
  return row.domains === undefined ? { name: row.name } : { name: row.name, domains: row.domains };
}

/**
 * CSV import: columns `name` and `domains` (separated by `;`), every other column an attribute. A row whose name
 * exists (case-insensitive) updates that customer; a bad row is reported with its line and never stops the others.
 * `source` is the whole text or the text as it streams in (a request body, a file).
 */
export async function importCustomersCsv(
  db: Db,
  caller: Caller,
  source: string | AsyncIterable<string>,
  onChange?: OnImportChange,
  /** Runs each chunk's writes (the preview: in a transaction of its own that it rolls back). */
  eachChunk?: (write: (db: Db) => Promise<void>) => Promise<void>,
): Promise<CustomerImportResult> {
  const tally = new ImportTally();
  let columns: Columns | undefined;
  let chunk: Entry[] = [];
  const chunkSize = chunkRows(db);
  const flush = async () => {
    if (chunk.length === 0) return;
    const before = tally.result.created + tally.result.updated;
    const entries = chunk;
    chunk = [];
    if (eachChunk) {
      await eachChunk((tx) => writeEntries(tx, caller, entries, tally, onChange));
      await yieldToEventLoop();
      return;
    }
    await writeEntries(db, caller, entries, tally, onChange);
    const written = tally.result.created + tally.result.updated - before;
    // Statistics follow the growth (on PGlite; see maintenance.ts), so each chunk's plans fit the table's size.
    await analyzeAfterWrite(db, { customers: written, customer_domains: written });
    await yieldToEventLoop();
  };
  try {
    for await (const record of csvRecords(source)) {
      if (columns === undefined) {
        const read = readColumns(record);
        if (typeof read === "string") {
          tally.reject(record.line, read);
          return tally.finish();
        }
        columns = read;
        continue;
      }
      chunk.push(prepareRow(columns, record));
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } catch (error) {
    if (!(error instanceof CsvRecordTooLong)) throw error;
    await flush();
    tally.reject(error.line, `${error.message} The import stopped there; the rows before it were imported.`);
  }
  if (columns === undefined) {
    tally.reject(1, "The file is empty; expected a header row with name and domains.");
  }
  return tally.finish();
}
