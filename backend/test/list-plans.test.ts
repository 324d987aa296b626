// Every list is read in the order of an index, from its cursor on: EXPLAIN of each list query must show an index
// scan and no Sort node, on PGlite and PostgreSQL, on a workspace big enough (and ANALYZEd) that the planner sorts
// the moment the index's order and the query's differ. A control query with the history order as it was before
// (`desc`, which means NULLS FIRST, against an index built NULLS LAST) shows that this data does make it sort.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactPageQuery } from "../src/data/contact-list";
import { customerPageQuery } from "../src/data/customer-list";
import { exclusionPageQuery } from "../src/data/exclusions";
import { conversationPageQuery } from "../src/data/workspace-web";
import { findCallerByToken, type Caller } from "../src/data/workspaces";
import type { Db } from "../src/db/connect";
import { functionQuery } from "./function-queries";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const CUSTOMERS = 3000;
const BIG_CUSTOMER_EMAILS = 8000;
const OTHER_EMAILS = 4000;
const EXCLUSIONS = 3000;
/** Contacts of the big customer; every fifth was never touched. */
const CONTACTS = 3000;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Parent Relationship"?: string;
  Plans?: PlanNode[];
}

/**
 * The plan without its per-row subplans: a column such as "the email's customers, by name" sorts the two or three
 * rows of one email, which is not a sort over the list. The list's own scan and order are what must not sort.
 */
function listNodes(plan: PlanNode): PlanNode[] {
  const children = (plan.Plans ?? []).filter((p) => p["Parent Relationship"] !== "SubPlan");
  return [plan, ...children.flatMap(listNodes)];
}

function planOf(result: unknown): PlanNode[] {
  const raw = Object.values((result as { rows: Record<string, unknown>[] }).rows[0])[0];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return listNodes(parsed[0].Plan);
}

async function explain(db: Db, query: SQLWrapper): Promise<PlanNode[]> {
  return planOf(await db.execute(sql`explain (format json) ${query}`));
}

/**
 * The plan a plan-cached function (migration 0090) runs a marked query with: its generic plan, under the settings
 * the function sets, for these arguments (SQL literals).
 */
async function explainFunction(db: Db, fn: string, name: string, args: string): Promise<PlanNode[]> {
  const query = await functionQuery(db, fn, name);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql.raw(`prepare plan_check(${query.types.join(", ")}) as ${query.text}`));
    const plan = planOf(await tx.execute(sql.raw(`explain (format json) execute plan_check(${args})`)));
    await tx.execute(sql`deallocate plan_check`);
    return plan;
  });
}

const sorts = (plan: PlanNode[]) => plan.filter((n) => /Sort/.test(n["Node Type"]));
const indexes = (plan: PlanNode[]) => plan.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : []));

/** The workspace's rows, written set-based (generate_series), then ANALYZE as a running database would have. */
async function seed(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.execute(sql`
    insert into customers (id, workspace_id, name, attributes, seq)
    select 'cus_' || lpad(g::text, 5, '0'), ${workspaceId}, 'Customer ' || (g * 7919 % ${CUSTOMERS}), '{}'::jsonb, 1
    from generate_series(1, ${CUSTOMERS}) g`);
  await db.execute(sql`
    insert into customer_domains (workspace_id, domain, customer_id)
    select ${workspaceId}, 'c' || g || '.test', 'cus_' || lpad(g::text, 5, '0') from generate_series(1, ${CUSTOMERS}) g`);
  const total = BIG_CUSTOMER_EMAILS + OTHER_EMAILS;
  await db.execute(sql`
    insert into emails (id, workspace_id, message_key, message_id, thread_key, subject, from_header, sent_at,
                        direction, source)
    select 'em_' || g, ${workspaceId}, 'k' || g || '@plan.test', '<k' || g || '@plan.test>', 't' || (g / 4),
           'Subject ' || g, 'p@c1.test', timestamptz '2025-01-01' + g * interval '1 minute', 'inbound', 'import'
    from generate_series(1, ${total}) g`);
  // The first BIG_CUSTOMER_EMAILS belong to customer 1, the rest are spread over the others.
  await db.execute(sql`
    insert into email_customers (email_id, customer_id, sent_at)
    select 'em_' || g,
           case when g <= ${BIG_CUSTOMER_EMAILS} then 'cus_00001'
                else 'cus_' || lpad((2 + g % (${CUSTOMERS} - 1))::text, 5, '0') end,
           timestamptz '2025-01-01' + g * interval '1 minute'
    from generate_series(1, ${total}) g`);
  await db.execute(sql`
    insert into email_syncs (email_id, user_id) select 'em_' || g, ${userId} from generate_series(1, ${total}) g`);
  await db.execute(sql`
    insert into exclusions (id, workspace_id, user_id, kind, value, seq, created_at)
    select 'exc_' || lpad(g::text, 5, '0'), ${workspaceId}, null, 'address', 'x' || g || '@spam.test', 1,
           timestamptz '2025-06-01' + (g / 3) * interval '1 second'
    from generate_series(1, ${EXCLUSIONS}) g`);
  await db.execute(sql`
    insert into contacts (id, workspace_id, customer_id, address, source, seq, last_touch_at)
    select 'con_' || lpad(g::text, 5, '0'), ${workspaceId}, 'cus_00001', 'p' || g || '@c1.test', 'auto', 1,
           case when g % 5 = 0 then null else timestamptz '2025-01-01' + (g % 700) * interval '1 hour' end
    from generate_series(1, ${CONTACTS}) g`);
  await db.execute(sql`analyze`);
}

