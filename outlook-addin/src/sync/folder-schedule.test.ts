import { describe, expect, it } from "vitest";
import { fill, norm, postedIds, storedFor } from "./testing/folder-expectations";
import { engineFor, manualOnline, OWNER, backendSideForSuite, withSimulator } from "./testing/sync-fixture";
import type { Mailbox } from "../../graph-simulator";
import { createFolderSchedule, type ScheduleTimer } from "./folder-schedule";
import type { FolderState, FolderSync } from "./folder-types";
import type { LocalStore } from "./local-store";

function customerEmail(mailbox: Mailbox, folderId: string, seed: number, n: number) {
  return mailbox.add({
    folderId,
    internetMessageId: `<gen-${seed}-arrived-${n}@acme.com>`,
    subject: `Arrived ${n}`,
    from: { name: "Wile Coyote", address: "wile.coyote@acme.com" },
    to: [OWNER],
    cc: [],
    receivedDateTime: new Date().toISOString(),
    sentDateTime: new Date().toISOString(),
    conversationId: `arrived-${n}`,
    body: { contentType: "html", content: `<p>Arrived ${n}</p>` },
    internetMessageHeaders: [],
    isDraft: false,
    isRead: false,
  });
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe("continuous folder sync against the Graph simulator and the real backend", () => {
  const side = backendSideForSuite();

  it("lists a folder synced from the pane at once, with when it synced, before any round", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const { folder } = fill(sim, { count: 20, ratio: 0.3, seed: 42 });
      const engine = await engineFor(side, graph(), { continuousSync: true, syncEveryMinutes: 60 });
      await engine.schedule!.runNow(); // the round as the pane opens: nothing synced yet
      expect(engine.schedule!.folders()).toEqual([]);
      expect((await engine.folders!.run(folder.id)).complete).toBe(true);
      await until(() => engine.schedule!.folders().length === 1, "listed");
      expect(engine.schedule!.folders()).toEqual([
        expect.objectContaining({ folderId: folder.id, lastSyncedAt: expect.any(Number), lastError: null }),
      ]);
      await engine.close();
    });
  });

  it("stores a customer email that arrives while the add-in runs, without a click", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 41;
      const { mailbox, folder } = fill(sim, { count: 40, ratio: 0.3, seed });
      const first = await engineFor(side, graph());
      expect((await first.folders!.run(folder.id)).complete).toBe(true);
      await first.close();

      // The pane opens again: a round runs at once, then one every interval (here 3 ms of minutes).
      const engine = await engineFor(side, graph(), {
        storeName: first.storePrefix,
        continuousSync: true,
        syncEveryMinutes: 0.05 / 60,
      });
      const arrived = customerEmail(mailbox, folder.id, seed, 1);
      await until(async () => (await storedFor(side, seed)).has(norm(arrived.internetMessageId)), "stored");
      expect(engine.schedule!.folders()).toEqual([
        expect.objectContaining({ folderId: folder.id, lastError: null, lastSyncedAt: expect.any(Number) }),
      ]);
      expect(engine.schedule!.folders()[0].nextRunAt).toEqual(expect.any(Number));
      await engine.close();
    });
  });

  it("spends one Graph request per folder on a round with nothing new, and none offline or for folders never synced", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 42;
      const { mailbox, folder } = fill(sim, { count: 30, ratio: 0.3, seed });
      const archive = mailbox.folder("archive")!;
      const online = manualOnline(true);
      const engine = await engineFor(side, graph(), { continuousSync: true, online });
      await engine.folders!.run(folder.id);
      await engine.folders!.run(archive.id);
      customerEmail(mailbox, mailbox.folder("sentitems")!.id, seed, 9); // in a folder never synced
      await engine.schedule!.runNow(); // the round started with the engine may have been skipped (busy)

      online.set(false);
      sim.clearLog();
      await engine.schedule!.runNow();
      expect(sim.requests()).toHaveLength(0); // offline: paused

      online.set(true);
      await engine.schedule!.runNow();
      const urls = sim.requests().map((r) => r.url);
      expect(urls).toHaveLength(2);
      expect(urls.every((u) => u.includes("/messages/delta?$deltatoken="))).toBe(true);

      // A customer email moved from one synced folder to another is not uploaded a second time.
      const synced = mailbox.messagesIn(folder.id).find((m) => m.kind === "customer")!;
      const before = postedIds(side, seed).length;
      mailbox.move(synced.id, "archive");
      await engine.schedule!.runNow();
      expect(postedIds(side, seed).length).toBe(before);
      await engine.close();
    });
  });
});

describe("continuous folder sync's timing", () => {
  /** A clock and timer the test moves by hand, and a folder sync that only counts its runs. */
  function fakeWorld() {
    let now = 1_000_000;
    const timers: { at: number; cleared: boolean }[] = [];
    const timer: ScheduleTimer = {
      set: (_run, ms) => timers[timers.push({ at: now + ms, cleared: false }) - 1],
      clear: (handle) => void ((handle as { cleared: boolean }).cleared = true),
    };
    const runs: number[] = [];
    const state = { folderId: "AQ-inbox", displayName: "Inbox", lastCompletedAt: 1 } as FolderState;
    const folders = {
      run: async () => {
        runs.push(now);
        state.lastCompletedAt = now;
        return {} as Awaited<ReturnType<FolderSync["run"]>>;
      },
      state: async () => state,
      reset: async () => undefined,
    } as FolderSync;
    const store = { folderStates: async () => [state] } as unknown as LocalStore;
    return { timers, timer, runs, folders, store, clock: () => now, advance: (ms: number) => (now += ms) };
  }

  it("runs a round at start, then one every interval; a new interval from Settings times the next round", async () => {
    const world = fakeWorld();
    const schedule = createFolderSchedule({
      folders: world.folders,
      store: world.store,
      canSync: () => true,
      now: world.clock,
      timer: world.timer,
    });
    schedule.start();
    await schedule.runNow();
    expect(world.runs).toEqual([1_000_000]);
    expect(schedule.everyMinutes).toBe(5);
    expect(schedule.folders()).toEqual([
      { folderId: "AQ-inbox", name: "Inbox", lastSyncedAt: 1_000_000, nextRunAt: 1_300_000, lastError: null },
    ]);
    world.advance(60_000);
    schedule.setEveryMinutes(2); // timed from the last round: 2 minutes after it, so 1 minute from now
    expect(schedule.folders()[0].nextRunAt).toBe(1_120_000);
    expect(world.timers.filter((t) => !t.cleared).map((t) => t.at)).toEqual([1_120_000]);
    schedule.setEveryMinutes(600); // Settings' bound: at most an hour
    expect(schedule.everyMinutes).toBe(60);
    schedule.stop();
    expect(schedule.folders()[0].nextRunAt).toBeNull();
  });
});
