// Deletes of more emails than one transaction takes (chunks of 500, oldest first): every contact's lastTouchAt ends
// up at the newest email left that names it, on both databases; on PGlite the dead rows are vacuumed away.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/connect";
import { createTestApp, type TestApp } from "./test-app";
import { databaseKinds } from "./test-databases";

const EMAILS = 1300;
const PEOPLE = 20;

describe.each(databaseKinds)("big deletes on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it("DELETE /me/emails over several chunks leaves every contact's lastTouchAt at the newest email left", async () => {
    const ws = await t.workspace({ internalDomains: ["team.test"], adminEmail: "boss@team.test" });
    const rep = await ws.member("rep@team.test");
    const acme = (await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] }))
      .body.id;
    await t.call(ws.adminToken, "POST", "/customers", { name: "Globex", domains: ["globex.test"] });
    const person = (i: number) => `p${i % PEOPLE}@${i % 2 ? "globex" : "acme"}.test`;
    // Sent out of order, so "oldest first" is the server's doing; the boss also syncs every 7th (those stay),
    // and people 18 and 19 appear only in emails that go.
    const emails = Array.from({ length: EMAILS }, (_, n) => {
      const i = (n * 7919) % EMAILS;
      return {
        messageId: `<big-${i}@acme.test>`,
        from: person(i),
        to: "rep@team.test",
        cc: i % 5 === 0 ? person(i + 3) : undefined,
        subject: `Update ${i}`,
        sentAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        text: `secret-big-body-${i}`,
      };
    });
    for (let b = 0; b < EMAILS; b += 100) {
      const res = await t.call(rep.token, "POST", "/emails/batch", { emails: emails.slice(b, b + 100) });
      expect(res.body.results.every((r: { status: string }) => r.status === "stored")).toBe(true);
    }
    const kept = emails.filter((e) => {
      const i = Number(/big-(\d+)/.exec(e.messageId)?.[1]);
      return i % 7 === 0 && i % PEOPLE < 18 && (i % 5 !== 0 || (i + 3) % PEOPLE < 18);
    });
    for (let b = 0; b < kept.length; b += 100) {
      await t.call(ws.adminToken, "POST", "/emails/batch", { emails: kept.slice(b, b + 100) });
    }

    const res = await t.call(rep.token, "DELETE", "/me/emails");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: EMAILS });

    const db = t.db.database.db;
    const left = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from emails where workspace_id = ${ws.id}`,
    );
    expect(left[0].n).toBe(kept.length);
    const expected = new Map<string, string>();
    for (const e of kept) {
      for (const p of [e.from, e.cc].filter((a): a is string => a !== undefined)) {
        if ((expected.get(p) ?? "") < e.sentAt) expected.set(p, e.sentAt);
      }
    }
    const rows = await queryRows<{ address: string; last_touch_at: Date | string | null }>(
      db,
      sql`select address, last_touch_at from contacts where workspace_id = ${ws.id} order by address`,
    );
    expect(rows).toHaveLength(PEOPLE);
    for (const r of rows) {
      const got = r.last_touch_at === null ? null : new Date(r.last_touch_at).toISOString();
      expect(got, r.address).toBe(expected.get(r.address) ?? null);
    }
    expect(expected.has("p18@acme.test")).toBe(false);
    const newestAcme = kept
      .filter((e) => e.from.endsWith("@acme.test") || e.cc?.endsWith("@acme.test"))
      .map((e) => e.sentAt)
      .sort()
      .pop();
    expect((await t.call(ws.adminToken, "GET", `/customers/${acme}`)).body.lastTouchAt).toBe(newestAcme);
    const bodies = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from emails where text_body like 'secret-big-body-%'`,
    );
    expect(bodies[0].n).toBe(kept.length);

    if (kind === "pglite") {
      // No autovacuum in PGlite: the server vacuumed the email tables after the delete.
      const stats = await queryRows<{ n: number; vacuumed: boolean }>(
        db,
        sql`select n_dead_tup::int as n, last_vacuum is not null as vacuumed from pg_stat_user_tables where relname = 'emails'`,
      );
      expect(stats[0]).toEqual({ n: 0, vacuumed: true });
    }
  });

  it("has the GIN index on participants that the recomputation and purges read", async () => {
    const rows = await queryRows<{ indexdef: string }>(
      t.db.database.db,
      sql`select indexdef from pg_indexes where tablename = 'emails' and indexname = 'emails_participants'`,
    );
    expect(rows[0]?.indexdef).toMatch(/USING gin \(participants\)/);
  });
});
