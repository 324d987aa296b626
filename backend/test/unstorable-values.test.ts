// Values the wire schema lets through but PostgreSQL cannot store (a NUL character, year 0000): one such email is
// refused on its own, through every entry point (the batch API, BCC inbound, the CLI), and never fails the rest.
import { join } from "node:path";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmailBatchResponseSchema } from "../../shared/index";
import { openDatabase, queryRows, type DatabaseKind } from "../src/db/connect";
import { callerIndex } from "../src/data/customer-index";
import { storeAccepted } from "../src/data/ingest";
import { prepareBatch } from "../src/data/ingest-items";
import { findCallerByToken } from "../src/data/workspaces";
import { cliMessage } from "../src/cli/cli-context";
import { runCli } from "../src/cli/run-cli";
import { publishDkimKey, signMessage } from "./mail-auth";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { createPostgresDatabase, databaseKinds, tempDir } from "./test-databases";

const NUL = "\u0000";

/** A raw message with NUL characters in its subject and body and a Date the database cannot hold. */
const brokenMessage = (from: string, to: string, id: string) =>
  [
    `From: Wile <${from}>`,
    `To: ${to}`,
    `Subject: Renewal${NUL} terms`,
    "Date: 0000-01-01T00:00:00Z",
    `Message-ID: <${id}@acme.test>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello${NUL} there, about the renewal.`,
    "",
  ].join("\r\n");

