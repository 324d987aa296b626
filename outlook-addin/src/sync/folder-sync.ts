import type { Viewer } from "../../../shared";
import { type GraphClient, type GraphMessageFull, type GraphPage } from "../graph";
import type { CustomerIndexCache } from "./customer-index-types";
import { pumpBodies, settleBodies } from "./folder-bodies";
import { isLostSyncState, pagePreference, RELIST_EVERY_MS } from "./folder-listing";
import { folderLocks, type FolderLocks } from "./folder-lock";
import { classifyPage } from "./folder-pages";
import { folderPasses, type FolderInfo } from "./folder-pass";
import {
  countOutcomes,
  isComplete,
  newRun,
  noteFailure,
  reportProgress,
  reportThrottles,
  saveFolder,
  summaryOf,
  timeUp,
  type FolderRun,
  type RunContext,
} from "./folder-run";
import { formatSummary, zero } from "./folder-summary";
import type { FolderState, FolderSync, FolderSyncRunOptions, FolderSyncSummary } from "./folder-types";
import type { LocalStore } from "./local-store";
import { drainUntil } from "./outbox";
import type { Outbox } from "./outbox-types";

export { formatSummary };

type Meter = { startedAt: number; requestsBefore: number };

/** Lists pages from the cursor on, fetching bodies as full batches build up, until done, stopped or failed. */
async function listChanges(ctx: RunContext, run: FolderRun): Promise<void> {
  try {
    while (run.folder.cursor && !run.failure) {
      await pumpBodies(ctx, run, false);
      if (run.stopped || run.failure) break;
      if (timeUp(ctx)) {
        run.stopped = true;
        break;
      }
      const page = await ctx.graph.get<GraphPage<GraphMessageFull>>(run.folder.cursor, {
        headers: {
          Prefer: pagePreference(run.folder.phase === "delta" ? "delta" : "initial-list", ctx.pageSize),
        },
        signal: ctx.signal,
      });
      await classifyPage(ctx, run, page);
    }
    if (!run.stopped && !run.failure) await pumpBodies(ctx, run, true);
    await settleBodies(run);
  } catch (error) {
    await settleBodies(run);
    noteFailure(run, error);
  }
}

/** Saves where the run got to, uploads what it queued (the outbox keeps what the server does not take now). */
async function finishRun(ctx: RunContext, run: FolderRun, meter: Meter): Promise<FolderSyncSummary> {
  const complete = isComplete(run);
  if (complete) {
    run.folder.phase = "idle";
    run.folder.lastCompletedAt = ctx.now();
  }
  await saveFolder(ctx, run);
  reportProgress(ctx, run, "uploading");
  if (!timeUp(ctx)) await drainUntil(ctx.outbox, ctx.deadline, ctx.now);
  run.counts.queued = await ctx.outbox.pendingFor(run.origin);
  await saveFolder(ctx, run);
  if (run.failure) throw run.failure;
  reportProgress(ctx, run, "done");
  return summaryOf(ctx, run, meter, complete);
}

/** A fresh index when the server answers; the cached one when it does not (none at all: classifying is impossible). */
async function refreshIndex(index: CustomerIndexCache): Promise<void> {
  try {
    await index.refresh();
  } catch (error) {
    if (!index.current()) throw error;
  }
}

/**
 * Folder sync over Microsoft Graph. First run: the plain message list filtered to the lookback window, header
 * fields only, paged by date; bodies are fetched, 20 per `$batch`, for customer messages only. Then a delta from
 * the newest message listed, which selects whole messages: later runs replay its link, so nothing new costs one
 * request, and new customer mail comes with its body in that same request. The window is listed again once a
 * day, which finds older messages filed into the folder later (a delta filtered from the newest message does not
 * see them). Progress is saved after every page and batch, in the same IndexedDB transaction as the emails it
 * queues, so a deadline or a crash resumes exactly where it stopped: nothing lost, nothing queued twice.
 */
