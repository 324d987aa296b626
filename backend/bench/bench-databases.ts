// Which databases a backend benchmark runs on: PGlite always, and PostgreSQL at BENCH_DATABASE_URL (or
// TEST_DATABASE_URL, or the local server) when it answers — with a line saying so when it does not.
import pg from "pg";
import type { DatabaseKind } from "../src/db/connect";

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

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
