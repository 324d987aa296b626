import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema";
import { lockDataDir } from "./data-dir-lock";
import { analyzeEmbedded } from "./maintenance";
import { migrateDatabase } from "./migrate";

// The one place that picks the driver: PGlite (embedded, one connection, in TOUCHBASE_DATA) by default,
// PostgreSQL through `pg` when DATABASE_URL is set. Everything else sees the same drizzle `Db`.

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a directory or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  databaseUrl?: string;
  dataDir?: string;
  /** Connections per process on PostgreSQL. */
  poolSize?: number;
}

export const DEFAULT_DATA_DIR = "./.touchbase/data";

const kinds = new WeakMap<Db, DatabaseKind>();

/** Which engine a database handle talks to; undefined for a transaction's handle. */
export function databaseKind(db: Db): DatabaseKind | undefined {
  return kinds.get(db);
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const database = config.databaseUrl ? await openPostgres(config) : await openPglite(config);
  kinds.set(database.db, database.kind);
  try {
    // PGlite has no autovacuum to gather statistics: without them the planner guesses (maintenance.ts). They
    // persist in the data directory, so only a start that migrated needs a fresh ANALYZE.
    if ((await migrateDatabase(database.db)) > 0) await analyzeEmbedded(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function openPglite(config: DatabaseConfig): Promise<Database> {
  const dataDir = resolve(config.dataDir || DEFAULT_DATA_DIR);
  const lock = lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: join(dataDir, "pglite") });
  } catch (error) {
    lock.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: dataDir,
    close: async () => {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    },
  };
}

async function openPostgres(config: DatabaseConfig): Promise<Database> {
  const url = config.databaseUrl as string;
  const pool = new pg.Pool({ connectionString: url, max: config.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports the problem.
  pool.on("error", () => undefined);
  const client = await pool.connect();
  client.release();
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@"),
    close: () => pool.end(),
  };
}

/** Raw SQL rows; both drivers return `{ rows }`. Numbers from `count(*)` must be cast (`::int`) in the SQL. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A JSON value as a driver hands it back: parsed already, or as text. */
export const fromJson = <T>(v: T | string | null): T | null =>
  typeof v === "string" ? (JSON.parse(v) as T) : v;

/** A whole column as one array parameter (for `unnest`); drizzle would otherwise expand it into a list. */
export const column = (values: readonly unknown[]) => sql.param(values);

/**
 * Runs the reads at once on the pool (each on its own connection), one after another on a transaction: it has
 * one connection, on which pg 8 only queues overlapping queries (with a deprecation warning) and pg 9 refuses them.
 */
export async function readAll<T extends readonly unknown[]>(
  db: Db,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