describe.each(databaseKinds)("list query plans on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let caller: Caller;
  let db: Db;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace();
    db = t.db.database.db;
    caller = (await findCallerByToken(db, ws.adminToken)) as Caller;
    await seed(db, ws.id, caller.user.id);
  }, 120_000);
  afterAll(() => t?.close());

  const expectIndexOrder = (plan: PlanNode[], index: string) => {
    expect(sorts(plan)).toEqual([]);
    expect(indexes(plan)).toContain(index);
  };

  it("the data makes the planner sort when the order does not match the index (control)", async () => {
    const oldOrder = sql`select ec.email_id from email_customers ec where ec.customer_id = 'cus_00001'
                         order by ec.sent_at desc, ec.email_id desc limit 21`;
    expect(sorts(await explain(db, oldOrder)).length).toBeGreaterThan(0);
  });

  it("history: first page, next page and lookup's recent emails are range scans of the history index", async () => {
    const user = `'${caller.user.id}'`;
    for (const [name, args] of [
      ["history first page", `'${ws.id}', 'cus_00001', ${user}, 21, null, null`],
      ["history next page", `'${ws.id}', 'cus_00001', ${user}, 21, '2025-01-03T12:00:00.000Z', 'em_3600'`],
      ["history first page", `'${ws.id}', 'cus_00001', ${user}, 10, null, null`],
    ]) {
      expectIndexOrder(
        await explainFunction(db, "touchbase_history_page", name, args),
        "email_customers_history",
      );
    }
  });

  it("the answer cache's check reads the workspace's recent writers off the primary key", async () => {
    await db.execute(sql`
      insert into data_changes (workspace_id, xid)
      select 'ws_other_' || (g % 50), (g + 1000)::text::xid8 from generate_series(1, 20000) g`);
    await db.execute(sql`analyze data_changes`);
    const plan = await explainFunction(
      db,
      "touchbase_changed_since",
      "changes since a snapshot",
      `'${ws.id}', pg_current_snapshot()`,
    );
    expect(indexes(plan)).toEqual(["data_changes_pk"]);
  });

  it("a customer's last touch is one step on the history index", async () => {
    // The expression touchbase_customers_by_ids (migration 0090) reads each customer's lastTouchAt with.
    const plan = await explain(
      db,
      sql`select (select max(ec.sent_at) from email_customers ec where ec.customer_id = ${"cus_00001"}) as t`,
    );
    expectIndexOrder(plan, "email_customers_history");
  });

  it("customers: first page and a page from a cursor read the name index in order", async () => {
    const first = await t.call(ws.adminToken, "GET", "/customers?limit=50");
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    for (const options of [{ limit: 51 }, { limit: 51, cursor }]) {
      const plan = await explain(db, customerPageQuery(db, ws.id, options).getSQL() as SQL);
      expectIndexOrder(plan, "customers_workspace_name");
    }
  });

  it("exclusions: first page and a page from a cursor read the created index in order", async () => {
    const first = await t.call(ws.adminToken, "GET", "/exclusions?limit=100");
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    for (const options of [{ limit: 201 }, { limit: 201, cursor }]) {
      const plan = await explain(db, exclusionPageQuery(db, caller, options).getSQL() as SQL);
      expectIndexOrder(plan, "exclusions_workspace_created");
    }
  });

  it("conversations: the workspace's page, a customer's page and their next pages follow an index, no sort", async () => {
    const base = { limit: 50 } as const;
    const cursor = (await t.call(ws.adminToken, "GET", "/conversations?limit=50")).body.nextCursor as string;
    const byCustomer = (await t.call(ws.adminToken, "GET", "/conversations?limit=50&customerId=cus_00001"))
      .body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect(byCustomer).toEqual(expect.any(String));
    for (const [query, index] of [
      [base, "emails_workspace_sent"],
      [{ ...base, cursor }, "emails_workspace_sent"],
      [{ ...base, direction: "inbound" as const, userId: caller.user.id }, "emails_workspace_sent"],
      [{ ...base, customerId: "cus_00001" }, "email_customers_history"],
      [{ ...base, customerId: "cus_00001", cursor: byCustomer }, "email_customers_history"],
      [{ ...base, customerId: "cus_00001", from: "2025-01-02T00:00:00.000Z" }, "email_customers_history"],
    ] as const) {
      expectIndexOrder(await explain(db, conversationPageQuery(caller, query)), index);
    }
  });

  it("contacts: a customer's first page and a page from a cursor read the touch index in order", async () => {
    const first = await t.call(ws.adminToken, "GET", "/customers/cus_00001/contacts?limit=100");
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    for (const page of [contactPageQuery("cus_00001", 101), contactPageQuery("cus_00001", 101, cursor)]) {
      expectIndexOrder(await explain(db, page), "contacts_customer_touch");
    }
  });

  it("paging through every list returns each row once, in order", async () => {
    const history: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { emails: { id: string; sentAt: string }[]; nextCursor: string } } =
        await t.call(
          ws.adminToken,
          "GET",
          `/customers/cus_00001/emails?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
        );
      expect(page.status).toBe(200);
      history.push(...page.body.emails.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(history.length).toBe(BIG_CUSTOMER_EMAILS);
    expect(history[0]).toBe(`em_${BIG_CUSTOMER_EMAILS}`);
    expect(history.at(-1)).toBe("em_1");

    const names: string[] = [];
    cursor = null;
    do {
      const page: { body: { customers: { name: string }[]; nextCursor: string } } = await t.call(
        ws.adminToken,
        "GET",
        `/customers?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      );
      names.push(...page.body.customers.map((c) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names.length).toBe(CUSTOMERS);

    // Contacts: most recently touched first, ties by id, never touched last; every contact once.
    const seen: { id: string; lastTouchAt: string | null }[] = [];
    cursor = null;
    do {
      const page: { status: number; body: { contacts: typeof seen; nextCursor: string } } = await t.call(
        ws.adminToken,
        "GET",
        `/customers/cus_00001/contacts?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.contacts);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(CONTACTS);
    expect(new Set(seen.map((c) => c.id)).size).toBe(CONTACTS);
    const touchOrder = (c: { id: string; lastTouchAt: string | null }) =>
      [c.lastTouchAt === null ? -Infinity : Date.parse(c.lastTouchAt), c.id] as const;
    for (let i = 1; i < seen.length; i++) {
      const [aAt, aId] = touchOrder(seen[i - 1]);
      const [bAt, bId] = touchOrder(seen[i]);
      expect(aAt > bAt || (aAt === bAt && aId > bId)).toBe(true);
    }
    expect(seen.filter((c) => c.lastTouchAt === null).length).toBe(CONTACTS / 5);

    // Three exclusions share each created_at to the microsecond: the id breaks the tie.
    const ids: string[] = [];
    cursor = null;
    do {
      const page: { body: { exclusions: { id: string }[]; nextCursor: string } } = await t.call(
        ws.adminToken,
        "GET",
        `/exclusions?limit=500${cursor ? `&cursor=${cursor}` : ""}`,
      );
      ids.push(...page.body.exclusions.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(
      Array.from({ length: EXCLUSIONS }, (_, i) => `exc_${String(i + 1).padStart(5, "0")}`),
    );
  });

  it("a cursor that this server did not give out is a 400", async () => {
    const bad = await t.call(ws.adminToken, "GET", "/exclusions?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_cursor");
  });
});
