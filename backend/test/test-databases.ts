// The databases the suite runs on: PGlite always (a temporary directory), PostgreSQL when TEST_DATABASE_URL is set
// (a database of its own per use, `tb_test_<random>`, dropped afterwards, so runs and files never collide).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database, type DatabaseKind } from "../src/db/connect";

export interface TestDatabase {
  database: Database;
  /** The settings a server process or the CLI needs to use the same database. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const databaseKinds: DatabaseKind[] = TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
if (!TEST_DATABASE_URL && process.env.VITEST) {
  console.log("backend tests: TEST_DATABASE_URL is not set, so PostgreSQL runs are skipped.");
}

export function tempDir(prefix = "touchbase-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh, empty PostgreSQL database on the TEST_DATABASE_URL server; returns its URL and a drop function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  const name = `tb_test_${randomBytes(6).toString("hex")}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Opens (and migrates) a fresh database of the given kind. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const dataDir = tempDir();
    const database = await openDatabase({ dataDir });
    return {
      database,
      env: { TOUCHBASE_DATA: dataDir, DATABASE_URL: "" },
      dispose: async () => {
        await database.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const pgdb = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: pgdb.url, poolSize: 10 });
  return {
    database,
    env: { DATABASE_URL: pgdb.url },
    dispose: async () => {
      await database.close().catch(() => undefined);
      await pgdb.drop();
    },
  };
}
