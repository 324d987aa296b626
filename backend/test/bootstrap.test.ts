// First start: the workspace, its admin, the admin's token and the demo data are one transaction, so a crash
// while seeding leaves nothing behind and the next start creates (and prints a token for) everything again.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../src/bootstrap";
import { queryRows } from "../src/db/connect";
import { createCustomer } from "../src/data/customers";
import { hashToken } from "../src/data/ids";
import { createUser, findCallerByToken } from "../src/data/workspaces";
import { apiTokens } from "../src/db/schema";
import { DEMO_THREADS } from "../src/demo/demo-conversations";
import { parseAddressList } from "../../shared/index";
import { openTestDatabase, databaseKinds, type TestDatabase } from "./test-databases";

// Every warning this file's runs give: the seeding runs in one transaction, on one connection, where overlapping
// queries are deprecated in pg 8 and refused in pg 9 (the last test looks).
const warnings: string[] = [];
process.on("warning", (warning) => warnings.push(warning.message));

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
    expect(await count("emails")).toBe(boot.demoEmails);
  });

  it("seeds demo mail that reads like a customer inbox: every thread stored, names that match addresses", async () => {
    const db = t.database.db;
    const expected = DEMO_THREADS.reduce((n, thread) => n + thread.messages.length, 0);
    expect(await count("emails")).toBe(expected);
    const senders = await queryRows<{ from_header: string }>(
      db,
      sql.raw(`select distinct from_header from emails`),
    );
    expect(senders.length).toBeGreaterThan(10);
    for (const { from_header } of senders) {
      // "Wile Coyote <wile.coyote@acme.com>": the display name is the address's local part, spelled out.
      const [{ name, address }] = parseAddressList(from_header);
      const local = address.split("@")[0].replace(/[._]/g, " ");
      if (address !== "admin@touchbase.local") expect(name.toLowerCase(), from_header).toBe(local);
    }
    // No newsletter, bounce or stranger in a customer's history: every email belongs to a demo thread.
    const ids = await queryRows<{ message_id: string }>(db, sql.raw(`select message_id from emails`));
    for (const { message_id } of ids)
      expect(message_id).toMatch(/^<?demo\.[a-z-]+\.\d+@northwind-cs\.com>?$/);
    // Each thread is synced by its owner: the two colleagues exist and synced their threads.
    const syncers = await queryRows<{ email: string; n: number }>(
      db,
      sql.raw(
        `select u.email, count(*)::int as n from email_syncs s join users u on u.id = s.user_id group by u.email order by u.email`,
      ),
    );
    expect(syncers.map((s) => s.email)).toEqual([
      "admin@touchbase.local",
      "dana.scully@northwind-cs.com",
      "fox.mulder@northwind-cs.com",
    ]);
  });

  it("TOUCHBASE_BOOTSTRAP_TOKEN makes the first token only, and never brings back a deleted one", async () => {
    const fresh = await openTestDatabase(kind);
    try {
      const db = fresh.database.db;
      const token = "tb_bootstrap_for_automation_0123456789";
      const boot = await bootstrap(db, { adminEmail: "ops@touchbase.local", demo: false, token });
      expect(boot.newToken).toBe(token);
      expect((await findCallerByToken(db, token))?.user.email).toBe("ops@touchbase.local");

      // The admin deletes the bootstrap token (a leaked environment variable): a restart must not mint it again.
      await db.delete(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));
      await bootstrap(db, { adminEmail: "ops@touchbase.local", demo: false, token });
      expect(await findCallerByToken(db, token)).toBeNull();

      // Another bootstrap value while the workspace has an admin token: nothing is minted.
      const { token: adminToken } = await createUser(db, boot.admin.workspace.id, {
        email: "second@touchbase.local",
        role: "admin",
      });
      await bootstrap(db, {
        adminEmail: "ops@touchbase.local",
        demo: false,
        token: "tb_another_value_987654",
      });
      expect(await findCallerByToken(db, "tb_another_value_987654")).toBeNull();
      expect(await findCallerByToken(db, adminToken)).not.toBeNull();

      // A workspace whose admins hold no API token at all (set up by hand): the bootstrap value makes one.
      await db.delete(apiTokens);
      await bootstrap(db, {
        adminEmail: "ops@touchbase.local",
        demo: false,
        token: "tb_another_value_987654",
      });
      expect((await findCallerByToken(db, "tb_another_value_987654"))?.user.role).toBe("admin");

      // That second value deleted too, and the first one back in the environment: every bootstrap value that
      // ever made a token is remembered, so neither comes back.
      await db.delete(apiTokens);
      await bootstrap(db, { adminEmail: "ops@touchbase.local", demo: false, token });
      expect(await findCallerByToken(db, token)).toBeNull();
      await bootstrap(db, {
        adminEmail: "ops@touchbase.local",
        demo: false,
        token: "tb_another_value_987654",
      });
      expect(await findCallerByToken(db, "tb_another_value_987654")).toBeNull();
    } finally {
      await fresh.dispose();
    }
  });

  it("seeds without overlapping queries on its transaction's one connection", async () => {
    // Warnings are emitted on the next tick; the earlier tests of this file seeded the demo workspace.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
  });
});
