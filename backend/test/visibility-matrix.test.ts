// Who sees what (issue 12), proven route by route: three members (Dana and Sam each synced one email, Carl synced
// none) and an admin read every route that carries an email's fields, under each workspace tier, with Dana's
// thread shared and private. Each answer must hold exactly the keys that viewer may see — fields they may not
// see are absent from the JSON, not blanked — while Last Touch and counts still count every email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailAccess, VisibilityTier } from "../../shared/index";
import { createUser } from "../src/data/workspaces";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

type Route =
  | "history"
  | "lookup"
  | "lookupAwaiting"
  | "detail"
  | "conversations"
  | "threads"
  | "threadEmails"
  | "awaiting";

// What each route shows of an email at each access, written out by hand (not derived from the rule under test).
// Every item also carries access, private and syncedByMe; items of a private thread add privateSyncedBy.
const SUMMARY_FULL = [
  "id",
  "messageId",
  "subject",
  "from",
  "to",
  "sentAt",
  "direction",
  "snippet",
  "threadKey",
  "threadCount",
];
const SUMMARY = {
  full: SUMMARY_FULL,
  subject: ["id", "messageId", "subject", "from", "to", "sentAt", "direction", "threadKey", "threadCount"],
  metadata: ["id", "messageId", "from", "to", "sentAt", "direction", "threadKey", "threadCount"],
  private: ["id", "sentAt"],
};
const AWAITING = {
  full: ["threadKey", "since", "emailId", "subject"],
  subject: ["threadKey", "since", "emailId", "subject"],
  metadata: ["threadKey", "since", "emailId"],
  private: ["since", "emailId"],
};
const EXPECTED: Record<Route, Record<EmailAccess, string[]>> = {
  history: SUMMARY,
  lookup: SUMMARY,
  threadEmails: SUMMARY,
  detail: {
    full: [
      ...SUMMARY_FULL,
      "cc",
      "text",
      "html",
      "replyText",
      "hasQuotedText",
      "source",
      "customerIds",
      "syncedBy",
    ],
    subject: [...SUMMARY.subject, "cc", "source", "customerIds", "syncedBy"],
    metadata: [...SUMMARY.metadata, "cc", "source", "customerIds", "syncedBy"],
    private: ["id", "sentAt", "customerIds", "syncedBy"],
  },
  conversations: {
    full: [
      "id",
      "subject",
      "from",
      "to",
      "sentAt",
      "direction",
      "snippet",
      "threadKey",
      "customers",
      "syncedBy",
    ],
    subject: ["id", "subject", "from", "to", "sentAt", "direction", "threadKey", "customers", "syncedBy"],
    metadata: ["id", "from", "to", "sentAt", "direction", "threadKey", "customers", "syncedBy"],
    private: ["id", "sentAt", "customers", "syncedBy"],
  },
  threads: {
    full: ["threadKey", "subject", "lastAt", "count", "lastEmailId", "lastFrom", "lastDirection", "snippet"],
    subject: ["threadKey", "subject", "lastAt", "count", "lastEmailId", "lastFrom", "lastDirection"],
    metadata: ["threadKey", "lastAt", "count", "lastEmailId", "lastFrom", "lastDirection"],
    private: ["lastAt", "count", "lastEmailId"],
  },
  awaiting: AWAITING,
  lookupAwaiting: AWAITING,
};

function expectedKeys(route: Route, access: EmailAccess, isPrivate: boolean): string[] {
  const extras = ["access", "private", "syncedByMe", ...(isPrivate ? ["privateSyncedBy"] : [])];
  return [...EXPECTED[route][access], ...extras].sort();
}

interface Viewer {
  name: string;
  token: string;
}

