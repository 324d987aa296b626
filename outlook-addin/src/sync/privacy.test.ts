import { describe, expect, it } from "vitest";
import { addFixtureMessages, findFixturesDir } from "../../graph-simulator";
import { expected, fill, norm } from "./testing/folder-expectations";
import { postedEmails } from "./testing/recording-proxy";
import { engineFor, OWNER, backendSideForSuite, startSimulator } from "./testing/sync-fixture";

// Privacy is a feature: only customer emails that nobody excluded may leave the mail client. Every request the
// add-in makes to the backend passes a recording proxy; these tests read that record.
describe("privacy: what reaches the backend", () => {
  const side = backendSideForSuite();

  it("a folder sync sends customer emails only: no stranger, colleague, newsletter, fixture or excluded mail", async () => {
    const { sim, graph } = await startSimulator();
    try {
      const seed = 31;
      const { mailbox, folder } = fill(sim, { count: 300, ratio: 0.3, seed, bulk: 0.2 });
      const dir = findFixturesDir();
      expect(dir).not.toBeNull();
      const fixtures = await addFixtureMessages(mailbox, { dir: dir!, folderId: folder.id });
      // The user excluded one customer contact: their mail must stay behind too.
      const excluded = "wile.coyote@acme.com";
      const engine = await engineFor(side, graph());
      await engine.exclude({ kind: "address", value: excluded });
      side.proxy.requests.length = 0;

      const summary = await engine.folders!.run(folder.id);
      expect(summary.complete).toBe(true);

      const all = mailbox.messagesIn(folder.id);
      const allowed = new Set(
        all
          .filter((m) => m.kind === "customer" && ![m.from, ...m.to].some((a) => a.address === excluded))
          .map((m) => norm(m.internetMessageId)),
      );
      const forbidden = all.filter((m) => !allowed.has(norm(m.internetMessageId)));
      expect(forbidden.length).toBeGreaterThan(200);
      expect(forbidden.some((m) => m.kind === "fixture")).toBe(true);
      expect(all.some((m) => m.kind === "customer" && m.from.address === excluded)).toBe(true);

      const posted = postedEmails(side.proxy.requests);
      expect(new Set(posted.map((e) => norm(e.messageId)))).toEqual(allowed);

      // Nothing of a forbidden message appears anywhere in any request: ids, subjects, senders, bodies. (An allowed
      // reply may name an excluded message in its own References header; that header is the reply's content, so
      // threading fields are left out of this search.)
      const everything = side.proxy.requests
        .map((r) => {
          const body = r.body.startsWith("{")
            ? JSON.stringify(JSON.parse(r.body), (k, v: unknown) =>
                k === "references" || k === "inReplyTo" || k === "in-reply-to" ? undefined : v,
              )
            : r.body;
          return `${r.method} ${decodeURIComponent(r.path)}\n${body}`;
        })
        .join("\n");
      for (const m of forbidden) {
        expect(everything).not.toContain(m.internetMessageId);
        if (
          m.subject.length > 12 &&
          !all.some((o) => allowed.has(norm(o.internetMessageId)) && o.subject.includes(m.subject))
        ) {
          expect(everything).not.toContain(m.subject);
        }
      }
      for (const f of fixtures) expect(everything).not.toContain(f.internetMessageId);
      expect(everything).not.toContain(excluded);
      // Only the endpoints the engine needs were called.
      const endpoints = new Set(side.proxy.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`));
      for (const e of endpoints)
        expect(["GET /api/v1/customer-index", "POST /api/v1/emails/batch"]).toContain(e);
      expect(expected(mailbox, folder.id, 0).size).toBeGreaterThan(allowed.size); // the exclusion held some back
      await engine.close();
    } finally {
      await sim.stop();
    }
  });

  it("syncing single messages sends only the customer ones and says why the others stayed", async () => {
    const engine = await engineFor(side, null);
    side.proxy.requests.length = 0;
    const now = new Date().toISOString();
    const result = await engine.syncMessages([
      {
        messageId: "<p1@acme.com>",
        from: "Road Runner <road.runner@acme.com>",
        to: OWNER.address,
        subject: "Renewal",
        sentAt: now,
        text: "customer text",
      },
      {
        messageId: "<p2@gmail.com>",
        from: "Mom <mom.family@gmail.com>",
        to: OWNER.address,
        subject: "Dinner on Sunday",
        sentAt: now,
        text: "family text",
      },
      {
        messageId: "<p3@northwind-cs.com>",
        from: "sam.colleague@northwind-cs.com",
        to: OWNER.address,
        subject: "Lunch?",
        sentAt: now,
      },
      {
        messageId: "<p4@acme.com>",
        from: "news@acme.com",
        to: OWNER.address,
        subject: "Acme monthly",
        sentAt: now,
        headers: { "list-unsubscribe": "<mailto:u@acme.com>" },
      },
    ]);
    expect(result.outcomes.map((o) => [o.messageId, o.status])).toEqual([["<p1@acme.com>", "stored"]]);
    expect(result.notSent).toEqual([
      { messageId: "<p2@gmail.com>", reason: "no-customer" },
      { messageId: "<p3@northwind-cs.com>", reason: "internal-only" },
      { messageId: "<p4@acme.com>", reason: "bulk" },
    ]);
    const everything = side.proxy.requests.map((r) => r.path + r.body).join("\n");
    for (const secret of [
      "Dinner on Sunday",
      "family text",
      "mom.family",
      "Lunch?",
      "p3@northwind",
      "Acme monthly",
    ]) {
      expect(everything).not.toContain(secret);
    }
    await engine.close();
  });
});