export function createFolderSync(options: {
  graph: GraphClient;
  store: LocalStore;
  index: CustomerIndexCache;
  outbox: Outbox;
  viewer: Viewer;
  /** Messages per page (delta: `Prefer: odata.maxpagesize`; list: `$top`, at most 1000), default 1000. */
  pageSize?: number;
  /** Default lookback when a run does not say (days). */
  lookbackDays?: number;
  now?: () => number;
  /** How often a folder's lookback window is listed again (default a day). */
  relistEveryMs?: number;
  /** One sync per folder across the add-in's frames (default: Web Locks, or this context's own). */
  locks?: FolderLocks;
}): FolderSync {
  const { graph, store, index, outbox } = options;
  const now = options.now ?? Date.now;
  const pageSize = options.pageSize ?? 1000;
  const relistEvery = options.relistEveryMs ?? RELIST_EVERY_MS;
  const locks = options.locks ?? folderLocks();

  const passes = folderPasses({ graph, store, now, pageSize });
  const { resolveFolder, resolveForLock, beginPass } = passes;

  /**
   * Where this run starts: a new pass, the daily relisting (at once for a folder an older build tracked by headers
   * only), a delta round, or the unfinished pass.
   */
  async function openPass(
    folderId: string,
    lookbackDays: number,
    signal: AbortSignal | undefined,
    known?: FolderInfo,
  ): Promise<FolderState> {
    const state = await store.getFolderState(folderId);
    if (!state || (state.phase === "idle" && !state.deltaLink)) {
      // After a lost delta link, a day before the last good sync is enough; "seen" stops re-sending.
      const since = state?.lastCompletedAt ? state.lastCompletedAt - 86_400_000 : undefined;
      const pass = await beginPass(folderId, lookbackDays, signal, since, known);
      return { ...pass, pendingBodies: state?.pendingBodies ?? [] };
    }
    const relistDue = now() - (state.lastListedAt ?? 0) >= relistEvery;
    if (state.phase === "idle" && (relistDue || !state.tracksBodies)) {
      return passes.relist(state, lookbackDays);
    }
    if (state.phase === "idle") {
      return { ...state, phase: "delta", cursor: state.deltaLink, totals: zero(), passStartedAt: now() };
    }
    return state;
  }

  async function run(requestedId: string, runOptions: FolderSyncRunOptions = {}): Promise<FolderSyncSummary> {
    const meter = { startedAt: now(), requestsBefore: graph.requestCount };
    const { id, folder } = await resolveForLock(requestedId, runOptions.signal);
    return locks.run(`touchbase-folder:${store.name}:${id}`, () => runLocked(id, runOptions, meter, folder));
  }

  async function runLocked(
    requestedId: string,
    runOptions: FolderSyncRunOptions,
    meter: Meter,
    known?: FolderInfo,
    retried = false,
  ): Promise<FolderSyncSummary> {
    const { signal, deadline, onProgress } = runOptions;
    const lookbackDays = runOptions.lookbackDays ?? options.lookbackDays ?? 90;
    await refreshIndex(index);
    const folderId = await resolveFolder(requestedId);
    const ctx: RunContext = { graph, store, index, outbox, pageSize, now, signal, deadline, onProgress };
    const folderRun = newRun(await openPass(folderId, lookbackDays, signal, known), now());
    const stopCounting = outbox.onOutcomes((outcomes) => {
      countOutcomes(folderRun, outcomes);
      reportProgress(ctx, folderRun, "uploading");
    });
    const stopThrottles = reportThrottles(ctx, folderRun);
    try {
      await listChanges(ctx, folderRun);
      if (!isLostSyncState(folderRun.failure) || retried) return await finishRun(ctx, folderRun, meter);
    } finally {
      stopCounting();
      stopThrottles();
    }
    // The delta link or paging state expired on Graph's side: start a new pass (from a day before the last good
    // sync) right away; what this run queued stays queued and "seen" keeps it from being fetched again.
    await store.putFolderState({ ...folderRun.folder, phase: "idle", deltaLink: null, cursor: null });
    return runLocked(requestedId, runOptions, meter, undefined, true);
  }

  return {
    run,
    async state(folderId) {
      return store.getFolderState(await resolveFolder(folderId));
    },
    async reset(folderId) {
      await store.deleteFolderState(await resolveFolder(folderId));
      await store.clearSeen();
    },
  };
}
