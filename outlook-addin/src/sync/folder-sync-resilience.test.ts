import { describe, expect, it } from "vitest";
import { GraphError } from "../graph";
import { memoryFolderLocks } from "./folder-lock";
import { expectEachUploadedOnce, expected, fill, postedIds, storedFor } from "./testing/folder-expectations";
import { crashableFetch, engineFor, backendSideForSuite, withSimulator } from "./testing/sync-fixture";

const settle = () => new Promise((r) => setTimeout(r, 300));

describe("folder sync under throttling, server errors, crashes and deadlines", () => {
  const side = backendSideForSuite();

  it("rides out a throttling storm (concurrency 429s, injected 429/503/504) with nothing lost or doubled", async () => {
    // The simulator allows only 2 concurrent requests here, so the client's 4 in flight earn real 429s too.
    await withSimulator({ maxConcurrent: 2 }, async ({ sim, graph }) => {
      const seed = 21;
      const { mailbox, folder } = fill(sim, { count: 300, ratio: 0.35, seed });
      sim.injectFaults([
        { status: 429, count: 4, scope: "request", match: "/delta" },
        { status: 504, count: 2, scope: "request", match: "/delta" },
        { status: 429, count: 4, scope: "request", match: "$batch" },
        { status: 503, count: 6, scope: "member" },
        { status: 429, count: 6, scope: "member" },
      ]);
      const engine = await engineFor(
        side,
        graph({ retry: { baseDelayMs: 10, maxDelayMs: 200, maxRetries: 14 } }),
        {
          graphPageSize: 100,
        },
      );
      const summary = await engine.folders!.run(folder.id);
      const want = expected(mailbox, folder.id, 0);
      expect(summary).toMatchObject({ complete: true, customer: want.size, uploaded: want.size });
      const statuses = sim.requests().map((r) => r.status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(14);
      expect(statuses).toContain(503);
      expect(statuses).toContain(504);
      const posted = postedIds(side, seed);
      expect(posted.length).toBe(want.size);
      expect(await storedFor(side, seed)).toEqual(want);
      await engine.close();
    });
  });

  it("stops on a non-retryable Graph error with a sentence, keeps its progress, and the next run finishes", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 22;
      const { mailbox, folder } = fill(sim, { count: 200, ratio: 0.4, seed });
      const engine = await engineFor(side, graph(), { graphPageSize: 50 });
      sim.injectFaults([{ status: 500, count: 1, match: "$batch", scope: "request" }]);
      const failure = await engine.folders!.run(folder.id).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(GraphError);
      expect((failure as GraphError).message).toBe("Microsoft Graph had a problem. Try again in a moment.");
      const saved = await engine.folders!.state(folder.id);
      expect(saved?.phase).not.toBe("idle");

      const summary = await engine.folders!.run(folder.id);
      expect(summary.complete).toBe(true);
      const want = expected(mailbox, folder.id, 0);
      await expectEachUploadedOnce(side, seed, want);
      await engine.close();
    });
  });

  it("resumes after a crash mid-sync: nothing lost, nothing sent twice", async () => {
    await withSimulator({}, async ({ sim, graph }) => {
      const seed = 23;
      const { mailbox, folder } = fill(sim, { count: 500, ratio: 0.3, seed });
      const want = expected(mailbox, folder.id, 0);
      // The first "process" dies at its 9th Graph request (after a few pages and body batches).
      const dying = crashableFetch();
      dying.crashAtCall(9);
      const first = await engineFor(side, graph({ fetch: dying.fetch }), {
        graphPageSize: 100,
        fetch: dying.fetch,
      });
      void first.folders!.run(folder.id);
      await expect.poll(() => dying.crashed, { timeout: 30_000 }).toBe(true);
      await settle();
      void first.close();
      const postedBeforeCrash = postedIds(side, seed).length;

      // A new process: the dead one's lock on the folder went with it.
      const second = await engineFor(side, graph(), {
        storeName: first.storePrefix,
        graphPageSize: 100,
        folderLocks: memoryFolderLocks(),
      });
      const resumed = await second.folders!.state(folder.id);
      expect(resumed?.cursor).toBeTruthy(); // it stopped mid-way and remembered where
      const summary = await second.folders!.run(folder.id);
      expect(summary.complete).toBe(true);
      const posted = postedIds(side, seed);
      expect(postedBeforeCrash).toBeLessThan(want.size);
      expect(new Set(posted)).toEqual(want);
      expect(posted.length).toBe(want.size);
      expect(await storedFor(side, seed)).toEqual(want);
      await second.close();
    });
  });

  it("a deadline stops cleanly with its cursor saved; the next run continues without repeats", async () => {
    await withSimulator({ latencyMs: 60 }, async ({ sim, graph }) => {
      const seed = 24;
      const { mailbox, folder } = fill(sim, { count: 600, ratio: 0.3, seed });
      const engine = await engineFor(side, graph(), { graphPageSize: 50 });
      const first = await engine.folders!.run(folder.id, { deadline: Date.now() + 400 });
      expect(first.complete).toBe(false);
      expect(first.scanned).toBeLessThan(600);

      let last = first;
      for (let i = 0; i < 20 && !last.complete; i++) last = await engine.folders!.run(folder.id);
      const want = expected(mailbox, folder.id, 0);
      expect(last.complete).toBe(true);
      // Totals span the whole pass, across runs.
      expect(last).toMatchObject({ scanned: 600, customer: want.size, uploaded: want.size });
      await expectEachUploadedOnce(side, seed, want);
      await engine.close();
    });
  });

  it("an abort signal stops the run without losing anything", async () => {
    await withSimulator({ latencyMs: 30 }, async ({ sim, graph }) => {
      const seed = 25;
      const { mailbox, folder } = fill(sim, { count: 300, ratio: 0.3, seed });
      const engine = await engineFor(side, graph(), { graphPageSize: 50 });
      const controller = new AbortController();
      const stopped = await engine.folders!.run(folder.id, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.scanned >= 100) controller.abort();
        },
      });
      expect(stopped.complete).toBe(false);
      const done = await engine.folders!.run(folder.id);
      expect(done.complete).toBe(true);
      const want = expected(mailbox, folder.id, 0);
      await expectEachUploadedOnce(side, seed, want);
      await engine.close();
    });
  });
});
