import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../test/test-databases";
import { createWorkspace } from "../data/workspaces";
import { queryRows } from "./connect";
import { analyzeAfterWrite } from "./maintenance";

// PGlite has no autovacuum: Touchbase ANALYZEs a table once enough rows were written to it, with a small sample
// so that the ANALYZE (which runs on the event loop) stays short.

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase("pglite");
});
afterAll(async () => {
  await test.dispose();
});

async function customerStats(): Promise<{ rows: number; bounds: number }> {
  const db = test.database.db;
  const [size] = await queryRows<{ n: number }>(
    db,
    sql`select reltuples::float8 as n from pg_class where relname = 'customers'`,
  );
  const [stats] = await queryRows<{ bounds: number | null }>(
    db,
    sql`select array_length(histogram_bounds::text::text[], 1) as bounds from pg_stats
        where tablename = 'customers' and attname = 'name'`,
  );
  return { rows: Number(size.n), bounds: Number(stats?.bounds ?? 0) };
}

describe("ANALYZE after big writes (PGlite)", () => {
  it("analyzes a table once enough rows were written, with a sample of 20 buckets, and leaves the session's default alone", async () => {
    const db = test.database.db;
    const { workspace } = await createWorkspace(db, { name: "Stats", adminEmail: "admin@stats.test" });
    await db.execute(sql`
      insert into customers (id, workspace_id, name, attributes, seq)
      select 'cus_stats_' || g, ${workspace.id}, 'Customer ' || g, '{}'::jsonb, g from generate_series(1, 3000) g`);

    await analyzeAfterWrite(db, { customers: 100 });
    expect((await customerStats()).rows).toBeLessThan(3000); // below the threshold: not analyzed yet

    await analyzeAfterWrite(db, { customers: 2900 });
    const after = await customerStats();
    expect(after.rows).toBe(3000);
    expect(after.bounds).toBeGreaterThan(1);
    expect(after.bounds).toBeLessThanOrEqual(21);

    const [target] = await queryRows<{ value: string }>(
      db,
      sql`select current_setting('default_statistics_target') as value`,
    );
    expect(target.value).toBe("100");
  });
});
