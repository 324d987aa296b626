import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli";
import { queryRows } from "../src/db/connect";
import { backfillReplyTexts } from "../src/data/reply-texts";
import { createTestApp, emailInput, type TestApp } from "./test-app";
import { databaseKinds } from "./test-databases";

// Emails stored before migration 0050 have no reply text, sender or signal rows: the backfill (run at server
// start, and as `touchbase backfill-signals`) computes them in chunks, and running it again changes nothing.

describe.each(databaseKinds)("reply text and signals backfill on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it("fills reply text, snippet and sender, and rebuilds the threads' signals", async () => {
    const ws = await t.workspace({ internalDomains: ["team.test"] });
    const rep = await ws.member("rep@team.test");
    const customer = (
      await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] })
    ).body.id;
    const root = "<root-1@acme.test>";
    const day = Date.now() - 5 * 86_400_000;
    const emails = [
      emailInput({
        messageId: root,
        from: "Wile <wile@acme.test>",
        to: rep.email,
        sentAt: new Date(day).toISOString(),
        text: "Can you help?\n\n-- \nWile Coyote\nAcme",
      }),
      emailInput({
        from: rep.email,
        to: "wile@acme.test",
        inReplyTo: root,
        references: root,
        sentAt: new Date(day + 2 * 3_600_000).toISOString(),
        text: "Of course.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Wile <wile@acme.test> wrote:\n> Can you help?",
      }),
    ];
    expect((await t.call(rep.token, "POST", "/emails/batch", { emails })).status).toBe(200);
    const db = t.db.database.db;
    const before = await t.call(ws.adminToken, "GET", `/customers/${customer}`);
    // As an older version left them.
    await db.execute(sql`update emails set reply_text = null, from_address = null, snippet = 'stale'`);
    await db.execute(sql`delete from customer_threads`);
    await db.execute(sql`delete from customer_replies`);
    expect((await t.call(ws.adminToken, "GET", `/customers/${customer}`)).body.signals.repliesMeasured).toBe(
      0,
    );

    expect(await backfillReplyTexts(db)).toBeGreaterThanOrEqual(2);
    const rows = await queryRows<{ reply_text: string; snippet: string; from_address: string }>(
      db,
      sql`select reply_text, snippet, from_address from emails where workspace_id = ${ws.id} order by sent_at`,
    );
    expect(rows).toEqual([
      { reply_text: "Can you help?", snippet: "Can you help?", from_address: "wile@acme.test" },
      { reply_text: "Of course.", snippet: "Of course.", from_address: "rep@team.test" },
    ]);
    const after = await t.call(ws.adminToken, "GET", `/customers/${customer}`);
    expect(after.body.signals).toEqual(before.body.signals);
    expect(after.body.signals).toMatchObject({ medianFirstReplyMinutes: 120, repliesMeasured: 1 });
    expect(await backfillReplyTexts(db)).toBe(0);

    expect(after.body.signals.awaitingReply).toEqual([]);
  });

  it("touchbase backfill-signals says when there is nothing to do", async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const code = await runCli(["backfill-signals"], {}, io, { database: t.db.database });
    expect([code, out.join("\n")]).toEqual([0, "Every email has its reply text already."]);
  });
});
