// `npx tsx backend/bench/delete-bench.ts [emails…]`: the big deletes on PGlite and PostgreSQL (when reachable),
// e.g. `… 10000 50000`. See delete-timing.ts for what is measured.
import { rmSync } from "node:fs";
import pg from "pg";
import { openDatabase, type Database, type DatabaseKind } from "../src/db/connect";
import { measureDeletes } from "./delete-timing";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test";

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function open(kind: DatabaseKind): Promise<{ database: Database; dispose(): Promise<void> }> {
  // Imported here: the helpers read TEST_DATABASE_URL when they load, and main() settles it first.
  const { createPostgresDatabase, tempDir } = await import("../test/test-databases");
  if (kind === "pglite") {
    const dir = tempDir("touchbase-delete-bench-");
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      dispose: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })),
    };
  }
  const db = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: db.url });
  return { database, dispose: async () => (await database.close(), await db.drop()) };
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
  process.env.TEST_DATABASE_URL = url;
  const kinds: DatabaseKind[] = (process.env.BENCH_KINDS?.split(",") as DatabaseKind[]) ?? [
    "pglite",
    "postgres",
  ];
  for (const kind of kinds) {
    if (kind === "postgres" && !(await reachable(url))) {
      console.log(`postgres: skipped, ${url} is not reachable`);
      continue;
    }
    for (const n of sizes.length ? sizes : [10_000]) {
      const { database, dispose } = await open(kind);
      try {
        const r = await measureDeletes(database, n);
        console.log(
          `${kind} ${n} emails, ${r.contacts} contacts (filled in ${r.fillSeconds.toFixed(0)} s): ` +
            `purge of one domain ${r.purge.seconds.toFixed(2)} s (${r.purge.purged} emails), ` +
            `DELETE /me/emails ${r.deleteMine.seconds.toFixed(2)} s (${r.deleteMine.deleted} syncs), ` +
            `contacts with a wrong lastTouchAt: ${r.wrongLastTouch}`,
        );
      } finally {
        await dispose();
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error("delete benchmark failed:", error);
  process.exit(1);
});
