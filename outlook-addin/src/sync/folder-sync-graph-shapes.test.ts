import { describe, expect, it } from "vitest";
import type { Mailbox, SimMessage } from "../../graph-simulator";
import { norm } from "./testing/folder-expectations";
import { postedEmails } from "./testing/recording-proxy";
import { engineFor, OWNER, backendSideForSuite, startSimulator } from "./testing/sync-fixture";

// Folder sync meets Graph's shapes: Bcc on sent mail, meeting messages as eventMessage, expired delta links.

const COLLEAGUE = { name: "Sam Colleague", address: "sam.colleague@northwind-cs.com" };
const WILE = { name: "Wile Coyote", address: "wile.coyote@acme.com" };

function add(mailbox: Mailbox, folder: string, id: string, extra: Partial<SimMessage> = {}): SimMessage {
  const now = new Date(Date.now() - 3_600_000).toISOString();
  return mailbox.add({
    folderId: mailbox.folder(folder)!.id,
    internetMessageId: `<${id}@shapes.test>`,
    subject: id,
    from: WILE,
    to: [OWNER],
    cc: [],
    receivedDateTime: now,
    sentDateTime: now,
    conversationId: id,
    body: { contentType: "html", content: `<p>${id}</p>` },
    internetMessageHeaders: [{ name: "Message-ID", value: `<${id}@shapes.test>` }],
    isDraft: false,
    isRead: true,
    ...extra,
  });
}

describe("folder sync and Graph's message shapes", () => {
  const side = backendSideForSuite();

  it("Sent Items: a customer only in Bcc makes it customer mail, and the upload keeps the Bcc", async () => {
    const { sim, graph } = await startSimulator();
    try {
      const mailbox = sim.mailbox(OWNER.address);
      const bcc = add(mailbox, "sentitems", "sent-bcc-customer", {
        from: OWNER,
        to: [COLLEAGUE],
        bcc: [WILE],
      });
      add(mailbox, "sentitems", "sent-internal", { from: OWNER, to: [COLLEAGUE] });
      const engine = await engineFor(side, graph());
      const summary = await engine.folders!.run("sentitems");
      expect(summary).toMatchObject({ complete: true, scanned: 2, customer: 1, uploaded: 1, skipped: 1 });
      const posted = postedEmails(side.proxy.requests).filter((e) => e.messageId.includes("@shapes.test"));
      expect(posted.map((e) => norm(e.messageId))).toEqual([norm(bcc.internetMessageId)]);
      expect(posted[0]).toMatchObject({ bcc: '"Wile Coyote" <wile.coyote@acme.com>' });
      await engine.close();
    } finally {
      await sim.stop();
    }
  });

  it("a meeting request (eventMessage) is calendar traffic: skipped from its headers, its body never fetched", async () => {
    const { sim, graph } = await startSimulator();
    try {
      const mailbox = sim.mailbox(OWNER.address);
      const meeting = add(mailbox, "inbox", "meeting-request", { meetingMessageType: "meetingRequest" });
      const plain = add(mailbox, "inbox", "plain-question");
      const engine = await engineFor(side, graph());
      const summary = await engine.folders!.run("inbox");
      expect(summary).toMatchObject({ complete: true, scanned: 2, customer: 1, uploaded: 1, skipped: 1 });
      const bodyFetches = sim.requests().filter((r) => r.kind === "member" && r.url.includes("body"));
      expect(bodyFetches.map((r) => r.url.split("?")[0])).toEqual([`/me/messages/${plain.id}`]);
      const posted = postedEmails(side.proxy.requests).map((e) => norm(e.messageId));
      expect(posted).not.toContain(norm(meeting.internetMessageId));
      await engine.close();
    } finally {
      await sim.stop();
    }
  });

  it("an expired delta link (410 Gone) starts a new pass on its own; nothing is lost or sent twice", async () => {
    const { sim, graph } = await startSimulator();
    try {
      const mailbox = sim.mailbox(OWNER.address);
      const first = add(mailbox, "inbox", "before-expiry");
      const engine = await engineFor(side, graph());
      expect(await engine.folders!.run("inbox")).toMatchObject({ complete: true, uploaded: 1 });
      sim.expireDeltaTokens();
      const later = add(mailbox, "inbox", "after-expiry", { receivedDateTime: new Date().toISOString() });
      sim.clearLog();
      const second = await engine.folders!.run("inbox");
      expect(second).toMatchObject({ complete: true, uploaded: 1 });
      const statuses = sim.requests().filter((r) => r.kind === "http" && r.url.includes("/delta"));
      expect(statuses.map((r) => r.status)).toEqual([410, 200]);
      const posted = postedEmails(side.proxy.requests)
        .map((e) => norm(e.messageId))
        .filter((id) => id.endsWith("@shapes.test") && /expiry/.test(id));
      expect(posted.sort()).toEqual([norm(first.internetMessageId), norm(later.internetMessageId)].sort());
      // And the new delta link works: nothing new is one request.
      sim.clearLog();
      expect(await engine.folders!.run("inbox")).toMatchObject({ complete: true, graphRequests: 1 });
      await engine.close();
    } finally {
      await sim.stop();
    }
  });
});
