import { afterEach, describe, expect, it } from "vitest";
import { saveSettings } from "../office";
import { addItem, harnessItem, installMemoryOffice, type MemoryHost } from "../office/testing/memory-host";
import { expected, fill, postedIds } from "../sync/testing/folder-expectations";
import { backendSideForSuite, withSimulator } from "../sync/testing/sync-fixture";
import { createEngine } from "../sync";
import { syncFolderHandler } from "./sync-folder-command";
import { bearerTransport } from "../auth/bearer-transport";
import { fetchTransport } from "../sync/fetch-transport";
import { sha256Hex } from "../sync/sha256";

/** Runs the ribbon's handler as Outlook does; returns how many times it completed the event (always 1). */
async function completedEvents(deps: Parameters<typeof syncFolderHandler>[0]): Promise<number> {
  let completed = 0;
  await syncFolderHandler(deps)({ completed: () => completed++ } as unknown as Office.AddinCommands.Event);
  return completed;
}

describe("the ribbon's Sync folder command", () => {
  const side = backendSideForSuite();
  let host: (MemoryHost & { dispose(): void }) | null = null;
  // The user's session as the pane's sign-in gives it, with the backend's API token as the bearer (it accepts
  // both) and the owner key an engine opened with that token uses, so pane and ribbon share one local store.
  const signIn = async () => ({
    owner: `token:${await sha256Hex(side.backend.token)}`,
    transport: bearerTransport(fetchTransport(), { getGraphToken: async () => side.backend.token }),
  });
  afterEach(() => {
    host?.dispose();
    host = null;
  });

  it("syncs the open message's folder, shows the summary on the item and completes the event", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 41;
      const { mailbox, folder } = fill(sim, { count: 150, ratio: 0.3, seed, folder: "Acme project" });
      const open = mailbox.messagesIn(folder.id)[0];
      host = installMemoryOffice("1.15");
      const item = addItem(host, harnessItem({ restId: open.id, internetMessageId: open.internetMessageId }));
      await saveSettings({ serverUrl: side.proxy.url });

      expect(await completedEvents({ graph: () => graph(), signIn, storeName: `cmd-${seed}` })).toBe(1);
      const want = expected(mailbox, folder.id, 0);
      const notes = host.notes.get(item.itemId)!;
      expect(notes).toEqual([
        expect.objectContaining({
          type: "informationalMessage",
          message: `Touchbase: 150 scanned, ${want.size} customer emails, ${want.size} uploaded, 0 already synced.`,
        }),
      ]);
      expect(new Set(postedIds(side, seed))).toEqual(want);
    });
  });

  it("without settings it says what to do, and still completes the event", async () => {
    host = installMemoryOffice("1.15");
    const item = addItem(host, harnessItem({ restId: "x1" }));
    expect(await completedEvents({ graph: () => null, signIn })).toBe(1);
    expect(host.notes.get(item.itemId)).toEqual([
      expect.objectContaining({
        type: "errorMessage",
        message: "Touchbase: Open the Touchbase pane and sign in first.",
      }),
    ]);
  });

  it("a Graph failure becomes a sentence on the item, never a stack trace, and the event completes", async () => {
    await withSimulator({}, async ({ graph }) => {
      host = installMemoryOffice("1.15");
      const item = addItem(host, harnessItem({ restId: "AAMk-not-in-mailbox" }));
      await saveSettings({ serverUrl: side.proxy.url });
      expect(await completedEvents({ graph: () => graph(), signIn })).toBe(1);
      expect(host.notes.get(item.itemId)).toEqual([
        expect.objectContaining({
          type: "errorMessage",
          message: "Touchbase: That folder or message no longer exists in your mailbox.",
        }),
      ]);
    });
  });

  it("a folder the pane is syncing already is no error: the ribbon says so and completes", async () => {
    await withSimulator({ latencyMs: 40 }, async ({ sim, graph }) => {
      const seed = 43;
      const { mailbox, folder } = fill(sim, { count: 120, ratio: 0.3, seed, folder: "Busy project" });
      const open = mailbox.messagesIn(folder.id)[0];
      host = installMemoryOffice("1.15");
      const item = addItem(host, harnessItem({ restId: open.id, internetMessageId: open.internetMessageId }));
      await saveSettings({ serverUrl: side.proxy.url });
      // The pane's engine (same server, mailbox and store) is in the middle of this folder.
      const pane = await createEngine({
        storeName: `cmd-${seed}`,
        serverUrl: side.proxy.url,
        apiToken: side.backend.token,
        viewer: { addresses: ["admin@touchbase.local"] },
        graph: graph(),
        startOutbox: false,
      });
      const running = pane.folders!.run(folder.id);
      await new Promise((r) => setTimeout(r, 20));
      expect(await completedEvents({ graph: () => graph(), signIn, storeName: `cmd-${seed}` })).toBe(1);
      expect(host.notes.get(item.itemId)).toEqual([
        expect.objectContaining({
          type: "informationalMessage",
          message: expect.stringMatching(/^Touchbase: This folder is already being synced/),
        }),
      ]);
      expect((await running).complete).toBe(true);
      await pane.close();
    });
  });

  it("a Graph throttle that outlasts the command's budget stops it in time, to continue on the next click", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 44;
      const { mailbox, folder } = fill(sim, { count: 80, ratio: 0.5, seed, folder: "Throttled project" });
      const open = mailbox.messagesIn(folder.id)[0];
      host = installMemoryOffice("1.15");
      const item = addItem(host, harnessItem({ restId: open.id, internetMessageId: open.internetMessageId }));
      await saveSettings({ serverUrl: side.proxy.url });
      // Every body fetch is throttled for a minute at a time: Graph's Retry-After, which the client honours.
      sim.injectFaults([{ status: 429, count: 10_000, scope: "member", retryAfterSeconds: 60 }]);
      const started = Date.now();
      expect(
        await completedEvents({ graph: () => graph(), signIn, storeName: `cmd-${seed}`, budgetMs: 3000 }),
      ).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(host.notes.get(item.itemId)).toEqual([
        expect.objectContaining({
          type: "informationalMessage",
          message: expect.stringMatching(/^Touchbase: .* so far\. Click Sync folder again to continue\.$/),
        }),
      ]);
    });
  });
});