describe.each(databaseKinds)("who sees what, on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let dana: Viewer;
  let sam: Viewer;
  let carl: Viewer;
  let admin: Viewer;
  let customerId: string;
  let danaEmail: { id: string; threadKey: string };
  let samEmailId: string;
  const newest = "2026-03-02T10:00:00.000Z";

  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"], adminEmail: "ada@northwind.test" });
    const person = async (email: string, name: string): Promise<Viewer> => {
      const { token } = await createUser(t.db.database.db, ws.id, { email, name, role: "member" });
      return { name, token };
    };
    dana = await person("dana@northwind.test", "Dana");
    sam = await person("sam@northwind.test", "Sam");
    carl = await person("carl@northwind.test", "Carl");
    admin = { name: "Ada (admin)", token: ws.adminToken };
    customerId = (await t.call(ws.adminToken, "POST", "/customers", { name: "Acme", domains: ["acme.test"] }))
      .body.id;
    const sync = async (v: Viewer, over: Record<string, unknown>) => {
      const res = await t.call(v.token, "POST", "/emails/batch", { emails: [emailInput(over)] });
      expect(res.body.results[0].status).toBe("stored");
      return res.body.results[0].emailId as string;
    };
    const danaId = await sync(dana, {
      messageId: "<renewal@acme.test>",
      from: "Wile <wile@acme.test>",
      to: "dana@northwind.test, legal@lawfirm.test",
      subject: "Renewal terms",
      text: "Our budget is 40k.",
      sentAt: newest,
    });
    samEmailId = await sync(sam, {
      messageId: "<invoice@acme.test>",
      from: "Road <road@acme.test>",
      to: "sam@northwind.test",
      subject: "Invoice question",
      text: "Which PO number?",
      sentAt: "2026-03-01T10:00:00.000Z",
    });
    danaEmail = {
      id: danaId,
      threadKey: (await t.call(dana.token, "GET", `/emails/${danaId}`)).body.threadKey,
    };
  });
  afterAll(async () => t?.close());

  /** What `viewer` gets of Dana's email from each route, as parsed JSON. */
  async function danaEmailBy(viewer: Viewer): Promise<Record<Route, Record<string, unknown>>> {
    const get = async (path: string) => {
      const res = await t.call(viewer.token, "GET", path);
      expect(res.status, `${viewer.name} GET ${path}`).toBe(200);
      return res.body;
    };
    const pick = <T extends Record<string, unknown>>(items: T[], key: string, id: string): T => {
      const found = items.find((i) => i[key] === id);
      expect(found, `${viewer.name}: Dana's email in the list`).toBeDefined();
      return found as T;
    };
    const [history, lookup, detail, conversations, threads, customer] = await Promise.all([
      get(`/customers/${customerId}/emails`),
      get(`/lookup?email=wile@acme.test`),
      get(`/emails/${danaEmail.id}`),
      get(`/conversations?customerId=${customerId}`),
      get(`/customers/${customerId}/threads`),
      get(`/customers/${customerId}`),
    ]);
    const threadEmails = await get(
      `/customers/${customerId}/thread-emails?threadKey=${encodeURIComponent(danaEmail.threadKey)}`,
    );
    return {
      history: pick(history.emails, "id", danaEmail.id),
      lookup: pick(lookup.results[0].recentEmails, "id", danaEmail.id),
      lookupAwaiting: pick(lookup.results[0].customer.signals.awaitingReply, "emailId", danaEmail.id),
      detail,
      conversations: pick(conversations.emails, "id", danaEmail.id),
      threads: pick(threads.threads, "lastEmailId", danaEmail.id),
      threadEmails: pick(threadEmails.emails, "id", danaEmail.id),
      awaiting: pick(customer.signals.awaitingReply, "emailId", danaEmail.id),
    };
  }

  const tiers: VisibilityTier[] = ["full", "subject", "metadata"];
  const cases = tiers.flatMap((tier) => [false, true].map((isPrivate) => ({ tier, isPrivate })));

  it.each(cases)("tier $tier, Dana's thread private: $isPrivate", async ({ tier, isPrivate }) => {
    expect((await t.call(admin.token, "PATCH", "/workspace", { visibility: tier })).body.visibility).toBe(
      tier,
    );
    const marked = await t.call(dana.token, "PATCH", `/emails/${danaEmail.id}`, { private: isPrivate });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ id: danaEmail.id, threadKey: danaEmail.threadKey, private: isPrivate });

    const colleagues: EmailAccess = isPrivate ? "private" : tier;
    const who: [Viewer, EmailAccess][] = [
      [dana, "full"], // the syncer always reads it
      [sam, colleagues], // synced another email of the customer: a colleague here
      [carl, colleagues],
      [admin, colleagues], // admins are colleagues too: may delete, not read
    ];
    for (const [viewer, access] of who) {
      const seen = await danaEmailBy(viewer);
      for (const route of Object.keys(EXPECTED) as Route[]) {
        expect(Object.keys(seen[route]).sort(), `${viewer.name} on ${route}`).toEqual(
          expectedKeys(route, access, isPrivate),
        );
        expect(seen[route].access, `${viewer.name} on ${route}`).toBe(access);
        expect(seen[route].syncedByMe).toBe(viewer === dana);
        if (isPrivate) expect(seen[route].privateSyncedBy).toEqual(["Dana"]);
      }
      if (access !== "full") {
        // Nothing of what was said leaks through any other field either.
        expect(JSON.stringify(seen)).not.toContain("40k");
        if (access !== "subject") expect(JSON.stringify(seen)).not.toContain("Renewal terms");
        if (access === "private") expect(JSON.stringify(seen)).not.toContain("lawfirm");
      }
    }
    // Sam's own email stays his in full, whatever happens to Dana's thread.
    const samView = (await t.call(sam.token, "GET", `/emails/${samEmailId}`)).body;
    expect(samView.access).toBe("full");
    expect(samView.text).toBe("Which PO number?");
  });

  it("hands out cursors that carry nothing a colleague may not see", async () => {
    await t.call(admin.token, "PATCH", "/workspace", { visibility: "metadata" });
    await t.call(dana.token, "PATCH", `/emails/${danaEmail.id}`, { private: true });
    for (const viewer of [carl, admin]) {
      // Dana's email is the customer's newest: every first page of one ends on it, so its cursor describes it.
      for (const [path, list] of [
        [`/customers/${customerId}/emails?limit=1`, "emails"],
        [`/customers/${customerId}/threads?limit=1`, "threads"],
        [`/conversations?customerId=${customerId}&limit=1`, "emails"],
      ] as const) {
        const page = (await t.call(viewer.token, "GET", path)).body;
        expect(page[list][0].access, `${viewer.name} ${path}`).toBe("private");
        expect(page.nextCursor, `${viewer.name} ${path}`).toEqual(expect.any(String));
        const cursor = Buffer.from(page.nextCursor, "base64url").toString("utf8");
        expect(cursor, `${viewer.name} ${path}`).not.toContain(danaEmail.threadKey);
        expect(cursor).not.toMatch(/renewal|Renewal|lawfirm|wile/);
        // The next page still follows on: Sam's email or thread, then nothing.
        const next = (await t.call(viewer.token, "GET", `${path}&cursor=${page.nextCursor}`)).body;
        expect(next[list].map((i: { access: string }) => i.access)).toEqual(["metadata"]);
      }
    }
  });

  it("still counts every email: Last Touch, the board and the profile's weeks", async () => {
    await t.call(admin.token, "PATCH", "/workspace", { visibility: "metadata" });
    await t.call(dana.token, "PATCH", `/emails/${danaEmail.id}`, { private: true });
    const customer = (await t.call(carl.token, "GET", `/customers/${customerId}`)).body;
    expect(customer.lastTouchAt).toBe(newest);
    expect(customer.signals.awaitingReplyCount).toBe(2);
    const board = (await t.call(carl.token, "GET", "/board/customers?sort=name")).body;
    expect(board.rows.find((c: { id: string }) => c.id === customerId).lastTouchAt).toBe(newest);
    // Filtering on a field a private email hides would tell it: Carl's direction filter leaves it out.
    const inbound = async (v: Viewer) =>
      (await t.call(v.token, "GET", "/conversations?direction=inbound")).body.emails.map(
        (e: { id: string }) => e.id,
      );
    expect(await inbound(carl)).not.toContain(danaEmail.id);
    expect(await inbound(dana)).toContain(danaEmail.id);
    const threads = (await t.call(carl.token, "GET", `/customers/${customerId}/threads`)).body.threads;
    expect(threads).toHaveLength(2);
    // Exports and the customer index carry no field of any email.
    const csv = await t.app.request("/api/v1/customers/export", {
      headers: { authorization: `Bearer ${carl.token}` },
    });
    const text = await csv.text();
    expect(text).not.toContain("Renewal");
    expect(text).not.toContain("Invoice");
    const index = JSON.stringify((await t.call(carl.token, "GET", "/customer-index")).body);
    expect(index).not.toMatch(/Renewal|Invoice|subject|snippet/);
  });

  it("lets only a syncer make a thread private or share it, with a sentence for everyone else", async () => {
    for (const viewer of [carl, admin, sam]) {
      const res = await t.call(viewer.token, "PATCH", `/emails/${danaEmail.id}`, { private: false });
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({
        code: "not_your_email",
        message: "Only a teammate who synced this email can make its thread private or share it.",
      });
    }
    const bad = await t.call(dana.token, "PATCH", `/emails/${danaEmail.id}`, { private: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toEqual(expect.any(String));
    expect((await t.call(dana.token, "PATCH", "/emails/eml_nope", { private: true })).status).toBe(404);
  });

  it("lets only admins change the tier, and only to a known tier", async () => {
    const member = await t.call(carl.token, "PATCH", "/workspace", { visibility: "full" });
    expect(member.status).toBe(403);
    const wrong = await t.call(admin.token, "PATCH", "/workspace", { visibility: "secret" });
    expect(wrong.status).toBe(400);
    expect((await t.call(carl.token, "GET", "/workspace")).body.visibility).toBe("metadata");
  });

  it("keeps a new email that joins a private thread private", async () => {
    await t.call(admin.token, "PATCH", "/workspace", { visibility: "full" });
    await t.call(dana.token, "PATCH", `/emails/${danaEmail.id}`, { private: true });
    const reply = await t.call(sam.token, "POST", "/emails/batch", {
      emails: [
        emailInput({
          messageId: "<renewal-2@acme.test>",
          from: "Wile <wile@acme.test>",
          to: "sam@northwind.test",
          subject: "Re: Renewal terms",
          text: "And the discount?",
          inReplyTo: "<renewal@acme.test>",
          references: "<renewal@acme.test>",
          sentAt: "2026-03-03T10:00:00.000Z",
        }),
      ],
    });
    const replyId = reply.body.results[0].emailId as string;
    const carlSees = (await t.call(carl.token, "GET", `/emails/${replyId}`)).body;
    expect(carlSees.access).toBe("private");
    expect(carlSees.privateSyncedBy).toEqual(["Sam"]);
    expect(carlSees.text).toBeUndefined();
    // Sam synced the reply (he reads it); Dana synced only the first email, so the reply is private to her.
    expect((await t.call(sam.token, "GET", `/emails/${replyId}`)).body.text).toBe("And the discount?");
    expect((await t.call(dana.token, "GET", `/emails/${replyId}`)).body.access).toBe("private");
  });

  it("makes a user's new threads private when they choose it, and keeps the choice on a PUT without it", async () => {
    const settings = (await t.call(carl.token, "GET", "/me/settings")).body;
    expect(settings.newSyncsPrivate).toBeUndefined();
    const on = await t.call(carl.token, "PUT", "/me/settings", { ...settings, newSyncsPrivate: true });
    expect(on.body.newSyncsPrivate).toBe(true);
    // An add-in that does not know the setting replaces the others: the choice stays.
    const kept = await t.call(carl.token, "PUT", "/me/settings", { ...settings, lookbackDays: 30 });
    expect(kept.body).toMatchObject({ lookbackDays: 30, newSyncsPrivate: true });
    const synced = await t.call(carl.token, "POST", "/emails/batch", {
      emails: [
        emailInput({ messageId: "<carl-new@acme.test>", from: "wile@acme.test", to: "carl@northwind.test" }),
      ],
    });
    const id = synced.body.results[0].emailId as string;
    expect((await t.call(carl.token, "GET", `/emails/${id}`)).body).toMatchObject({
      access: "full",
      private: true,
    });
    expect((await t.call(dana.token, "GET", `/emails/${id}`)).body).toMatchObject({
      access: "private",
      privateSyncedBy: ["Carl"],
    });
  });

  it("lets an admin delete a private email they cannot read", async () => {
    expect((await t.call(admin.token, "GET", `/emails/${danaEmail.id}`)).body.access).toBe("private");
    const res = await t.call(admin.token, "DELETE", `/emails/${danaEmail.id}`);
    expect(res.status).toBe(204);
    expect((await t.call(dana.token, "GET", `/emails/${danaEmail.id}`)).status).toBe(404);
  });
});
