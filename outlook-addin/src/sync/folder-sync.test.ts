import { describe, expect, it } from "vitest";
import { lookbackCutoff } from "../../../shared";
import { formatSummary } from "./folder-sync";
import type { FolderSyncProgress } from "./folder-types";
import { expected, fill, norm, postedIds, storedFor } from "./testing/folder-expectations";
import { backendSideForSuite, engineFor, OWNER, withSimulator } from "./testing/sync-fixture";

describe("folder sync against the Graph simulator and the real backend", () => {
  const side = backendSideForSuite();

  it("first sync looks back 90 days and uploads exactly the customer emails; a re-sync costs one request", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 11;
      const { mailbox, folder } = fill(sim, { count: 400, ratio: 0.3, seed, daysBack: 150, bulk: 0.2 });
      const engine = await engineFor(side, graph());
      const progress: FolderSyncProgress[] = [];
      const summary = await engine.folders!.run(folder.id, {
        lookbackDays: 90,
        onProgress: (p) => progress.push(p),
      });

      const cutoff = lookbackCutoff(new Date(), 90).getTime() - 60_000;
      const want = expected(mailbox, folder.id, cutoff);
      const inRange = mailbox.messagesIn(folder.id).filter((m) => Date.parse(m.receivedDateTime) >= cutoff);
      const bulk = expected(mailbox, folder.id, cutoff, ["bulk"]);
      expect(want.size).toBeGreaterThan(50);
      expect(bulk.size).toBeGreaterThan(5);
      expect(summary.complete).toBe(true);
      expect(summary.scanned).toBe(inRange.length);
      expect(summary.customer).toBe(want.size);
      expect(summary.uploaded).toBe(want.size);
      expect(summary.alreadySynced).toBe(0);
      expect(summary.queued).toBe(0);
      expect(summary.skipped).toBe(inRange.length - want.size);
      // The folder, header pages, the tracking delta's first round, then bodies only for what the headers call
      // customer mail (bulk included, then dropped).
      const bodyBatches = Math.ceil((want.size + bulk.size) / 20);
      expect(summary.graphRequests).toBe(1 + Math.ceil(inRange.length / 1000) + 1 + bodyBatches);
      expect(formatSummary(summary)).toBe(
        `${inRange.length} scanned, ${want.size} customer emails, ${want.size} uploaded, 0 already synced`,
      );

      const posted = postedIds(side, seed);
      expect(new Set(posted)).toEqual(want);
      expect(posted.length).toBe(want.size); // nothing sent twice
      expect(await storedFor(side, seed)).toEqual(want);
      expect(progress.at(-1)?.phase).toBe("done");
      expect(progress.map((p) => p.scanned)).toEqual(
        [...progress.map((p) => p.scanned)].sort((a, b) => a - b),
      );

      // Bodies were fetched for customer messages only.
      const bodyFetches = sim.requests().filter((r) => r.kind === "member" && r.url.includes("body"));
      expect(bodyFetches.length).toBe(want.size + bulk.size);

      // Nothing new: the stored delta link answers with one request.
      sim.clearLog();
      const again = await engine.folders!.run(folder.id);
      expect(again.graphRequests).toBe(1);
      expect(
        sim
          .requests()
          .filter((r) => r.kind === "http")
          .map((r) => r.url),
      ).toEqual([expect.stringContaining("/messages/delta?$deltatoken=")]);
      expect(again).toMatchObject({ complete: true, scanned: 0, customer: 0, uploaded: 0 });
      await engine.close();
    });
  });

  it("incremental sync picks up new messages with their bodies in one request, and deletions, and does not re-send changed ones", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 12;
      const { mailbox, folder } = fill(sim, { count: 120, ratio: 0.4, seed });
      const engine = await engineFor(side, graph());
      const first = await engine.folders!.run(folder.id);
      expect(first.complete).toBe(true);

      const synced = mailbox.messagesIn(folder.id).filter((m) => m.kind === "customer");
      mailbox.update(synced[0].id, { isRead: !synced[0].isRead, subject: `${synced[0].subject} (edited)` });
      mailbox.delete(synced[1].id);
      const fresh = [1, 2, 3].map((n) =>
        mailbox.add({
          folderId: folder.id,
          internetMessageId: `<gen-${seed}-new-${n}@acme.com>`,
          subject: `New question ${n}`,
          from: { name: "Wile Coyote", address: "wile.coyote@acme.com" },
          to: [OWNER],
          cc: [],
          receivedDateTime: new Date().toISOString(),
          sentDateTime: new Date().toISOString(),
          conversationId: `conv-${n}`,
          body: { contentType: "html", content: `<p>Question ${n}</p>` },
          internetMessageHeaders: [],
          isDraft: false,
          isRead: false,
        }),
      );
      mailbox.add({
        ...fresh[0],
        id: undefined,
        internetMessageId: `<gen-${seed}-stranger@fabrikam.org>`,
        from: { name: "", address: "x@fabrikam.org" },
      });

      sim.clearLog();
      const before = postedIds(side, seed).length;
      const second = await engine.folders!.run(folder.id);
      expect(second).toMatchObject({
        complete: true,
        scanned: 4,
        customer: 3,
        uploaded: 3,
        removed: 1,
        alreadySynced: 0,
      });
      // One delta page, which brings the new customer emails' bodies: no body batch.
      expect(second.graphRequests).toBe(1);
      expect(sim.requests().filter((r) => r.kind === "member")).toEqual([]);
      const newlyPosted = postedIds(side, seed).slice(before);
      expect(newlyPosted.sort()).toEqual(fresh.map((m) => norm(m.internetMessageId)).sort());
      await engine.close();
    });
  });

  it("a folder above Graph's 5,000-message cap on a filtered delta is listed in full, then tracked with delta", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 13;
      const { mailbox, folder } = fill(sim, { count: 6500, ratio: 0.04, seed, daysBack: 60 });
      const want = expected(mailbox, folder.id, 0);
      const engine = await engineFor(side, graph());
      const summary = await engine.folders!.run(folder.id);
      expect(summary).toMatchObject({
        complete: true,
        scanned: 6500,
        customer: want.size,
        uploaded: want.size,
      });
      expect(await storedFor(side, seed)).toEqual(want);
      const urls = sim
        .requests()
        .filter((r) => r.kind === "http")
        .map((r) => decodeURIComponent(r.url));
      // Seven list pages of ≤ 1,000, each after the first starting at the previous page's oldest message.
      const lists = urls.filter((u) => /\/messages\?\$filter=receivedDateTime ge /.test(u));
      expect(lists).toHaveLength(7);
      expect(lists.slice(1).every((u) => / and receivedDateTime le /.test(u))).toBe(true);
      expect(urls.filter((u) => u.includes("/messages/delta?$filter=receivedDateTime ge "))).toHaveLength(1);

      // The simulator really caps a filtered delta at 5,000, which is why the list is needed.
      const direct = graph();
      let count = 0;
      let next: string | undefined =
        `/me/mailFolders/${folder.id}/messages/delta?$filter=receivedDateTime ge 2000-01-01T00:00:00Z&$select=id`;
      while (next) {
        const page: { value: unknown[]; "@odata.nextLink"?: string } = await direct.get(next, {
          headers: { Prefer: "odata.maxpagesize=1000" },
        });
        count += page.value.length;
        next = page["@odata.nextLink"];
      }
      expect(count).toBe(5000);

      const late = mailbox.add({
        ...mailbox.messagesIn(folder.id).find((m) => m.kind === "customer")!,
        id: undefined,
        internetMessageId: `<gen-${seed}-late@globex.io>`,
        receivedDateTime: new Date().toISOString(),
      });
      const next2 = await engine.folders!.run(folder.id);
      expect(next2).toMatchObject({ complete: true, scanned: 1, uploaded: 1 });
      expect((await storedFor(side, seed)).has(norm(late.internetMessageId))).toBe(true);
      await engine.close();
    });
  });

  it("reads selected messages through Graph (hosts without loadItemByIdAsync) and syncs only the customer ones", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 14;
      const { mailbox, folder } = fill(sim, { count: 30, ratio: 0.5, seed });
      const picked = mailbox.messagesIn(folder.id).slice(0, 25);
      const engine = await engineFor(side, graph());
      const { emails, missing } = await engine.fetchEmails([...picked.map((m) => m.id), "AAMk-gone"]);
      expect(missing).toEqual(["AAMk-gone"]);
      expect(emails.map((e) => e.messageId)).toEqual(picked.map((m) => m.internetMessageId));
      expect(emails[0]).toMatchObject({ source: "outlook", html: expect.stringContaining("<p>") });
      const result = await engine.syncMessages(emails, "selection");
      const customers = picked.filter((m) => m.kind === "customer").map((m) => m.internetMessageId);
      expect(result.outcomes.map((o) => o.messageId).sort()).toEqual(customers.sort());
      expect(result.notSent).toHaveLength(picked.length - customers.length);
      await engine.close();
    });
  });
});
