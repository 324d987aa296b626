// First start: the workspace, its admin, the admin's token and the demo data are one transaction, so a crash
// while seeding leaves nothing behind and the next start creates (and prints a token for) everything again.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../src/bootstrap";
import { queryRows } from "../src/db/connect";
import { createCustomer } from "../src/data/customers";
import { findCallerByToken } from "../src/data/workspaces";
import { openTestDatabase, databaseKinds, type TestDatabase } from "./test-databases";

describe.each(databaseKinds)("first start on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t?.dispose());

  const count = async (table: string) =>
    (await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n;

  it("leaves nothing when seeding dies half way, and the next start does it all and returns a token", async () => {
    const db = t.database.db;
    const crash = bootstrap(db, { adminEmail: "admin@touchbase.local", demo: true }, async (tx, caller) => {
      await createCustomer(tx, caller, { name: "Half seeded", domains: ["half.test"] });
      throw new Error("killed while seeding");
    });
    await expect(crash).rejects.toThrow("killed while seeding");
    for (const table of ["workspaces", "users", "api_tokens", "customers", "emails"]) {
      expect(await count(table), table).toBe(0);
    }

    const boot = await bootstrap(db, { adminEmail: "admin@touchbase.local", demo: true });
    expect(boot.newToken).toMatch(/^tb_/);
    expect(boot.demoEmails).toBeGreaterThanOrEqual(30);
    expect((await findCallerByToken(db, boot.newToken as string))?.user.email).toBe("admin@touchbase.local");
    expect(await count("customers")).toBe(10);
    expect(await count("emails")).toBe(boot.demoEmails);
    // A later start finds it and shows no token again.
    const again = await bootstrap(db, { adminEmail: "admin@touchbase.local", demo: true });
    expect(again.newToken).toBeUndefined();
    expect(again.admin.user.id).toBe(boot.admin.user.id);
  });
});
