import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerSchema, LookupResponseSchema } from "../../shared/index";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

// Conversation signals on scripted timelines, through the API, on both databases: replies, no reply, auto-replies
// in between, colleagues answering, a customer writing twice, a thread resumed, deletes and exclusions.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(databaseKinds)("conversation signals on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  interface Scene {
    ws: TestWorkspace;
    rep: { token: string; email: string };
    colleague: { token: string; email: string };
    customer: string;
    /** Stores one email of a thread; returns its id. */
    say(
      who: "customer" | "rep" | "colleague" | "other",
      at: number,
      thread: string,
      over?: Record<string, unknown>,
    ): Promise<string>;
    signals(): Promise<ReturnType<typeof CustomerSchema.parse>["signals"]>;
  }

  const base = Date.now() - 20 * DAY;
  let scene = 0;

  async function setup(settings: Record<string, boolean> = {}): Promise<Scene> {
    const n = ++scene;
    const ws = await t.workspace({ internalDomains: [`team${n}.test`] });
    if (Object.keys(settings).length > 0) {
      expect((await t.call(ws.adminToken, "PATCH", "/workspace", { settings })).status).toBe(200);
    }
    const rep = await ws.member(`rep@team${n}.test`);
    const colleague = await ws.member(`kim@team${n}.test`);
    const created = await t.call(ws.adminToken, "POST", "/customers", {
      name: "Acme",
      domains: [`acme${n}.test`],
    });
    const customer = created.body.id as string;
    const roots = new Map<string, string>();
    const say: Scene["say"] = async (who, at, thread, over = {}) => {
      const messageId = `<${thread}-${at}-${Math.random().toString(36).slice(2)}@mail.test>`;
      const root = roots.get(thread);
      if (!root) roots.set(thread, messageId);
      const outside = who === "customer" ? `wile@acme${n}.test` : `road@acme${n}.test`;
      const from = who === "rep" ? rep.email : who === "colleague" ? colleague.email : outside;
      const to = who === "rep" || who === "colleague" ? `wile@acme${n}.test` : rep.email;
      const token = who === "colleague" ? colleague.token : rep.token;
      const res = await t.call(token, "POST", "/emails/batch", {
        emails: [
          emailInput({
            messageId,
            from,
            to,
            subject: `About ${thread}`,
            sentAt: new Date(base + at).toISOString(),
            ...(root ? { inReplyTo: root, references: root } : {}),
            ...over,
          }),
        ],
      });
      expect(res.body.results[0].status).toBe("stored");
      return res.body.results[0].emailId as string;
    };
    const signals = async () => {
      const res = await t.call(ws.adminToken, "GET", `/customers/${customer}`);
      expect(res.status).toBe(200);
      return CustomerSchema.parse(res.body).signals;
    };
    return { ws, rep, colleague, customer, say, signals };
  }

  it("a reply: both directions, no wait, one first-reply time", async () => {
    const s = await setup();
    const asked = await s.say("customer", 0, "t1");
    await s.say("rep", 4 * HOUR, "t1");
    const got = await s.signals();
    expect(got).toMatchObject({
      lastInboundAt: new Date(base).toISOString(),
      lastOutboundAt: new Date(base + 4 * HOUR).toISOString(),
      awaitingReply: [],
      medianFirstReplyMinutes: 240,
      repliesMeasured: 1,
    });
    expect(asked).toBeTruthy();
  });

  it("no reply: the thread awaits one since the customer's email; no replies measured", async () => {
    const s = await setup();
    const first = await s.say("customer", 0, "q");
    const again = await s.say("customer", 2 * HOUR, "q"); // a nudge: still the same wait, since the newest
    const got = await s.signals();
    expect(got?.awaitingReply).toEqual([
      {
        threadKey: expect.any(String),
        since: new Date(base + 2 * HOUR).toISOString(),
        emailId: again,
        subject: "About q",
        // Read by the admin, who did not sync it: the workspace's tier (full) and a shared thread (issue 12).
        access: "full",
        private: false,
        syncedByMe: false,
      },
    ]);
    expect(got).toMatchObject({ lastOutboundAt: null, medianFirstReplyMinutes: null, repliesMeasured: 0 });
    expect(first).not.toBe(again);
  });

  it("the first reply is timed from the email that opened the wait, and a resumed thread is timed again", async () => {
    const s = await setup();
    await s.say("customer", 0, "r");
    await s.say("customer", 1 * HOUR, "r"); // does not restart the clock
    await s.say("rep", 3 * HOUR, "r"); // 180 min
    await s.say("rep", 4 * HOUR, "r"); // a second outbound is no new reply
    await s.say("customer", 2 * DAY, "r"); // resumes
    await s.say("colleague", 2 * DAY + 1 * HOUR, "r"); // a colleague answers: 60 min
    const got = await s.signals();
    expect(got).toMatchObject({ awaitingReply: [], medianFirstReplyMinutes: 120, repliesMeasured: 2 });
  });

  it("auto-replies in between never count, even where the workspace stores them", async () => {
    const s = await setup({ skipAutoReplies: false });
    await s.say("customer", 0, "a");
    // Our out-of-office answer goes out at once; it is not a reply.
    await s.say("rep", 1 * 60_000, "a", {
      subject: "Automatic reply: About a",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    let got = await s.signals();
    expect(got?.awaitingReply).toHaveLength(1);
    expect(got?.lastOutboundAt).toBeNull();
    await s.say("rep", 6 * HOUR, "a");
    // The customer's own auto-reply to our answer does not make the thread wait again.
    await s.say("customer", 6 * HOUR + 60_000, "a", {
      subject: "Out of office: About a",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    got = await s.signals();
    expect(got).toMatchObject({
      awaitingReply: [],
      medianFirstReplyMinutes: 360,
      repliesMeasured: 1,
      lastInboundAt: new Date(base).toISOString(),
    });
  });

  it("deletes recompute the thread: removing the reply makes it wait again", async () => {
    const s = await setup();
    await s.say("customer", 0, "d");
    const reply = await s.say("rep", 2 * HOUR, "d");
    await s.say("customer", 1 * DAY, "e");
    await s.say("rep", 1 * DAY + 4 * HOUR, "e");
    expect(await s.signals()).toMatchObject({ medianFirstReplyMinutes: 180, repliesMeasured: 2 });
    expect((await t.call(s.ws.adminToken, "DELETE", `/emails/${reply}`)).status).toBe(204);
    const got = await s.signals();
    expect(got).toMatchObject({ medianFirstReplyMinutes: 240, repliesMeasured: 1 });
    expect(got?.awaitingReply.map((a) => a.since)).toEqual([new Date(base).toISOString()]);
    // A member removing everything they synced takes their threads' signals with it.
    expect((await t.call(s.rep.token, "DELETE", "/me/emails")).status).toBe(200);
    expect(await s.signals()).toMatchObject({
      lastInboundAt: null,
      lastOutboundAt: null,
      awaitingReply: [],
      medianFirstReplyMinutes: null,
      repliesMeasured: 0,
    });
  });

  it("an exclusion with purge recomputes the signals without the excluded sender", async () => {
    const s = await setup();
    await s.say("customer", 0, "x");
    await s.say("other", 1 * HOUR, "y");
    expect((await s.signals())?.awaitingReply).toHaveLength(2);
    const n = scene;
    const res = await t.call(s.ws.adminToken, "POST", "/exclusions", {
      kind: "address",
      value: `road@acme${n}.test`,
      scope: "workspace",
      purge: true,
    });
    expect(res.status).toBe(201);
    const got = await s.signals();
    expect(got?.awaitingReply).toHaveLength(1);
    expect(got?.lastInboundAt).toBe(new Date(base).toISOString());
  });

  it("replies older than 90 days leave the median; the lookup gives customer and contact signals", async () => {
    const s = await setup();
    const old = Date.now() - 120 * DAY - base;
    await s.say("customer", old, "old");
    await s.say("rep", old + 10 * HOUR, "old");
    await s.say("customer", 0, "new");
    await s.say("rep", 30 * 60_000, "new");
    await s.say("other", 1 * DAY, "other");
    expect(await s.signals()).toMatchObject({ medianFirstReplyMinutes: 30, repliesMeasured: 1 });
    const n = scene;
    const res = await t.call(
      s.rep.token,
      "GET",
      `/lookup?email=${encodeURIComponent(`wile@acme${n}.test`)}&email=${encodeURIComponent(`road@acme${n}.test`)}`,
    );
    const body = LookupResponseSchema.parse(res.body);
    const [wile, road] = body.results;
    expect(wile.customer?.signals?.awaitingReply).toHaveLength(1);
    expect(wile.contact?.signals).toMatchObject({
      lastInboundAt: new Date(base).toISOString(),
      lastOutboundAt: new Date(base + 30 * 60_000).toISOString(),
      awaitingReply: [],
      medianFirstReplyMinutes: 30,
      repliesMeasured: 1,
    });
    expect(road.contact?.signals).toMatchObject({
      lastInboundAt: new Date(base + DAY).toISOString(),
      lastOutboundAt: null,
      medianFirstReplyMinutes: null,
      repliesMeasured: 0,
    });
    expect(road.contact?.signals?.awaitingReply).toHaveLength(1);
  });

  it("deleting the customer removes its signal rows", async () => {
    const s = await setup();
    await s.say("customer", 0, "z");
    expect((await t.call(s.ws.adminToken, "DELETE", `/customers/${s.customer}`)).status).toBe(204);
    const rows = await t.db.database.db.execute(
      `select count(*)::int as n from customer_threads where customer_id = '${s.customer}'`,
    );
    expect((rows as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });

  it("every email carries the text its sender wrote; snippets and the detail come from it", async () => {
    const s = await setup();
    const id = await s.say("customer", 0, "reply-text", {
      text: "Thanks, that fixed it.\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Rep <rep@team.test> wrote:\n> Try turning it off and on.",
    });
    const html = await s.say("customer", HOUR, "reply-html", {
      text: undefined,
      html: "<div>Merci !</div><div class=gmail_quote>Le lun. 2 avr. 2012 à 18:26, Rep a écrit :<blockquote>Bonjour</blockquote></div>",
    });
    const detail = await t.call(s.ws.adminToken, "GET", `/emails/${id}`);
    expect(detail.body).toMatchObject({ replyText: "Thanks, that fixed it.", hasQuotedText: true });
    expect(detail.body.snippet).toBe("Thanks, that fixed it.");
    expect((await t.call(s.ws.adminToken, "GET", `/emails/${html}`)).body.replyText).toBe("Merci !");
    const history = await t.call(s.ws.adminToken, "GET", `/customers/${s.customer}/emails`);
    expect(history.body.emails.map((e: { snippet: string }) => e.snippet)).toEqual([
      "Merci !",
      "Thanks, that fixed it.",
    ]);
    const n = scene;
    const lookup = await t.call(s.rep.token, "GET", `/lookup?email=wile%40acme${n}.test`);
    expect(lookup.body.results[0].recentEmails[0].snippet).toBe("Merci !");
  });
});
