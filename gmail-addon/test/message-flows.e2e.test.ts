// The sidebar on opened messages, end to end: the built Code.js in the Apps Script simulator, real HTTP to the
// real backend (demo workspace), and the backend's own answers checked afterwards.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeMessageId, type AsyncApi } from "../../shared";
import { backendApi } from "./backend-api";
import { startHarness, type Harness } from "./harness";
import { JSDOM } from "jsdom";
import { cardToHtml } from "../simulator/card-html";
import {
  addMarkupThread,
  addMixedThread,
  MARKUP_CUSTOMER,
  SIM_USER,
  type MessageKind,
} from "../simulator/mailbox-generator";

let h: Harness;
let api: AsyncApi;

function messageOf(kind: MessageKind, skip = 0): string {
  const found = [...h.generated.truth.values()].filter((t) => t.kind === kind)[skip];
  if (!found) throw new Error(`the generated mailbox has no ${kind} message #${skip}`);
  return found.gmailId;
}

function messageIdHeader(gmailId: string): string {
  const m = h.mailbox.messages.get(gmailId)!;
  return h.mailbox.header(m, "Message-ID");
}

beforeAll(async () => {
  h = await startHarness({ generate: { threads: 120, seed: 7, idPrefix: "flows" } });
  api = backendApi(h.backend);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("opening a customer email", () => {
  it("shows the customer, why, the profile, history and sync state with one UrlFetch, then none from cache", () => {
    const sidebar = h.connect();
    const id = messageOf("customer-contact");
    const first = sidebar.openMessage(id);
    const sender = h.mailbox.messages.get(id)!.from;
    expect(first.calls["UrlFetchApp.fetch"]).toBe(1);
    expect(sidebar.text).toMatch(/Customer email/);
    expect(sidebar.text).toMatch(/Known contact/);
    expect(sidebar.text).toContain(sender.match(/<(.+)>/)![1]);
    expect(sidebar.text).toMatch(/Last touch/);
    expect(sidebar.text).toMatch(/Recent history with /);
    expect(sidebar.text).toMatch(/Not synced yet/);
    expect(sidebar.buttons()).toEqual(
      expect.arrayContaining(["Sync this thread", "Exclude sender", "Exclude domain"]),
    );

    const again = sidebar.openMessage(id);
    expect(again.calls["UrlFetchApp.fetch"] ?? 0).toBe(0);
    expect(again.calls["CacheService.get"]).toBe(1);
    expect(sidebar.text).toMatch(/Customer email/);
  });

  it("names the customer of a subdomain sender and of an IDN domain", () => {
    const sidebar = h.sidebar();
    sidebar.openMessage(messageOf("customer-subdomain"));
    expect(sidebar.text).toContain("Stark Industries");
    expect(sidebar.text).toMatch(/Subdomain of their domain/);
    sidebar.openMessage(messageOf("customer-idn"));
    expect(sidebar.text).toContain("Bücher GmbH");
  });
});

describe("opening other mail", () => {
  it("says nothing was synced, explains why, and sends only the participants' addresses", () => {
    const sidebar = h.sidebar();
    const before = h.sandbox.requests.length;
    const id = messageOf("stranger");
    sidebar.openMessage(id);
    expect(sidebar.text).toMatch(/Not a customer email/);
    expect(sidebar.text).toMatch(/Nothing synced/);
    sidebar.click("Why?");
    expect(sidebar.text).toMatch(/Nobody on this email belongs to a customer/);
    expect(sidebar.text).toMatch(/not a customer/);

    const sent = h.sandbox.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe("GET");
    expect(sent[0].body).toBeUndefined();
    const url = new URL(sent[0].url);
    expect(url.pathname).toBe("/api/v1/lookup");
    const from = h.mailbox.messages
      .get(id)!
      .from.match(/<(.+)>/)![1]
      .toLowerCase();
    // The whole query: the participants' addresses and the hash of the Message-ID, nothing else.
    const key = normalizeMessageId(messageIdHeader(id))!;
    const hash = createHash("sha256").update(key, "utf8").digest("hex");
    expect(url.search).toBe(`?email=${encodeURIComponent(from)}&messageIdSha256=${hash}`);
    expect(decodeURIComponent(sent[0].url).toLowerCase()).not.toContain(key);
  });

  it.each([
    ["newsletter-customer", /newsletter or mailing list/],
    ["auto-reply-customer", /automatic reply/],
    ["noreply-customer", /no-reply address/],
    ["calendar-customer", /calendar invitation/],
    ["internal", /your own organisation/],
  ] as const)("gives the classifier's reason for %s", (kind, reason) => {
    const sidebar = h.sidebar();
    sidebar.openMessage(messageOf(kind));
    expect(sidebar.text).toMatch(/Not a customer email/);
    sidebar.click("Why?");
    expect(sidebar.text).toMatch(reason);
  });

  it("recognises a Google Calendar invitation by its invite.ics attachment (real fixture email)", () => {
    const invite = [...h.mailbox.messages.values()].find((m) =>
      String(m.meta?.fixture ?? "").endsWith("calendar-event.eml"),
    );
    const sidebar = h.sidebar();
    sidebar.openMessage(invite!.id);
    expect(sidebar.text).toMatch(/Not a customer email/);
    sidebar.click("Why?");
    expect(sidebar.text).toMatch(/calendar invitation/);
  });
});

describe("sync this thread", () => {
  it("stores the thread's customer messages once, even when run twice", async () => {
    const threadId = [...h.generated.truth.values()].find(
      (t) =>
        t.kind === "customer-contact" &&
        h.mailbox.threads.get(h.mailbox.messages.get(t.gmailId)!.threadId)!.messageIds.length >= 2,
    )!.gmailId;
    const thread = h.mailbox.threads.get(h.mailbox.messages.get(threadId)!.threadId)!;
    const sidebar = h.sidebar();
    sidebar.openMessage(thread.messageIds[0]);
    sidebar.click("Sync this thread");
    expect(sidebar.notice).toMatch(new RegExp(`Synced ${thread.messageIds.length} new email`));
    expect(sidebar.text).toMatch(/Synced to Touchbase by you/);

    sidebar.click("Sync this thread");
    expect(sidebar.notice).toMatch(/Synced 0 new emails, \d+ already in Touchbase/);

    for (const gmailId of thread.messageIds) {
      const lookup = await api.lookup({
        emails: ["nobody@example.org"],
        messageId: messageIdHeader(gmailId),
      });
      expect(lookup.message?.emailId).toBeTruthy();
    }
    const customerId = (
      await api.lookup({ emails: [h.mailbox.messages.get(thread.messageIds[0])!.from.match(/<(.+)>/)![1]] })
    ).results[0].customer!.id;
    const page = await api.customerEmails({ customerId, limit: 100 });
    const ids = page.emails.map((e) => e.messageId);
    for (const gmailId of thread.messageIds) {
      expect(ids.filter((m) => m === messageIdHeader(gmailId))).toHaveLength(1);
    }
  });

  it("sends only the customer messages of a thread that also holds an auto-reply and a colleague-only note", () => {
    const mixed = addMixedThread(h.mailbox);
    const sidebar = h.sidebar();
    sidebar.openMessage(mixed.colleague.gmailId);
    expect(sidebar.text).toMatch(/Not a customer email/);
    sidebar.openMessage(mixed.customer.gmailId);
    const before = h.sandbox.requests.length;
    sidebar.click("Sync this thread");
    expect(sidebar.notice).toBe("Synced 1 new email, 2 non-customer emails not sent.");

    const sent = h.sandbox.requests.slice(before);
    const uploads = sent.filter(
      (r) => r.method === "POST" && new URL(r.url).pathname === "/api/v1/emails/batch",
    );
    expect(uploads).toHaveLength(1);
    const emails = (JSON.parse(uploads[0].body!) as { emails: { messageId: string }[] }).emails;
    expect(emails.map((e) => e.messageId)).toEqual([mixed.customer.messageId]);
    // Nothing of the other two left Gmail in any request, not even their ids or subjects.
    for (const r of sent) {
      const everything = decodeURIComponent(r.url) + (r.body ?? "");
      for (const other of [mixed.autoReply, mixed.colleague]) {
        expect(everything).not.toContain(other.messageId.slice(1, -1));
      }
      expect(everything).not.toContain("out of the office");
      expect(everything).not.toContain("Internal only");
    }
  });

  it("removes an email from Touchbase", async () => {
    const id = messageOf("customer-domain");
    const sidebar = h.sidebar();
    sidebar.openMessage(id);
    sidebar.click("Sync this thread");
    expect(sidebar.text).toMatch(/Synced to Touchbase by you/);
    sidebar.click("Remove from Touchbase");
    // It asks first: Cancel keeps the email, Remove deletes it.
    expect(sidebar.text).toMatch(/Remove this email from Touchbase\?/);
    sidebar.click("Cancel");
    expect(sidebar.text).toMatch(/Synced to Touchbase by you/);
    sidebar.click("Remove from Touchbase");
    sidebar.click("Remove");
    expect(sidebar.notice).toBe("Removed from Touchbase.");
    expect(sidebar.text).toMatch(/Not synced yet/);
    const lookup = await api.lookup({ emails: ["nobody@example.org"], messageId: messageIdHeader(id) });
    expect(lookup.message?.emailId ?? null).toBeNull();
  });
});

describe("excluding a sender", () => {
  it("asks first, excludes, hides their next message, and can be undone", async () => {
    // A customer contact who sent two messages, in two threads: exclude from the first, open the second.
    const senderOf = (gmailId: string) =>
      h.mailbox.messages
        .get(gmailId)!
        .from.match(/<(.+)>/)![1]
        .toLowerCase();
    const inbound = [...h.generated.truth.values()].filter(
      (t) => t.kind === "customer-contact" && senderOf(t.gmailId) !== SIM_USER.email,
    );
    const threadOf = (gmailId: string) => h.mailbox.messages.get(gmailId)!.threadId;
    const pair = inbound
      .map(
        (a) =>
          [
            a,
            inbound.find(
              (b) =>
                senderOf(b.gmailId) === senderOf(a.gmailId) && threadOf(b.gmailId) !== threadOf(a.gmailId),
            ),
          ] as const,
      )
      .find(([, b]) => b !== undefined);
    expect(pair, "the generated mailbox has a contact with messages in two threads").toBeDefined();
    const firstId = pair![0].gmailId;
    const otherId = pair![1]!.gmailId;
    const sender = senderOf(firstId);
    expect(otherId).not.toBe(firstId);
    expect(senderOf(otherId)).toBe(sender);
    const sidebar = h.sidebar();
    sidebar.openMessage(firstId);
    sidebar.click("Exclude sender");
    expect(sidebar.text).toMatch(/Exclude sender\?/);
    expect(sidebar.text).toContain(sender);
    sidebar.click("Cancel");
    expect(sidebar.text).toMatch(/Customer email/);

    sidebar.click("Exclude…");
    sidebar.click("Exclude sender");
    sidebar.click("Exclude");
    expect(sidebar.text).toMatch(/Excluded/);
    expect(sidebar.text).toContain(sender);
    const { exclusions } = await api.exclusions();
    expect(exclusions.map((e) => e.value)).toContain(sender);

    // The message excluded from was cached as customer mail: the exclusion invalidated that answer.
    sidebar.openMessage(firstId);
    expect(sidebar.text).toMatch(/Not a customer email/);
    // Their next message, in another thread, is excluded too.
    const opened = sidebar.openMessage(otherId);
    expect(opened.calls["UrlFetchApp.fetch"]).toBe(1); // never opened before: a fresh answer, not the cache
    expect(sidebar.text).toMatch(/Not a customer email/);
    sidebar.click("Why?");
    expect(sidebar.text).toMatch(/excluded from Touchbase/);
    expect(sidebar.text).toMatch(/excluded by you/);

    sidebar.openMessage(otherId);
    sidebar.click("Undo exclusion");
    expect(sidebar.notice).toMatch(/no longer excluded/);
    expect(sidebar.text).toMatch(/Customer email/);
    expect((await api.exclusions()).exclusions.map((e) => e.value)).not.toContain(sender);
  });

  it("never offers to exclude a personal email domain", () => {
    const sidebar = h.sidebar();
    sidebar.openMessage(messageOf("customer-personal-contact"));
    expect(sidebar.text).toContain("Stark Industries");
    expect(sidebar.buttons()).toContain("Exclude sender");
    expect(sidebar.buttons()).not.toContain("Exclude domain");
  });
});

describe("names and mail with & and < >", () => {
  it("are shown exactly as typed: escaped only in the fields Google reads as markup", () => {
    const id = addMarkupThread(h.mailbox);
    const sidebar = h.sidebar();
    sidebar.openMessage(id);
    sidebar.click("Sync this thread");
    const card = sidebar.card as { header: Record<string, string>; sections: { header?: string }[] };
    // Plain-text fields carry the raw string (the simulator also refuses entities there, so this ran clean).
    expect(card.header.title).toBe(MARKUP_CUSTOMER.name);
    // Formatted fields carry it escaped.
    expect(card.sections.map((x) => x.header)).toContain(
      "Recent history with Marks &amp; Spencer &lt;Retail&gt;",
    );

    // What a person sees: render the card as Gmail would and read its text.
    const { document } = new JSDOM(cardToHtml(sidebar.card)).window;
    const texts = [...document.querySelectorAll("h1, h3, .top, .text, .bottom")].map((e) => e.textContent);
    expect(texts).toContain(MARKUP_CUSTOMER.name);
    expect(texts).toContain(`Recent history with ${MARKUP_CUSTOMER.name}`);
    expect(texts).toContain("Plan & tier");
    expect(texts).toContain("Gold & <Premium>");
    expect(texts).toContain("Q3 <review> & renewal");
    expect(texts.some((t) => t?.includes("<b>12 & 13</b>"))).toBe(true);
    expect(document.querySelector("script")).toBeNull();
  });
});

describe("who sees what (issue 12)", () => {
  it("makes a thread the user synced private and shares it again; the backend agrees each time", async () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    if (sidebar.buttons().includes("Sign in")) h.connect(sidebar); // when run alone
    const id = messageOf("customer-contact", 2);
    const sender = h.mailbox.messages.get(id)!.from.match(/<(.+)>/)![1];
    sidebar.openMessage(id);
    sidebar.click("Sync this thread");
    const privateOnServer = async () =>
      (await api.lookup({ emails: [sender] })).results[0].recentEmails.filter((e) => e.private).length;
    expect(await privateOnServer()).toBe(0);
    expect(sidebar.buttons()).toContain("Make private");
    sidebar.click("Make private");
    expect(sidebar.notice).toBe("The thread is private: only the people who synced it can read it.");
    expect(sidebar.text).toContain("Private thread");
    expect(sidebar.buttons()).toContain("Share with team");
    expect(await privateOnServer()).toBeGreaterThan(0);
    sidebar.click("Share with team");
    expect(sidebar.notice).toBe("The thread is shared with your team again.");
    expect(sidebar.buttons()).not.toContain("Share with team");
    expect(await privateOnServer()).toBe(0);
  });
});

describe("the bundle in Apps Script", () => {
  it("touched no global that Apps Script V8 lacks during these flows", () => {
    expect([...h.sandbox.touchedMissingGlobals]).toEqual([]);
    expect(h.sandbox.logs.filter((l) => l.level === "error")).toEqual([]);
  });
});
