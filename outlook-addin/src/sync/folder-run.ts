// One folder sync run as plain state and named steps. `FolderRun` is everything a run reads and changes (the
// saved folder state plus this run's bookkeeping); `RunContext` is what it works with. The steps are in
// folder-pages.ts (classify a listed page, move the cursor) and folder-bodies.ts (fetch and queue bodies).
import type { EmailInput } from "../../../shared";
import { GraphError, type GraphClient } from "../graph";
import type { CustomerIndexCache } from "./customer-index-types";
import type { FolderState, FolderSyncCounts, FolderSyncProgress, FolderSyncSummary } from "./folder-types";
import type { LocalStore } from "./local-store";
import type { Outbox, OutboxOutcome } from "./outbox-types";

export interface RunContext {
  graph: GraphClient;
  store: LocalStore;
  index: CustomerIndexCache;
  outbox: Outbox;
  /** Messages per Graph page. */
  pageSize: number;
  now: () => number;
  signal?: AbortSignal;
  /** Stop cleanly at this time (ms since epoch). */
  deadline?: number;
  onProgress?: (progress: FolderSyncProgress) => void;
}

export interface FolderRun {
  /** The folder's saved state, moved along page by page and batch by batch. */
  folder: FolderState;
  /** This pass's counts (the authoritative copy; `folder.totals` gets a snapshot at each save). */
  counts: FolderSyncCounts;
  /** The outbox origin of what this folder queues (`folder:<id>`). */
  origin: string;
  /** Body batches being fetched, and the message ids they hold. */
  inFlight: Set<Promise<void>>;
  fetching: Set<string>;
  /** The first error of a body batch or a page; the run stops listing and reports it. */
  failure: unknown;
  /** The deadline or an abort stopped the run: it resumes next time. */
  stopped: boolean;
  /** The step last reported, and until when Graph's throttle holds the run (0: not throttled). */
  phase: FolderSyncProgress["phase"];
  resumeAt: number;
}

export function newRun(folder: FolderState, now: number): FolderRun {
  const state = { ...folder, lastRunAt: now };
  return {
    folder: state,
    counts: state.totals,
    origin: `folder:${state.folderId}`,
    inFlight: new Set(),
    fetching: new Set(),
    failure: null,
    stopped: false,
    phase: "listing",
    resumeAt: 0,
  };
}

/** A step failed: an abort only stops the run (it resumes next time); anything else is the run's failure. */
export function noteFailure(run: FolderRun, error: unknown): void {
  if (error instanceof GraphError && error.code === "aborted") run.stopped = true;
  else run.failure ??= error;
}

export function timeUp(ctx: RunContext): boolean {
  return ctx.signal?.aborted === true || (ctx.deadline !== undefined && ctx.now() >= ctx.deadline);
}

export function reportProgress(ctx: RunContext, run: FolderRun, phase: FolderSyncProgress["phase"]): void {
  run.phase = phase;
  // The Graph client times its throttle with the wall clock, so this compares with the same clock.
  const resumeAt = run.resumeAt > Date.now() ? { resumeAt: run.resumeAt } : {};
  ctx.onProgress?.({ folderId: run.folder.folderId, phase, ...run.counts, ...resumeAt });
}

/** While the run lasts, a throttle shows in its progress ("resuming at …"); returns the unsubscribe. */
export function reportThrottles(ctx: RunContext, run: FolderRun): () => void {
  return (
    ctx.graph.onThrottled?.((resumeAt) => {
      run.resumeAt = resumeAt;
      reportProgress(ctx, run, run.phase);
    }) ?? (() => undefined)
  );
}

/** Counts the server's verdicts on what this folder queued, whoever drained the outbox. */
export function countOutcomes(run: FolderRun, outcomes: OutboxOutcome[]): void {
  for (const o of outcomes) {
    if (o.origin !== run.origin) continue;
    if (o.status === "stored") run.counts.uploaded++;
    else if (o.status === "duplicate") run.counts.alreadySynced++;
    else run.counts.skipped++; // the server's own verdict: not-customer, excluded, invalid
  }
}

/** Saves the folder state with a snapshot of the counts. */
export async function saveFolder(ctx: RunContext, run: FolderRun): Promise<void> {
  run.folder.totals = { ...run.counts };
  await ctx.store.putFolderState({ ...run.folder });
}

/**
 * Queues customer emails together with the folder state that no longer lists them, in one IndexedDB transaction,
 * so a crash never loses or doubles one; `seen` are the Graph ids queued. A long backlog starts uploading early.
 */
export async function queueWithState(
  ctx: RunContext,
  run: FolderRun,
  emails: EmailInput[],
  seen: string[],
): Promise<void> {
  if (emails.length === 0 && seen.length === 0) return saveFolder(ctx, run);
  run.folder.totals = { ...run.counts };
  await ctx.outbox.enqueue(emails, run.origin, { folderState: { ...run.folder }, seen });
  if (ctx.outbox.status().pending >= 100) void ctx.outbox.drain().catch(() => undefined);
}

/** Up to date: no page left to list and no body left to fetch, and nothing stopped the run. */
export function isComplete(run: FolderRun): boolean {
  return !run.stopped && !run.failure && run.folder.cursor === null && run.folder.pendingBodies.length === 0;
}

export function summaryOf(
  ctx: RunContext,
  run: FolderRun,
  meter: { startedAt: number; requestsBefore: number },
  complete: boolean,
): FolderSyncSummary {
  return {
    folderId: run.folder.folderId,
    ...run.counts,
    complete,
    graphRequests: ctx.graph.requestCount - meter.requestsBefore,
    durationMs: ctx.now() - meter.startedAt,
  };
}
