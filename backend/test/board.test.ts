// The web workspace's Customers board API: sorting by every column with keyset paging that neither skips nor
// repeats a customer, the filters, the workspace wall, and the CSV import preview that changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BoardColumnsSchema,
  BoardPageSchema,
  ImportPreviewSchema,
  type BoardRow,
} from "../../shared/api/board";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const DAY = 86_400_000;

describe.each(databaseKinds)("the Customers board on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let member: { token: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"], adminEmail: "alex@northwind.test" });
    other = await t.workspace();
    member = await ws.member("mo@northwind.test");
    const owners = ["Dana", "Fox", "dana", null];
    for (let i = 0; i < 12; i++) {
      const name = `Customer ${String.fromCharCode(65 + i)}`;
      const attributes: Record<string, string | number> = { tier: i % 3 === 0 ? "gold" : "silver", seats: i };
      const owner = owners[i % 4];
      if (owner) attributes.owner = owner;
      const res = await t.call(ws.adminToken, "POST", "/customers", {
        name,
        domains: [`c${i}.test`],
        attributes,
      });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    }
    await t.call(other.adminToken, "POST", "/customers", {
      name: "Customer A elsewhere",
      domains: ["x.test"],
    });
    // Customer A: 3 recent emails (2 inbound, 1 outbound); Customer B: one old email; C and D below; the rest: none.
    const now = Date.now();
    const emails = [
      emailInput({
        from: "a@c0.test",
        to: "alex@northwind.test",
        sentAt: new Date(now - 2 * DAY).toISOString(),
      }),
      emailInput({
        from: "a@c0.test",
        to: "alex@northwind.test",
        sentAt: new Date(now - 5 * DAY).toISOString(),
      }),
      emailInput({
        from: "alex@northwind.test",
        to: "a@c0.test",
        sentAt: new Date(now - 1 * DAY).toISOString(),
      }),
      emailInput({
        from: "b@c1.test",
        to: "alex@northwind.test",
        sentAt: new Date(now - 90 * DAY).toISOString(),
      }),
    ];
    // Customer C answered in 2 hours, Customer D in 30 minutes, each in one thread (nothing awaits there).
    const replied = (n: number, minutes: number) => {
      const root = `<root-${n}@c${n}.test>`;
      const asked = now - 3 * DAY;
      return [
        emailInput({
          messageId: root,
          from: `q@c${n}.test`,
          to: "alex@northwind.test",
          sentAt: new Date(asked).toISOString(),
        }),
        emailInput({
          from: "alex@northwind.test",
          to: `q@c${n}.test`,
          inReplyTo: root,
          references: root,
          sentAt: new Date(asked + minutes * 60_000).toISOString(),
        }),
      ];
    };
    emails.push(...replied(2, 120), ...replied(3, 30));
    const synced = await t.call(ws.adminToken, "POST", "/emails/batch", { emails });
    expect(synced.body.results.map((r: { status: string }) => r.status)).toEqual(emails.map(() => "stored"));
  });
  afterAll(() => t?.close());

  async function all(token: string, query: string, limit = 5): Promise<BoardRow[]> {
    const rows: BoardRow[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        token,
        "GET",
        `/board/customers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(res.status).toBe(200);
      const page = BoardPageSchema.parse(res.body);
      rows.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  it("pages every customer of the workspace once, in name order, both ways", async () => {
    const asc = await all(member.token, "sort=name");
    expect(asc.map((r) => r.name)).toEqual(Object.keys(ids).sort());
    const desc = await all(member.token, "sort=name&order=desc", 4);
    expect(desc.map((r) => r.name)).toEqual(Object.keys(ids).sort().reverse());
  });

  it("shows Last Touch both ways and the emails of the last 30 days", async () => {
    const rows = await all(member.token, "sort=lastTouch&order=desc", 3);
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({ name: "Customer A", emails30d: 3, owner: "Dana" });
    expect(rows[0].lastInboundAt && rows[0].lastOutboundAt).toBeTruthy();
    expect(new Date(rows[0].lastOutboundAt!).getTime()).toBeGreaterThan(
      new Date(rows[0].lastInboundAt!).getTime(),
    );
    expect(rows[0].lastTouchAt).toBe(rows[0].lastOutboundAt);
    expect(rows.slice(1, 4).map((r) => r.name)).toEqual(["Customer C", "Customer D", "Customer B"]);
    expect(rows[3]).toMatchObject({ name: "Customer B", emails30d: 0, lastOutboundAt: null });
    expect(rows.slice(4).every((r) => r.lastTouchAt === null)).toBe(true);
    const byCount = await all(member.token, "sort=emails30d&order=desc", 2);
    expect(byCount[0].name).toBe("Customer A");
    expect(new Set(byCount.map((r) => r.id)).size).toBe(12);
  });

  it("sorts by awaiting reply (longest wait first) and by median reply time, the rest after them by name", async () => {
    const waiting = await all(member.token, "sort=awaitingReply", 1);
    expect(waiting.map((r) => r.name)).toEqual([
      "Customer B",
      "Customer A",
      ...Object.keys(ids).sort().slice(2),
    ]);
    expect(waiting[1]).toMatchObject({ awaitingCount: 2 });
    expect(Date.now() - new Date(waiting[1].awaitingSince!).getTime()).toBeGreaterThan(4.9 * DAY);
    expect(waiting[2]).toMatchObject({ awaitingSince: null, awaitingCount: 0 });
    const waitingDesc = await all(member.token, "sort=awaitingReply&order=desc", 3);
    expect(waitingDesc.slice(0, 3).map((r) => r.name)).toEqual(["Customer A", "Customer B", "Customer C"]);
    expect(new Set(waitingDesc.map((r) => r.id)).size).toBe(12);
    const fastest = await all(member.token, "sort=medianReply", 1);
    expect(fastest.slice(0, 2).map((r) => [r.name, r.medianReplyMinutes, r.repliesMeasured])).toEqual([
      ["Customer D", 30, 1],
      ["Customer C", 120, 1],
    ]);
    expect(fastest.slice(2).map((r) => r.name)).toEqual(
      Object.keys(ids)
        .filter((n) => n !== "Customer C" && n !== "Customer D")
        .sort(),
    );
    const slowest = await all(member.token, "sort=medianReply&order=desc&owner=-", 1);
    expect(slowest.map((r) => r.name)).toEqual(["Customer D", "Customer H", "Customer L"]);
  });

  it("keeps the awaiting and median totals current when the answer comes and when it is removed", async () => {
    const root = "<late@c1.test>";
    const asked = await t.call(ws.adminToken, "POST", "/emails/batch", {
      emails: [
        emailInput({
          messageId: root,
          from: "b@c1.test",
          to: "alex@northwind.test",
          sentAt: new Date(Date.now() - 60 * 60_000).toISOString(),
        }),
      ],
    });
    const answer = emailInput({
      from: "alex@northwind.test",
      to: "b@c1.test",
      inReplyTo: root,
      references: root,
      sentAt: new Date().toISOString(),
    });
    const stored = await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [answer] });
    const b = () => all(member.token, "q=c1.test").then((rows) => rows[0]);
    expect(await b()).toMatchObject({ awaitingCount: 1, medianReplyMinutes: 60, repliesMeasured: 1 });
    for (const id of [stored.body.results[0].emailId, asked.body.results[0].emailId]) {
      expect((await t.call(ws.adminToken, "DELETE", `/emails/${id}`)).status).toBe(204);
    }
    expect(await b()).toMatchObject({ awaitingCount: 1, medianReplyMinutes: null, repliesMeasured: 0 });
  });

  it("sorts by owner and by any attribute without losing or repeating a row", async () => {
    const byOwner = await all(member.token, "sort=owner", 2);
    expect(new Set(byOwner.map((r) => r.id)).size).toBe(12);
    const owners = byOwner.map((r) => (r.owner ?? "").toLowerCase());
    expect(owners).toEqual([...owners].sort());
    const bySeats = await all(member.token, "sort=attr:tier&order=desc", 5);
    expect(bySeats.slice(0, 8).every((r) => r.attributes.tier === "silver")).toBe(true);
    expect(new Set(bySeats.map((r) => r.id)).size).toBe(12);
  });

  it("filters by search, owner and 'no touch in N days'", async () => {
    expect((await all(member.token, "q=c1.test")).map((r) => r.name)).toEqual(["Customer B"]);
    expect((await all(member.token, "q=customer%20c")).map((r) => r.name)).toEqual(["Customer C"]);
    const dana = await all(member.token, "owner=DANA");
    expect(dana.map((r) => r.name)).toEqual([
      "Customer A",
      "Customer C",
      "Customer E",
      "Customer G",
      "Customer I",
      "Customer K",
    ]);
    const nobody = await all(member.token, "owner=-");
    expect(nobody.map((r) => r.name)).toEqual(["Customer D", "Customer H", "Customer L"]);
    const quiet = await all(member.token, "quietDays=30&sort=lastTouch&order=desc");
    expect(quiet).toHaveLength(9);
    expect(quiet[0].name).toBe("Customer B");
    expect(quiet.some((r) => r.name === "Customer A")).toBe(false);
  });

  it("lists columns and owners; keeps to the caller's workspace; refuses forged cursors and bad sorts", async () => {
    const columns = BoardColumnsSchema.parse((await t.call(member.token, "GET", "/board/columns")).body);
    expect(columns).toEqual({ attributes: ["seats", "tier"], owners: ["Dana", "Fox", "dana"], total: 12 });
    const theirs = await all(other.adminToken, "sort=name");
    expect(theirs.map((r) => r.name)).toEqual(["Customer A elsewhere"]);
    const forged = await t.call(member.token, "GET", "/board/customers?cursor=bm90LWpzb24");
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe("invalid_cursor");
    const bad = await t.call(member.token, "GET", "/board/customers?sort=drop%20table");
    expect(bad.status).toBe(400);
    // A hostile attribute name is a bound value, not SQL.
    const hostile = await t.call(
      member.token,
      "GET",
      `/board/customers?sort=${encodeURIComponent("attr:x') or 1=1 --")}`,
    );
    expect(hostile.status).toBe(200);
    expect(hostile.body.rows).toHaveLength(12);
    expect((await t.call(null, "GET", "/board/customers")).status).toBe(401);
  });

  it("previews a CSV import line by line and changes nothing; members may not", async () => {
    const csv =
      "name,domains,tier\nCustomer A,c0.test,platinum\nNew One,new.test,gold\n,x.test,\nClash,c1.test,\n";
    const preview = await t.call(ws.adminToken, "POST", "/board/import-preview", csv, {
      "content-type": "text/csv",
    });
    expect(preview.status).toBe(200);
    const body = ImportPreviewSchema.parse(preview.body);
    expect(body.changes).toEqual([
      { line: 2, action: "update", name: "Customer A", domains: ["c0.test"] },
      { line: 3, action: "create", name: "New One", domains: ["new.test"] },
    ]);
    expect(body.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(body).toMatchObject({ created: 1, updated: 1 });
    const after = await all(member.token, "sort=name");
    expect(after.map((r) => r.name)).toEqual(Object.keys(ids).sort());
    expect(after.find((r) => r.name === "Customer A")?.attributes.tier).toBe("gold");
    // Past one chunk (100 rows on PGlite, 500 on PostgreSQL), each chunk rolled back on its own: a later line
    // naming a customer an earlier line creates is an update, a domain an earlier line claims is that line's error.
    const many = Array.from({ length: 520 }, (_, i) => `Bulk ${i},bulk${i}.test,`).join("\n");
    const long = `name,domains,tier\n${many}\nBulk 3,,silver\nThief,bulk7.test,\n`;
    const big = ImportPreviewSchema.parse(
      (await t.call(ws.adminToken, "POST", "/board/import-preview", long, { "content-type": "text/csv" }))
        .body,
    );
    expect(big).toMatchObject({ created: 520, updated: 1 });
    expect(big.changes.at(-1)).toMatchObject({ line: 522, action: "update", name: "Bulk 3" });
    expect(big.errors).toEqual([{ line: 523, message: expect.stringContaining("bulk7.test") }]);
    expect((await all(member.token, "q=bulk")).length).toBe(0);
    const refused = await t.call(member.token, "POST", "/board/import-preview", csv, {
      "content-type": "text/csv",
    });
    expect(refused.status).toBe(403);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await t.call(null, "GET", "/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/board/customers", "/board/columns", "/board/import-preview"]),
    );
  });
});
