// Large CSV imports: streamed, written in short chunks, with the same meaning as importing row by row, and other
// requests answered while an import runs (progress and ordering are asserted, never wall-clock times).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerImportResultSchema } from "../../shared/index";
import { queryRows } from "../src/db/connect";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("customer CSV import at size on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  const importCsv = async (ws: TestWorkspace, body: string | ReadableStream<Uint8Array>) =>
    await t.app.request("/api/v1/customers/import", {
      method: "POST",
      headers: { authorization: `Bearer ${ws.adminToken}`, "content-type": "text/csv" },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" }),
    } as RequestInit);

  const countCustomers = async (ws: TestWorkspace) =>
    (
      await queryRows<{ n: number }>(
        t.db.database.db,
        sql`select count(*)::int as n from customers where workspace_id = ${ws.id}`,
      )
    )[0].n;

  it("answers other requests while a long import runs, and the import goes on to the end", async () => {
    const ws = await t.workspace();
    const rows = 3000;
    const csv = ["name,domains,plan", ...Array.from({ length: rows }, (_, i) => `Co ${i},co${i}.test,Gold`)];
    let importDone = false;
    const running = importCsv(ws, csv.join("\n")).then(async (res) => {
      importDone = true;
      return { status: res.status, body: CustomerImportResultSchema.parse(await res.json()) };
    });
    // Requests sent while the import runs: each must be answered before the import ends, seeing it part-way.
    const seen: number[] = [];
    while (!importDone) {
      // In-process requests on PGlite resolve without a turn of the event loop; a real client's next request
      // arrives as I/O, after one. Wait for one, as the server's socket would.
      await new Promise((resolve) => setImmediate(resolve));
      const me = await t.call(ws.adminToken, "GET", "/me");
      expect(me.status).toBe(200);
      if (importDone) break;
      seen.push(await countCustomers(ws));
    }
    const result = await running;
    expect(result).toEqual({ status: 200, body: { created: rows, updated: 0, unchanged: 0, errors: [] } });
    expect(seen.some((n) => n > 0 && n < rows)).toBe(true);
    // Progress only grows: each chunk committed on its own.
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(await countCustomers(ws)).toBe(rows);
  });

  it("keeps row-by-row meaning across chunks: later rows update earlier ones, clashes see earlier rows", async () => {
    const ws = await t.workspace();
    await t.call(ws.adminToken, "POST", "/customers", {
      name: "Old Name",
      domains: ["old.test", "keep.test"],
      attributes: { tier: "A" },
    });
    const lines = ["name,domains,plan"];
    for (let i = 0; i < 1200; i++) lines.push(`Filler ${i},filler${i}.test,Basic`);
    lines.push("old name,old.test;moved.test,Gold"); // updates Old Name; keep.test is released
    lines.push("Taker,keep.test,Silver"); // may take keep.test: the row before released it
    lines.push("Thief,moved.test,"); // clash with Old Name's new domain
    lines.push("FILLER 3,filler3.test;extra3.test,Pro"); // the same customer as row 4, differently cased
    lines.push("Dup Co,dup.test,One");
    lines.push("Dup Co,dup.test;dup2.test,Two"); // the row before created it: an update
    lines.push("Bad,not a domain,");
    const res = await importCsv(ws, lines.join("\r\n"));
    expect(res.status).toBe(200);
    const result = CustomerImportResultSchema.parse(await res.json());
    expect(result.created).toBe(1200 + 2);
    expect(result.updated).toBe(3);
    expect(result.errors.map((e) => e.line)).toEqual([1204, 1208]);
    expect(result.errors[0].message).toContain("moved.test");
    expect(result.errors[0].message).toContain("Old Name");
    // The customers named exactly so (a search for "Filler 3" also finds "Filler 30").
    const find = async (q: string) =>
      (
        (await t.call(ws.adminToken, "GET", `/customers?q=${encodeURIComponent(q)}&limit=200`)).body
          .customers as {
          name: string;
          domains: string[];
          attributes: Record<string, unknown>;
        }[]
      ).filter((c) => c.name.toLowerCase() === q.toLowerCase());
    expect(await find("Old Name")).toMatchObject([
      { name: "Old Name", domains: ["old.test", "moved.test"], attributes: { tier: "A", plan: "Gold" } },
    ]);
    expect(await find("Taker")).toMatchObject([{ domains: ["keep.test"], attributes: { plan: "Silver" } }]);
    expect(await find("Filler 3")).toMatchObject([
      { name: "Filler 3", domains: ["filler3.test", "extra3.test"], attributes: { plan: "Pro" } },
    ]);
    expect(await find("Dup Co")).toMatchObject([
      { domains: ["dup.test", "dup2.test"], attributes: { plan: "Two" } },
    ]);
    expect(await find("Thief")).toEqual([]);
  });

  it("a value the database refuses rejects only its row; the rest of the chunk is stored", async () => {
    const ws = await t.workspace();
    const csv = ["name,domains", "Good One,good1.test", "Nul\u0000Name,nul.test", "Good Two,good2.test"].join(
      "\n",
    );
    const result = CustomerImportResultSchema.parse(await (await importCsv(ws, csv)).json());
    expect(result.created).toBe(2);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].line).toBe(3);
    expect(result.errors[0].message).toMatch(/cannot be stored/);
    expect(await countCustomers(ws)).toBe(2);
  });

  it("reads a streamed request body as it arrives", async () => {
    const ws = await t.workspace();
    const encoder = new TextEncoder();
    const pieces = ["name,dom", "ains\nStream A,stream-a.test\nStre", "am B,stream-b.te", "st\n"];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(encoder.encode(next));
      },
    });
    const result = CustomerImportResultSchema.parse(await (await importCsv(ws, body)).json());
    expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [] });
    const names = (await t.call(ws.adminToken, "GET", "/customers?q=stream")).body.customers.map(
      (c: { name: string; domains: string[] }) => `${c.name} ${c.domains.join(";")}`,
    );
    expect(names).toEqual(["Stream A stream-a.test", "Stream B stream-b.test"]);
  });
});
