import { sql } from "drizzle-orm";
import { setImmediate as nextTurn } from "node:timers/promises";
import { databaseKind, type Db } from "./connect";

// What PostgreSQL's background workers do that PGlite (single-user mode, in this process) does not.
//
// Statistics: PostgreSQL's autovacuum ANALYZEs a table once about 10 % of it changed; PGlite never does. Without
// it the planner works from what it saw when the data was small, and a plan it caches keeps that view: the
// foreign-key check that every customer_domains row runs was planned as a scan of `customers` while the table was
// nearly empty, and stayed one, so a 10,000-row CSV import read the customers table 20,000 times (52 s). So
// Touchbase analyzes after migrations and, like autovacuum, analyzes a table once the rows written to it since
// its last ANALYZE pass 500 + 10 % of its size then. ANALYZE also invalidates the cached plans that depend on it.
//
// Turns of the event loop: PGlite runs each query synchronously in WebAssembly and resolves its promise at once,
// so a loop of awaited queries never lets the event loop take the next HTTP request, timer or socket read. A long
// write (a CSV import, a big delete) awaits `yieldToEventLoop()` between its short transactions; on PostgreSQL
// that costs nothing measurable.

const ANALYZE_BASE = 500;
const ANALYZE_SCALE = 0.1;
/**
 * The ANALYZE after a write samples 300 × this many rows (PostgreSQL's default target is 100: 30,000 rows). It runs
 * on the event loop like every PGlite query: at 100,000 emails the default took ~450 ms, a stall for every other
 * request, and it landed inside whichever upload crossed the threshold. 20 (6,000 rows) takes ~60–120 ms and still
 * gives the planner the row counts and the big customers' frequencies it chooses plans by. The ANALYZE after
 * migrations keeps the default.
 */
const AFTER_WRITE_STATISTICS_TARGET = 20;

/** The tables big writes touch (a fixed list: the names go into SQL). */
export type BigTable =
  "customers" | "customer_domains" | "contacts" | "emails" | "email_customers" | "email_syncs";

interface TableState {
  written: number;
  rowsAtLastAnalyze: number;
}
const state = new WeakMap<Db, Map<BigTable, TableState>>();

/** Lets the event loop run whatever is waiting (requests, timers, I/O) before the next chunk of a long write. */
export function yieldToEventLoop(): Promise<void> {
  return nextTurn();
}

async function tableSizes(db: Db): Promise<Map<BigTable, TableState>> {
  const result = (await db.execute(
    sql`select relname, greatest(reltuples, 0)::float8 as n from pg_class
        where relkind = 'r' and relnamespace = 'public'::regnamespace
          and relname in ('customers', 'customer_domains', 'contacts', 'emails', 'email_customers', 'email_syncs')`,
  )) as unknown as { rows: { relname: BigTable; n: number }[] };
  return new Map(result.rows.map((r) => [r.relname, { written: 0, rowsAtLastAnalyze: Number(r.n) }]));
}

/** ANALYZE of Touchbase's tables on PGlite (after migrations; not the system catalogs). No-op on PostgreSQL. */
export async function analyzeEmbedded(db: Db): Promise<void> {
  if (databaseKind(db) !== "pglite") return;
  const result = (await db.execute(
    sql`select coalesce(string_agg(quote_ident(tablename), ', '), '') as tables from pg_tables where schemaname = 'public'`,
  )) as unknown as { rows: { tables: string }[] };
  const tables = result.rows[0]?.tables ?? "";
  if (tables) await db.execute(sql.raw(`analyze ${tables}`));
  state.set(db, await tableSizes(db));
}

/**
 * Call after rows were written to or deleted from these tables through `db` (not a transaction's handle): on
 * PGlite, ANALYZEs each table that changed enough since its last ANALYZE. No-op on PostgreSQL.
 */
export async function analyzeAfterWrite(db: Db, written: Partial<Record<BigTable, number>>): Promise<void> {
  if (databaseKind(db) !== "pglite") return;
  let tables = state.get(db);
  if (!tables) state.set(db, (tables = await tableSizes(db)));
  const due: BigTable[] = [];
  for (const [table, rows] of Object.entries(written) as [BigTable, number][]) {
    if (!rows || rows <= 0) continue;
    const t = tables.get(table) ?? { written: 0, rowsAtLastAnalyze: 0 };
    t.written += rows;
    tables.set(table, t);
    if (t.written >= ANALYZE_BASE + ANALYZE_SCALE * t.rowsAtLastAnalyze) due.push(table);
  }
  if (due.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local default_statistics_target = ${AFTER_WRITE_STATISTICS_TARGET}`));
    await tx.execute(sql.raw(`analyze ${due.join(", ")}`));
  });
  const sizes = await tableSizes(db);
  for (const table of due) tables.set(table, sizes.get(table) ?? { written: 0, rowsAtLastAnalyze: 0 });
}
