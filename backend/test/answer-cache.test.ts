// The answer cache of the sidebar's hot reads (src/http/answer-cache.ts, migration 0092): an answer comes from
// memory only while no transaction wrote the caller's workspace since it was read, whoever wrote it and from
// wherever; it is never served to another user or to the same user in another state; it ages out after a minute.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Database } from "../src/db/connect";
import { migrateDatabase } from "../src/db/migrate";
import { AnswerCache, pruneDataChanges } from "../src/http/answer-cache";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("answer cache on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let member: { token: string; email: string; id: string };
  let customerId = "";
  let clock = Date.UTC(2026, 11, 1);
  const cache = new AnswerCache(() => clock);
  /** Another writer of the same database: a second server's connection on PostgreSQL, the handle itself on PGlite. */
  let other: Database | null = null;
  const otherDb = () => (other ?? t.db.database).db;

  beforeAll(async () => {
    t = await createTestApp(kind, { answerCache: cache });
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
    member = await ws.member("member@northwind.test");
    customerId = (await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] }))
      .body.id;
    if (kind === "postgres") other = await openDatabase({ databaseUrl: t.db.env.DATABASE_URL, poolSize: 1 });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const sync = async (token: string, subject: string) => {
    const res = await t.call(token, "POST", "/emails/batch", {
      emails: [emailInput({ from: "Wile <wile@acme.test>", to: "member@northwind.test", subject })],
    });
    expect(res.body.results[0].status).toBe("stored");
    return res.body.results[0].emailId as string;
  };
  const history = async (token: string) => {
    const res = await t.call(token, "GET", `/customers/${customerId}/emails?limit=20`);
    expect(res.status).toBe(200);
    return res.body as { emails: { id: string; subject?: string }[] };
  };
  const lookup = async (token: string) => {
    const res = await t.call(token, "GET", "/lookup?email=wile%40acme.test");
    expect(res.status).toBe(200);
    return res.body as { results: { recentEmails: { id: string; subject?: string }[] }[] };
  };
  const counts = () => ({ ...cache.stats });

  it("answers an identical request from memory while nothing changed, with the same answer", async () => {
    await sync(member.token, "First order");
    const first = await lookup(ws.adminToken);
    const before = counts();
    const again = await lookup(ws.adminToken);
    expect(again).toEqual(first);
    expect(cache.stats.hits).toBe(before.hits + 1);
    expect(first.results[0].recentEmails.map((e) => e.subject)).toEqual(["First order"]);
  });

  it("shows a colleague's new email at the very next request", async () => {
    await lookup(ws.adminToken);
    await history(ws.adminToken);
    const before = counts();
    await sync(member.token, "Second order");
    expect((await lookup(ws.adminToken)).results[0].recentEmails.map((e) => e.subject)).toEqual([
      "Second order",
      "First order",
    ]);
    expect((await history(ws.adminToken)).emails.map((e) => e.subject)).toEqual([
      "Second order",
      "First order",
    ]);
    expect(cache.stats.changed).toBe(before.changed + 2);
    expect(cache.stats.hits).toBe(before.hits);
  });

  it("hides a thread its syncer made private from a colleague's cached history at once", async () => {
    const id = await sync(member.token, "Salary negotiation");
    const seen = await history(ws.adminToken);
    expect(seen.emails.find((e) => e.id === id)?.subject).toBe("Salary negotiation");
    expect((await history(ws.adminToken)).emails.find((e) => e.id === id)?.subject).toBe(
      "Salary negotiation",
    );

    const marked = await t.call(member.token, "PATCH", `/emails/${id}`, { private: true });
    expect(marked.status).toBe(200);
    const after = await history(ws.adminToken);
    expect(after.emails.find((e) => e.id === id)).toBeDefined();
    expect(JSON.stringify(after)).not.toContain("Salary negotiation");
    expect(JSON.stringify(await lookup(ws.adminToken))).not.toContain("Salary negotiation");
    // The syncer still reads it: answers are kept per user.
    expect(JSON.stringify(await history(member.token))).toContain("Salary negotiation");
  });

  it("sees a write made outside this server (another server's connection, the CLI) at the next request", async () => {
    const id = await sync(member.token, "Written elsewhere");
    expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(true);
    expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(true);
    await otherDb().execute(sql`delete from emails where id = ${id}`);
    expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(false);
  });

  it("is not fooled by a write still uncommitted, and sees it once committed", async () => {
    const id = await sync(member.token, "Rolled back");
    await history(ws.adminToken);
    // A delete that rolls back changed nothing: the answer may come from memory and still lists the email.
    await otherDb()
      .transaction(async (tx) => {
        await tx.execute(sql`delete from emails where id = ${id}`);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(true);
    await otherDb().execute(sql`update emails set subject = 'Renamed' where id = ${id}`);
    expect((await history(ws.adminToken)).emails.find((e) => e.id === id)?.subject).toBe("Renamed");
  });

  it("never serves one user's answer to another, nor to the same user after a role change", async () => {
    const before = counts();
    await lookup(member.token);
    await lookup(member.token);
    expect(cache.stats.hits).toBe(before.hits + 1);
    await otherDb().execute(sql`update users set role = 'admin' where id = ${member.id}`);
    const misses = cache.stats.misses;
    await lookup(member.token);
    expect(cache.stats.misses).toBe(misses + 1);
  });

  it("sends a kept answer with a fresh one's headers, and never keeps an error or a HEAD", async () => {
    const path = `/customers/${customerId}/emails?limit=3`;
    const headers = { origin: "http://localhost" };
    const entries = (h: Headers) => [...h.entries()].sort(([a], [b]) => a.localeCompare(b));
    const fresh = await t.call(ws.adminToken, "GET", path, undefined, headers);
    const hits = cache.stats.hits;
    const kept = await t.call(ws.adminToken, "GET", path, undefined, headers);
    expect(cache.stats.hits).toBe(hits + 1);
    expect(kept.body).toEqual(fresh.body);
    expect(entries(kept.headers)).toEqual(entries(fresh.headers));
    expect(kept.headers.get("x-content-type-options")).toBe("nosniff");

    const before = { ...counts(), size: cache.size };
    const head = await t.app.request(`/api/v1${path}`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${ws.adminToken}` },
    });
    expect(head.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await t.call(ws.adminToken, "GET", "/customers/cus_nobody/emails")).status).toBe(404);
      expect((await t.call(ws.adminToken, "GET", "/lookup")).status).toBe(400);
    }
    expect(cache.stats.hits).toBe(before.hits);
    expect(cache.size).toBe(before.size);
  });

  it("serves nothing read before a migration, which may change an answer without writing a row", async () => {
    const db = t.db.database.db;
    await lookup(ws.adminToken);
    const hits = cache.stats.hits;
    await lookup(ws.adminToken);
    expect(cache.stats.hits).toBe(hits + 1);
    // Migration 0091 only replaces a function: run it again as a server with a newer build would run a new one.
    await db.execute(sql`delete from touchbase_migrations where created_at = 1795802600000`);
    expect(await migrateDatabase(db)).toBe(1);
    const changed = cache.stats.changed;
    await lookup(ws.adminToken);
    expect(cache.stats.changed).toBe(changed + 1);
    expect(cache.stats.hits).toBe(hits + 1);
  });

  it("lets an answer age out after a minute (its relative figures move with the clock)", async () => {
    await lookup(ws.adminToken);
    const hits = cache.stats.hits;
    await lookup(ws.adminToken);
    expect(cache.stats.hits).toBe(hits + 1);
    clock += 61_000;
    const misses = cache.stats.misses;
    await lookup(ws.adminToken);
    expect(cache.stats.hits).toBe(hits + 1);
    expect(cache.stats.misses).toBe(misses + 1);
  });

  it("removes the records of transactions over for ten minutes, and only those", async () => {
    const db = t.db.database.db;
    // Horizons (migration 0092): eleven minutes ago every transaction below 12 had ended.
    await db.execute(sql`
      insert into data_change_horizons (below_xid, taken_at)
      values ('5'::xid8, now() - interval '30 minutes'), ('12'::xid8, now() - interval '11 minutes')`);
    await db.execute(sql`
      insert into data_changes (workspace_id, xid, changed_at)
      values ('ws_gone', '10'::xid8, now() - interval '20 minutes'),
             ('ws_gone', '13'::xid8, now() - interval '15 minutes'),
             ('ws_gone', '14'::xid8, now() - interval '9 minutes')`);
    clock += 61_000; // the cleanup runs at most once a minute
    await lookup(ws.adminToken);
    const left = async (query: ReturnType<typeof sql>) =>
      (await queryRows<{ xid: string }>(db, query)).map((r) => r.xid);
    // 10 ended before the horizon; 13 wrote fifteen minutes ago but was still running at the horizon; 14 is recent.
    await expect
      .poll(() =>
        left(sql`select xid::text as xid from data_changes where workspace_id = 'ws_gone' order by xid`),
      )
      .toEqual(["13", "14"]);
    // The horizon used stays (with this moment's, far above), the older one goes.
    expect(
      await left(
        sql`select below_xid::text as xid from data_change_horizons where below_xid < '100'::xid8 order by below_xid`,
      ),
    ).toEqual(["12"]);
  });

  it.runIf(kind === "postgres")(
    "keeps the record of a long transaction's write until that transaction is long over",
    async () => {
      const id = await sync(member.token, "Deleted by a long transaction");
      // The cleanup's horizon of eleven minutes ago, before the long transaction began.
      await t.db.database.db.execute(sql`
        insert into data_change_horizons (below_xid, taken_at)
        values (pg_snapshot_xmin(pg_current_snapshot()), now() - interval '11 minutes')`);
      // Another connection deletes the email in a transaction that stays open: its write is recorded as made
      // eleven minutes ago (a migration, a big import in one transaction), and it has not committed yet.
      let finish = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      let started = () => {};
      const wrote = new Promise<void>((resolve) => (started = resolve));
      const long = otherDb().transaction(async (tx) => {
        await tx.execute(sql`delete from emails where id = ${id}`);
        await tx.execute(
          sql`update data_changes set changed_at = now() - interval '11 minutes' where xid = pg_current_xact_id()`,
        );
        started();
        await finished;
      });
      await wrote;
      // Read (and kept) while it runs: the email is still there.
      expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(true);
      finish();
      await long;
      // The periodic cleanup runs between the commit and the next request.
      await pruneDataChanges(t.db.database.db);
      expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(false);
    },
  );

  it("never serves an answer read before the oldest write still on record (a clock set back, a stalled process)", async () => {
    const id = await sync(member.token, "Deleted while the clock stood still");
    expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(true);
    await otherDb().execute(sql`delete from emails where id = ${id}`);
    // The database's clock moves on by twelve minutes while this process's does not (set back by NTP, or the
    // process stalled): the cleanup removes the record of the delete before the next request.
    await t.db.database.db.execute(
      sql`update data_changes set changed_at = now() - interval '12 minutes' where workspace_id = ${ws.id}`,
    );
    await t.db.database.db.execute(sql`
      insert into data_change_horizons (below_xid, taken_at)
      values (pg_snapshot_xmin(pg_current_snapshot()), now() - interval '11 minutes')`);
    await pruneDataChanges(t.db.database.db);
    expect((await history(ws.adminToken)).emails.some((e) => e.id === id)).toBe(false);
  });

  it("records the writers of every table a lookup or history page reads, and nothing else is left undecided", async () => {
    const watched = [
      "workspaces",
      "users",
      "customers",
      "customer_domains",
      "contacts",
      "exclusions",
      "emails",
      "email_customers",
      "email_syncs",
      "private_threads",
      "customer_threads",
      "customer_replies",
      "customer_signal_totals",
    ];
    // Tables that hold workspace or email rows but feed neither answer (sign-in, tokens, the index's tombstones).
    const unwatched = [
      "api_tokens",
      "identities",
      "index_tombstones",
      "invitations",
      "sign_in_links",
      "web_sessions",
      "workspace_claims",
      "data_changes",
    ];
    const triggers = await queryRows<{ table: string; n: number }>(
      t.db.database.db,
      sql`select c.relname as table, count(*)::int as n from pg_trigger g join pg_class c on c.oid = g.tgrelid
          where g.tgname like '%\_changes\_%' and not g.tgisinternal group by c.relname`,
    );
    expect(Object.fromEntries(triggers.map((r) => [r.table, r.n]))).toEqual(
      Object.fromEntries(watched.map((name) => [name, 3])),
    );
    const withRows = await queryRows<{ table: string }>(
      t.db.database.db,
      sql`select distinct table_name as table from information_schema.columns
          where table_schema = 'public' and column_name in ('workspace_id', 'email_id')`,
    );
    const undecided = withRows
      .map((r) => r.table)
      .filter((n) => !watched.includes(n) && !unwatched.includes(n));
    expect(undecided).toEqual([]);
  });
});