describe.each(databaseKinds)("unstorable values on %s", (kind: DatabaseKind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
    await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] });
  });
  afterAll(() => t?.close());

  const storedText = async (emailId: string) =>
    (
      await queryRows<{ subject: string; text_body: string; sent_at: Date | string }>(
        t.db.database.db,
        sql`select subject, text_body, sent_at from emails where id = ${emailId}`,
      )
    )[0];

  it("POST /emails/batch: a NUL in a header field or a year-0000 date is one invalid item; NULs leave bodies", async () => {
    const good = emailInput({ from: "wile@acme.test", to: ws.adminEmail });
    const nulBody = emailInput({ from: "wile@acme.test", to: ws.adminEmail, text: `Hi${NUL}there` });
    const nulSubject = emailInput({ from: "wile@acme.test", to: ws.adminEmail, subject: `Bad${NUL}subject` });
    const yearZero = emailInput({
      from: "wile@acme.test",
      to: ws.adminEmail,
      sentAt: "0000-01-01T00:00:00Z",
    });
    const res = await t.call(ws.adminToken, "POST", "/emails/batch", {
      emails: [good, nulBody, nulSubject, yearZero, nulSubject],
    });
    expect(res.status).toBe(200);
    const { results } = EmailBatchResponseSchema.parse(res.body);
    expect(results.map((r) => r.status)).toEqual(["stored", "stored", "invalid", "invalid", "invalid"]);
    expect(results[2].reason).toBe("subject: contains a NUL character (\\u0000), which cannot be stored");
    expect(results[3].reason).toMatch(/^sentAt: the date is out of range/);
    expect(results[4].reason).toBe(results[2].reason);
    expect((await storedText(results[1].emailId as string)).text_body).toBe("Hithere");
    // Nothing of the refused items was written.
    const n = await queryRows<{ n: number }>(
      t.db.database.db,
      sql`select count(*)::int as n from emails where message_id in (${nulSubject.messageId}, ${yearZero.messageId})`,
    );
    expect(n[0].n).toBe(0);
  });

  it("writes item by item when the database still refuses a value, so only that item is invalid", async () => {
    const caller = await findCallerByToken(t.db.database.db, ws.adminToken);
    if (!caller) throw new Error("no caller");
    const { index } = await callerIndex(t.db.database.db, caller);
    const items = [0, 1, 2, 3].map(() => emailInput({ from: "wile@acme.test", to: ws.adminEmail }));
    const batch = prepareBatch(index, caller, items);
    expect(batch.accepted).toHaveLength(4);
    // Past validation, as a value no check foresaw would be: the database is the last line.
    batch.accepted[1].row.text = `a${NUL}b`;
    batch.accepted[3].row.sentAt = new Date("0000-06-01T00:00:00Z");
    await storeAccepted(t.db.database.db, caller, batch.accepted, batch.results);
    expect(batch.results.map((r) => r.status)).toEqual(["stored", "invalid", "stored", "invalid"]);
    expect(batch.results[1].reason).toMatch(/^a value in this email cannot be stored \(.*0x00/);
    expect(batch.results[3].reason).toMatch(/^a value in this email cannot be stored \(.*out of range/);
    for (const r of batch.results) expect(r.reason ?? "").not.toMatch(/insert|select|params/i);
    const ids = items.map((i) => i.messageId);
    const rows = await queryRows<{ message_id: string }>(
      t.db.database.db,
      sql`select message_id from emails where message_id in (${sql.join(ids, sql`, `)}) order by message_id`,
    );
    expect(rows.map((r) => r.message_id).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it("BCC inbound takes such real mail: NULs dropped, an impossible Date read as the arrival time", async () => {
    const before = Date.now();
    // Signed by the sender's domain, as BCC inbound requires (inbound-verification.test.ts).
    const key = publishDkimKey(t.dns, ws.adminEmail.slice(ws.adminEmail.indexOf("@") + 1));
    const res = await t.app.request(`/api/v1/inbound/${ws.inboundKey}`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: await signMessage(brokenMessage(ws.adminEmail, "wile@acme.test", "inbound-nul"), key),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; emailId: string };
    expect(body.status).toBe("stored");
    const row = await storedText(body.emailId);
    expect(row.subject).toBe("Renewal terms");
    expect(row.text_body).toContain("Hello there");
    const sentAt = new Date(row.sent_at).getTime();
    expect(sentAt).toBeGreaterThanOrEqual(before - 1000);
    expect(sentAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("POST /customers/import: a line the database refuses is that line's error, the others are imported", async () => {
    const res = await t.call(
      ws.adminToken,
      "POST",
      "/customers/import",
      `name,domains,plan\nGood One,good-one.test,Pro\nBad${NUL}Name,bad-name.test,Pro\nGood Two,good-two.test,\n`,
      { "content-type": "text/csv" },
    );
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(2);
    expect(res.body.errors).toEqual([
      { line: 3, message: expect.stringMatching(/^A value cannot be stored/) },
    ]);
  });
});

describe.each(databaseKinds)("the CLI with unstorable values on %s", (kind: DatabaseKind) => {
  const dir = tempDir("touchbase-cli-values-");
  let env: Record<string, string>;
  let cleanup = async () => undefined as void;
  beforeAll(async () => {
    if (kind === "pglite") env = { TOUCHBASE_DATA: join(dir, "data") };
    else {
      const pg = await createPostgresDatabase();
      env = { DATABASE_URL: pg.url };
      cleanup = pg.drop;
    }
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("ingest stores mail with NULs and a year-0000 Date, and prints no stack trace or SQL", async () => {
    expect(
      (
        await cli(
          "workspace",
          "create",
          "Values Co",
          "--internal-domain",
          "northwind.test",
          "--admin-email",
          "rep@northwind.test",
        )
      ).code,
    ).toBe(0);
    const csv = join(dir, "customers.csv");
    writeFileSync(csv, `name,domains\nAcme,acme.test\nBroken${NUL}Name,broken.test\n`);
    const imported = await cli("customers", "import", csv);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe("1 created, 0 updated, 0 unchanged, 1 rejected.");
    expect(imported.err).toMatch(/^line 3: A value cannot be stored/);
    const mails = join(dir, "mails");
    mkdirSync(mails, { recursive: true });
    writeFileSync(
      join(mails, "broken.eml"),
      brokenMessage("wile@acme.test", "rep@northwind.test", "cli-nul"),
    );
    writeFileSync(
      join(mails, "fine.eml"),
      brokenMessage("wile@acme.test", "rep@northwind.test", "cli-fine").replaceAll(NUL, ""),
    );
    const dry = await cli("ingest", mails, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/2 messages: 2 would be stored/);
    const real = await cli("ingest", mails);
    expect(real.code).toBe(0);
    expect(real.out).toBe("2 messages: 2 stored, 0 duplicates, 0 not customer email, 0 excluded, 0 invalid.");
    expect(real.err).toBe("");
    const database = await openDatabase({ dataDir: env.TOUCHBASE_DATA, databaseUrl: env.DATABASE_URL });
    try {
      const rows = await queryRows<{ subject: string }>(database.db, sql`select subject from emails`);
      expect(rows.map((r) => r.subject)).toEqual(["Renewal terms", "Renewal terms"]);
    } finally {
      await database.close();
    }
  });

  it("states a database error in one sentence without the SQL", async () => {
    const drizzleLike = Object.assign(
      new Error("Failed query: insert into emails values ($1)\nparams: secret"),
      {
        cause: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" }),
      },
    );
    const message = cliMessage(drizzleLike);
    expect(message).toBe('The database refused a value: invalid byte sequence for encoding "UTF8": 0x00.');
    expect(cliMessage(new Error("boom\n    at x (y.ts:1:1)"))).toBe("The command failed: boom.");
  });
});
