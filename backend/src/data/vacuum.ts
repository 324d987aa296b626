import { sql } from "drizzle-orm";
import { databaseKind, type Db } from "../db/connect";

// A deleted row stays in the table file as a dead row version until VACUUM reclaims its space. PostgreSQL's
// autovacuum does that on its own. PGlite runs PostgreSQL in single-user mode, without autovacuum, so on the
// embedded database Touchbase vacuums the email tables itself once VACUUM_EVERY emails were deleted (a big delete
// at once, or many small ones): cheap, since VACUUM skips the pages it already knows are clean.

export const VACUUM_EVERY = 100;
const pending = new WeakMap<Db, number>();

/** Call after emails were deleted through `db` (not a transaction's handle: VACUUM cannot run inside one). */
export async function vacuumAfterDelete(db: Db, deletedEmails: number): Promise<void> {
  if (deletedEmails === 0 || databaseKind(db) !== "pglite") return;
  const total = (pending.get(db) ?? 0) + deletedEmails;
  if (total < VACUUM_EVERY) {
    pending.set(db, total);
    return;
  }
  pending.set(db, 0);
  await vacuumEmailTables(db);
}

/** VACUUM (or VACUUM FULL, which rewrites the files and takes the tables offline meanwhile) of the email tables. */
export async function vacuumEmailTables(db: Db, full = false): Promise<void> {
  // The signal tables are rewritten thread by thread on every write: their dead rows go too.
  await db.execute(
    sql.raw(
      `vacuum ${full ? "full " : ""}emails, email_customers, email_syncs, customer_threads, customer_replies`,
    ),
  );
}
