// Which databases a backend benchmark runs on: PGlite always, and PostgreSQL at BENCH_DATABASE_URL (or
// TEST_DATABASE_URL, or the local server) when it answers — with a line saying so when it does not.
import { rmSync } from "node:fs";
import pg from "pg";
import { openDatabase, type Database, type DatabaseKind } from "../src/db/connect";

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The kinds to benchmark; sets TEST_DATABASE_URL so the test-database helpers create databases there. */
export async function benchDatabaseKinds(): Promise<DatabaseKind[]> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  process.env.TEST_DATABASE_URL = url;
  if (await reachable(url)) return ["pglite", "postgres"];
  console.log(
    `PostgreSQL skipped: ${url.replace(/:[^:@/]*@/, ":***@")} is not reachable (set BENCH_DATABASE_URL).`,
  );
  return ["pglite"];
}

/** A fresh, migrated database of that kind for one benchmark run, and how to remove it afterwards. */
export async function openBenchDatabase(
  kind: DatabaseKind,
  poolSize = 10,
): Promise<{ database: Database; dispose(): Promise<void> }> {
  // Imported here: the helpers read TEST_DATABASE_URL as they load, and the benchmark settles it first.
  const { createPostgresDatabase, tempDir } = await import("../test/test-databases");
  if (kind === "pglite") {
    const dir = tempDir("touchbase-bench-");
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      dispose: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })),
    };
  }
  const created = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: created.url, poolSize });
  return { database, dispose: async () => (await database.close(), await created.drop()) };
}
