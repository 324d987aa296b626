import { describe, expect, it } from "vitest";
import { HEADER_SELECT } from "./graph-email";
import { localStoreName, openLocalStore } from "./local-store";
import { expected, fill, norm, postedIds, storedFor } from "./testing/folder-expectations";
import { engineFor, OWNER, backendSideForSuite, startSimulator } from "./testing/sync-fixture";

// A folder's first pass lists its lookback window by date instead of by offset (pages of 100 here), and the
// window is listed again once a day: the delta that tracks the folder starts at its newest message.

const PAGE = 100;

describe("folder sync's listing, and its daily relisting", () => {
  const side = backendSideForSuite();

  it("pages the list by date: messages deleted while it is listed make it skip nothing", async () => {
    const { sim, graph } = await startSimulator({});
    try {
      const seed = 31;
      const { mailbox, folder } = fill(sim, { count: 700, ratio: 0.3, seed, folder: "Big one" });
      // After the first list page, the user deletes 60 of the messages it showed (newest first): an offset
      // (`$skip`) listing would now start 60 messages too far down and never see them.
      let deleted = false;
      const deletingFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!deleted && String(input).includes("/messages?")) {
          deleted = true;
          const newest = mailbox
            .messagesIn(folder.id)
            .sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime))
            .slice(0, 60);
          for (const m of newest) mailbox.delete(m.id);
        }
        return response;
      };
      const engine = await engineFor(side, graph({ fetch: deletingFetch }), { graphPageSize: PAGE });
      const summary = await engine.folders!.run(folder.id);
      const want = expected(mailbox, folder.id, 0); // what is left in the folder
      expect(deleted).toBe(true);
      expect(summary.complete).toBe(true);
      const stored = await storedFor(side, seed);
      for (const id of want) expect(stored.has(id), id).toBe(true);
      const posted = postedIds(side, seed);
      expect(posted.length).toBe(new Set(posted).size); // nothing twice
      const lists = sim
        .requests()
        .filter((r) => r.kind === "http" && r.url.includes("/messages?"))
        .map((r) => decodeURIComponent(r.url));
      expect(lists.length).toBeGreaterThanOrEqual(7);
      expect(lists.slice(1).every((u) => /receivedDateTime le \S+/.test(u) && !u.includes("$skip"))).toBe(
        true,
      );
      await engine.close();
    } finally {
      await sim.stop();
    }
  });

  it("an older message filed into the folder later is found by the daily listing, and nothing is sent twice", async () => {
    const { sim, graph } = await startSimulator({});
    try {
      const seed = 32;
      const { mailbox, folder } = fill(sim, { count: 450, ratio: 0.2, seed, folder: "Archive 2026" });
      let shift = 0;
      const now = () => Date.now() + shift;
      const engine = await engineFor(side, graph(), { graphPageSize: PAGE, now });
      const first = await engine.folders!.run(folder.id);
      expect(first).toMatchObject({ complete: true, uploaded: expected(mailbox, folder.id, 0).size });
      const before = postedIds(side, seed).length;

      // Filed from elsewhere: received 30 days ago, older than anything the folder's delta tracks.
      const template = mailbox.messagesIn(folder.id).find((m) => m.kind === "customer")!;
      const filed = mailbox.add({
        ...template,
        id: undefined,
        internetMessageId: `<gen-${seed}-filed-later@globex.io>`,
        receivedDateTime: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      });
      const fresh = mailbox.add({
        ...template,
        id: undefined,
        internetMessageId: `<gen-${seed}-fresh@globex.io>`,
        receivedDateTime: new Date().toISOString(),
      });

      // Within the day: the delta link alone, which reports the new message only.
      const soon = await engine.folders!.run(folder.id);
      expect(soon).toMatchObject({ complete: true, uploaded: 1 });
      expect(postedIds(side, seed).slice(before)).toEqual([norm(fresh.internetMessageId)]);

      // A day later: the window is listed again; only the message nobody had seen travels.
      shift = 25 * 3_600_000;
      sim.clearLog();
      const nextDay = await engine.folders!.run(folder.id);
      expect(nextDay).toMatchObject({ complete: true, uploaded: 1, alreadySynced: 0 });
      expect(postedIds(side, seed).slice(before)).toEqual([
        norm(fresh.internetMessageId),
        norm(filed.internetMessageId),
      ]);
      const urls = sim
        .requests()
        .filter((r) => r.kind === "http")
        .map((r) => decodeURIComponent(r.url));
      expect(urls.filter((u) => u.includes("/messages?$filter=receivedDateTime ge ")).length).toBe(5);
      // …then the delta link it kept (and one body batch).
      expect(urls.filter((u) => !u.includes("$batch")).at(-1)).toContain("/messages/delta?$deltatoken=");
      expect((await storedFor(side, seed)).has(norm(filed.internetMessageId))).toBe(true);

      // And the day after that listing, nothing new: one request again.
      sim.clearLog();
      expect(await engine.folders!.run(folder.id)).toMatchObject({ complete: true, graphRequests: 1 });
      await engine.close();
    } finally {
      await sim.stop();
    }
  });

  it("a folder an older build tracked by headers only is listed once more, then tracked with its bodies", async () => {
    const { sim, graph } = await startSimulator({});
    try {
      const seed = 33;
      const { mailbox, folder } = fill(sim, { count: 120, ratio: 0.3, seed, folder: "Renewals" });
      const first = await engineFor(side, graph(), { graphPageSize: PAGE });
      expect(await first.folders!.run(folder.id)).toMatchObject({ complete: true });
      await first.close();

      // What an older build saved: a delta link that selects headers only, and no word of bodies.
      const headerDelta: { "@odata.deltaLink"?: string } = await graph().get(
        `/me/mailFolders/${folder.id}/messages/delta?$filter=receivedDateTime ge ${new Date().toISOString()}&$select=${HEADER_SELECT}`,
      );
      const store = await openLocalStore(
        await localStoreName(first.storePrefix, side.proxy.url, OWNER.address),
      );
      const saved = (await store.getFolderState(folder.id))!;
      await store.putFolderState({
        ...saved,
        tracksBodies: undefined,
        deltaLink: headerDelta["@odata.deltaLink"]!,
      });
      store.close();

      const template = mailbox.messagesIn(folder.id).find((m) => m.kind === "customer")!;
      const arrive = (name: string) =>
        mailbox.add({
          ...template,
          id: undefined,
          internetMessageId: `<gen-${seed}-${name}@globex.io>`,
          receivedDateTime: new Date().toISOString(),
        });
      const beforeUpgrade = arrive("before-upgrade");
      const engine = await engineFor(side, graph(), { graphPageSize: PAGE, storeName: first.storePrefix });
      sim.clearLog();
      expect(await engine.folders!.run(folder.id)).toMatchObject({ complete: true, uploaded: 1 });
      const urls = sim
        .requests()
        .filter((r) => r.kind === "http")
        .map((r) => decodeURIComponent(r.url));
      expect(urls.some((u) => u.includes("/messages?$filter=receivedDateTime ge "))).toBe(true);
      expect(
        urls.filter((u) => u.includes("/messages/delta?$filter=")).map((u) => u.includes("body")),
      ).toEqual([true]);
      expect(urls.some((u) => u.includes("$deltatoken="))).toBe(false); // the header-only link is dropped

      // From now on a new customer email costs the delta round alone.
      const after = arrive("after-upgrade");
      sim.clearLog();
      expect(await engine.folders!.run(folder.id)).toMatchObject({
        complete: true,
        uploaded: 1,
        graphRequests: 1,
      });
      expect(postedIds(side, seed).slice(-2)).toEqual([
        norm(beforeUpgrade.internetMessageId),
        norm(after.internetMessageId),
      ]);
      await engine.close();
    } finally {
      await sim.stop();
    }
  });

  it("a delta entry without its body (Graph may send only what changed) is read in a body batch", async () => {
    const { sim, graph } = await startSimulator({});
    try {
      const seed = 34;
      const { mailbox, folder } = fill(sim, { count: 60, ratio: 0.3, seed, folder: "Partial" });
      let stripped = 0;
      const partialDeltas: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes("$deltatoken=")) return response;
        const page = (await response.json()) as { value: Record<string, unknown>[] };
        for (const m of page.value) if (m.body && delete m.body) stripped++;
        return new Response(JSON.stringify(page), { status: response.status, headers: response.headers });
      };
      const engine = await engineFor(side, graph({ fetch: partialDeltas }), { graphPageSize: PAGE });
      expect(await engine.folders!.run(folder.id)).toMatchObject({ complete: true });
      const template = mailbox.messagesIn(folder.id).find((m) => m.kind === "customer")!;
      const late = mailbox.add({
        ...template,
        id: undefined,
        internetMessageId: `<gen-${seed}-partial@globex.io>`,
        receivedDateTime: new Date().toISOString(),
      });
      sim.clearLog();
      expect(await engine.folders!.run(folder.id)).toMatchObject({
        complete: true,
        customer: 1,
        uploaded: 1,
      });
      expect(stripped).toBe(1);
      expect(sim.requests().filter((r) => r.kind === "member")).toHaveLength(1);
      expect(postedIds(side, seed).at(-1)).toBe(norm(late.internetMessageId));
      await engine.close();
    } finally {
      await sim.stop();
    }
  });
});
