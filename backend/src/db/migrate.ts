import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Db } from "./connect";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Applies the drizzle-kit SQL migrations that have not run yet (returns how many), in one transaction, holding an advisory lock so
 * several servers starting at once on one PostgreSQL do not race (PGlite has one connection anyway).
 */
export async function migrateDatabase(db: Db): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  let ran = 0;
  await db.transaction(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(7447001)`);
    await tx.execute(
      `create table if not exists touchbase_migrations (hash text primary key, created_at bigint not null, applied_at timestamptz not null default now())`,
    );
    const done = (await tx.execute(`select hash from touchbase_migrations`)) as unknown as {
      rows: { hash: string }[];
    };
    const applied = new Set(done.rows.map((r) => r.hash));
    for (const migration of migrations) {
      if (applied.has(migration.hash)) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(statement);
      }
      await tx.execute(
        `insert into touchbase_migrations (hash, created_at) values ('${migration.hash}', ${Number(migration.folderMillis)})`,
      );
      ran++;
    }
    // A migration may change what a read answers without writing a row (a new SQL function): every workspace is
    // recorded as written, so no server's answer cache serves what it read before (src/http/answer-cache.ts).
    if (ran > 0) {
      await tx.execute(
        `insert into data_changes (workspace_id, xid) select id, pg_current_xact_id() from workspaces on conflict do nothing`,
      );
    }
  });
  return ran;
}
