import { sql } from "drizzle-orm";
import { setImmediate as nextTurn } from "node:timers/promises";
import { databaseKind, type Db } from "./connect";

// What PostgreSQL's background workers do that PGlite (single-user mode, in this process) does not.
//
// Statistics: without ANALYZE the planner guesses row counts, and at scale it may pick a plan that reads a
// customer's whole history. PostgreSQL's autovacuum analyzes a table once about 10 % of it changed; PGlite never
// does, so Touchbase analyzes after migrations and, like autovacuum, once the rows written since the last
// ANALYZE pass 500 + 10 % of what the database held then.
//
// Turns of the event loop: PGlite runs each query synchronously in WebAssembly and resolves its promise at once,
// so a loop of awaited queries never lets the event loop take the next HTTP request, timer or socket read. A long
// write (a CSV import, a big delete) awaits `yieldToEventLoop()` between its short transactions; on PostgreSQL
// that costs nothing measurable.

const ANALYZE_BASE = 500;
const ANALYZE_SCALE = 0.1;

interface Pending {
  written: number;
  rowsAtLastAnalyze: number;
}
const pending = new WeakMap<Db, Pending>();

/** Lets the event loop run whatever is waiting (requests, timers, I/O) before the next chunk of a long write. */
export function yieldToEventLoop(): Promise<void> {
  return nextTurn();
}

/** ANALYZE on PGlite (all tables), remembering how many rows the email tables held. No-op on PostgreSQL. */
export async function analyzeEmbedded(db: Db): Promise<void> {
  if (databaseKind(db) !== "pglite") return;
  await db.execute(sql`analyze`);
  const result = (await db.execute(
    sql`select coalesce(sum(greatest(reltuples, 0)), 0)::float8 as n from pg_class
        where relname in ('emails', 'email_customers', 'email_syncs', 'customers', 'contacts', 'customer_domains')`,
  )) as unknown as { rows: { n: number }[] };
  pending.set(db, { written: 0, rowsAtLastAnalyze: Number(result.rows[0]?.n ?? 0) });
}

/**
 * Call after `rows` rows were written or deleted through `db` (not a transaction's handle): on PGlite, runs
 * ANALYZE when enough has changed since the last one.
 */
export async function analyzeAfterWrite(db: Db, rows: number): Promise<void> {
  if (rows <= 0 || databaseKind(db) !== "pglite") return;
  const state = pending.get(db) ?? { written: 0, rowsAtLastAnalyze: 0 };
  state.written += rows;
  pending.set(db, state);
  if (state.written >= ANALYZE_BASE + ANALYZE_SCALE * state.rowsAtLastAnalyze) await analyzeEmbedded(db);
}
