import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailInput } from "../../../shared";
import { createEngine } from "./engine";
import { FolderBusyError } from "./folder-lock";
import { fill } from "./testing/folder-expectations";
import { postedEmails, startRecordingProxy, type RecordingProxy } from "./testing/recording-proxy";
import {
  manualOnline,
  OWNER,
  startBackendSide,
  startSimulator,
  type BackendSide,
} from "./testing/sync-fixture";
import type { SyncedElsewhere } from "./engine-types";
import type { OnlineSignal } from "./outbox-types";

// Local state belongs to one server, one mailbox and one API token: what was queued or half-synced for one is
// never sent to, or resumed by, another. Two proxies in front of one backend play two servers (two URLs).

const email = (n: number): EmailInput => ({
  messageId: `<owned-${n}@acme.com>`,
  from: "Wile Coyote <wile.coyote@acme.com>",
  to: OWNER.address,
  subject: `Owned ${n}`,
  sentAt: new Date(Date.UTC(2026, 1, 1, 0, n)).toISOString(),
  text: `Question ${n}`,
});

const batchesTo = (proxy: RecordingProxy) => postedEmails(proxy.requests).map((e) => e.messageId);

describe("local state is tied to the server, the mailbox and the token", () => {
  let side: BackendSide;
  let serverB: RecordingProxy;
  const prefix = `owned-${Date.now()}`;
  const open = (
    serverUrl: string,
    options: {
      token?: string;
      mailbox?: string;
      online?: OnlineSignal;
      graph?: Parameters<typeof createEngine>[0]["graph"];
    } = {},
  ) =>
    createEngine({
      storeName: prefix,
      serverUrl,
      apiToken: options.token ?? side.backend.token,
      viewer: { addresses: [options.mailbox ?? OWNER.address] },
      online: options.online,
      graph: options.graph ?? null,
      startOutbox: false,
    });

  beforeAll(async () => {
    side = await startBackendSide();
    serverB = await startRecordingProxy(side.backend.url);
  }, 180_000);
  afterAll(async () => {
    await serverB?.stop();
    await side?.stop();
  });

  it("another server URL has its own database: A's queue and cursors never reach B, and wait for A", async () => {
    const { sim, graph } = await startSimulator();
    try {
      fill(sim, { count: 40, ratio: 0.5, seed: 41, folder: "Owned" });
      const folderId = [...sim.mailbox(OWNER.address).folders.values()].find(
        (f) => f.displayName === "Owned",
      )!.id;
      const offline = manualOnline(false);
      const a = await open(side.proxy.url, { online: offline, graph: graph() });
      await a.index.refresh({ force: true });
      await a.folders!.run(folderId); // leaves a delta link (and, offline, a queue)
      expect((await a.syncMessages([email(1)])).outcomes[0].status).toBe("queued");
      const pendingA = a.outbox.status().pending;
      expect(pendingA).toBeGreaterThan(1);
      expect(await a.folders!.state(folderId)).not.toBeNull();
      await a.close();

      const b = await open(serverB.url, { graph: graph() });
      expect(b.storeName).not.toBe(a.storeName);
      await b.outbox.drain();
      expect(b.outbox.status().pending).toBe(0);
      expect(batchesTo(serverB)).toEqual([]);
      expect(await b.folders!.state(folderId)).toBeNull(); // B starts its own first pass
      await b.close();

      const again = await open(side.proxy.url);
      expect(again.outbox.status().pending).toBe(0); // counted on the first drain
      side.proxy.requests.length = 0;
      await again.outbox.drain();
      expect(batchesTo(side.proxy)).toContain(email(1).messageId);
      expect(batchesTo(side.proxy)).toHaveLength(pendingA);
      await again.close();
    } finally {
      await sim.stop();
    }
  });

  it("another token on the same server and mailbox wipes what the old one left; nothing is sent with the new one", async () => {
    const offline = manualOnline(false);
    const first = await open(side.proxy.url, { online: offline });
    await first.index.refresh({ force: true });
    await first.syncMessages([email(2)]);
    expect(first.outbox.status().pending).toBe(1);
    await first.close();

    side.proxy.requests.length = 0;
    const other = await open(side.proxy.url, { token: "tb_someone_else" });
    expect(other.storeName).toBe(first.storeName); // same database…
    await other.outbox.drain();
    expect(other.outbox.status().pending).toBe(0); // …emptied before anything could be sent
    expect(other.index.current()).toBeNull();
    expect(batchesTo(side.proxy)).toEqual([]);
    await other.close();

    // Wiped, not hidden: the original token finds nothing either.
    const back = await open(side.proxy.url);
    await back.outbox.drain();
    expect(back.outbox.status().pending).toBe(0);
    expect(batchesTo(side.proxy)).toEqual([]);
    await back.close();
  });

  it("another mailbox has its own database, and sign-out deletes the database", async () => {
    const offline = manualOnline(false);
    const mine = await open(side.proxy.url, { online: offline });
    await mine.index.refresh({ force: true });
    await mine.syncMessages([email(3)]);
    await mine.close();
    const theirs = await open(side.proxy.url, { mailbox: "someone.else@touchbase.local" });
    expect(theirs.storeName).not.toBe(mine.storeName);
    expect(theirs.outbox.status().pending).toBe(0);
    await theirs.close();

    const reopened = await open(side.proxy.url, { online: offline });
    await reopened.outbox.drain();
    expect(reopened.outbox.status().pending).toBe(1);
    await reopened.deleteLocalData();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(reopened.storeName);
  });

  it("one sync per folder at a time: a second run of the same folder says it is busy", async () => {
    const { sim, graph } = await startSimulator({ latencyMs: 30 });
    try {
      fill(sim, { count: 60, ratio: 0.5, seed: 42, folder: "Busy" });
      const folderId = [...sim.mailbox(OWNER.address).folders.values()].find(
        (f) => f.displayName === "Busy",
      )!.id;
      const one = await open(side.proxy.url, { graph: graph() });
      const two = await open(side.proxy.url, { graph: graph() });
      const first = one.folders!.run(folderId);
      const second = await two.folders!.run(folderId).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(FolderBusyError);
      expect(second).toMatchObject({ code: "folder_busy" });
      expect((await first).complete).toBe(true);
      // Free again once the first is done; the inbox was never locked.
      expect((await two.folders!.run(folderId)).complete).toBe(true);
      expect((await two.folders!.run("inbox")).complete).toBe(true);
      await one.close();
      await two.close();
    } finally {
      await sim.stop();
    }
  });

  it("an upload in one frame tells the others (BroadcastChannel), never the frame itself", async () => {
    const ribbon = await open(side.proxy.url);
    const pane = await open(side.proxy.url);
    const heardByPane: SyncedElsewhere[] = [];
    const heardByRibbon: SyncedElsewhere[] = [];
    pane.onSyncedElsewhere((c) => heardByPane.push(c));
    ribbon.onSyncedElsewhere((c) => heardByRibbon.push(c));
    await ribbon.index.refresh({ force: true });
    await ribbon.syncMessages([email(4)]);
    await expect.poll(() => heardByPane.length, { timeout: 10_000 }).toBe(1);
    expect(heardByPane[0]).toEqual({ kind: "uploaded", messageIds: [email(4).messageId] });
    expect(heardByRibbon).toEqual([]);
    await ribbon.close();
    await pane.close();
  });
});
