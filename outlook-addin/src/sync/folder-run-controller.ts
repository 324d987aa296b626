// The pane's folder sync lives outside the component tree: opening an email from the history or the settings
// unmounts the panel, and a sync tied to the panel would stop with it. The controller belongs to the engine
// (created with it, disposed when it closes); the panel only shows its state, and shows it again when it comes
// back.
import { describeError } from "./error-sentence";
import type { FolderSyncProgress, FolderSyncRunOptions, FolderSyncSummary } from "./folder-types";

export type FolderRun =
  | { status: "idle" }
  | { status: "running"; label: string; progress: FolderSyncProgress | null }
  | { status: "done"; label: string; summaries: FolderSyncSummary[] }
  | { status: "failed"; label: string; message: string; code: string | null };

export interface FolderSyncController {
  snapshot(): FolderRun;
  subscribe(listener: () => void): () => void;
  /** Syncs the folders one after the other (ignored while a run is going). */
  start(label: string, folderIds: () => Promise<string[]>, options: { lookbackDays: number }): void;
  /** Stops the run where it is (it continues from there next time). */
  stop(): void;
  /** Back to idle after a failure the user dealt with (signed in, say). */
  reset(): void;
  /** Called after every run that ended (done or failed). */
  onFinished(listener: () => void): () => void;
  /** The session is over: stops the run and forgets the listeners. */
  dispose(): void;
}

type RunFolder = (folderId: string, options: FolderSyncRunOptions) => Promise<FolderSyncSummary>;

const COUNT_KEYS = [
  "scanned",
  "customer",
  "uploaded",
  "alreadySynced",
  "skipped",
  "removed",
  "queued",
] as const;

/** Several folders' summaries as one. */
export function totalOf(summaries: FolderSyncSummary[]): FolderSyncSummary {
  const sum = (k: keyof FolderSyncSummary) => summaries.reduce((n, s) => n + (s[k] as number), 0);
  return {
    folderId: summaries.map((s) => s.folderId).join(","),
    scanned: sum("scanned"),
    customer: sum("customer"),
    uploaded: sum("uploaded"),
    alreadySynced: sum("alreadySynced"),
    skipped: sum("skipped"),
    removed: sum("removed"),
    queued: sum("queued"),
    complete: summaries.every((s) => s.complete),
    graphRequests: sum("graphRequests"),
    durationMs: sum("durationMs"),
  };
}

/** The controller's whole state: what the panel shows, the run going on (its abort) and who listens. */
interface ControllerState {
  run: FolderRun;
  /** The current run's abort; a run whose controller is no longer this one was stopped or disposed. */
  abort: AbortController | null;
  readonly listeners: Set<() => void>;
  readonly finished: Set<() => void>;
}

/** One run of several folders: its label, its abort, and the summaries of the folders done so far. */
interface RunState {
  label: string;
  abort: AbortController;
  summaries: FolderSyncSummary[];
}

function show(state: ControllerState, next: FolderRun): void {
  state.run = next;
  for (const l of [...state.listeners]) l();
}

/** Progress of the folder running now, added to the folders before it in this run (null: it is the first). */
function progressSoFar(before: FolderSyncSummary | null, progress: FolderSyncProgress): FolderSyncProgress {
  if (!before) return progress;
  const merged = { ...progress };
  for (const k of COUNT_KEYS) merged[k] = before[k] + progress[k];
  return merged;
}

async function syncFolders(
  state: ControllerState,
  run: RunState,
  runFolder: RunFolder,
  folderIds: string[],
  lookbackDays: number,
): Promise<void> {
  const current = () => state.abort === run.abort;
  for (const folderId of folderIds) {
    // The folders done so far do not change while this one runs: totalled once, not on every progress report.
    const before = run.summaries.length ? totalOf(run.summaries) : null;
    const summary = await runFolder(folderId, {
      lookbackDays,
      signal: run.abort.signal,
      onProgress: (progress) =>
        current() &&
        show(state, { status: "running", label: run.label, progress: progressSoFar(before, progress) }),
    });
    run.summaries.push(summary);
    if (run.abort.signal.aborted) break;
  }
}

function errorCode(error: unknown): string | null {
  return error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : null;
}

async function runAll(
  state: ControllerState,
  run: RunState,
  steps: { runFolder: RunFolder; folderIds: () => Promise<string[]>; lookbackDays: number },
): Promise<void> {
  const current = () => state.abort === run.abort;
  try {
    await syncFolders(state, run, steps.runFolder, await steps.folderIds(), steps.lookbackDays);
    if (current()) show(state, { status: "done", label: run.label, summaries: run.summaries });
  } catch (error) {
    const failed = { label: run.label, message: describeError(error), code: errorCode(error) };
    if (current()) show(state, { status: "failed", ...failed });
  } finally {
    if (current()) {
      state.abort = null;
      for (const l of [...state.finished]) l();
    }
  }
}

export function createFolderSyncController(runFolder: RunFolder): FolderSyncController {
  const state: ControllerState = {
    run: { status: "idle" },
    abort: null,
    listeners: new Set(),
    finished: new Set(),
  };
  return {
    snapshot: () => state.run,
    subscribe(listener) {
      state.listeners.add(listener);
      return () => void state.listeners.delete(listener);
    },
    start(label, folderIds, { lookbackDays }) {
      if (state.run.status === "running") return;
      const run: RunState = { label, abort: new AbortController(), summaries: [] };
      state.abort = run.abort;
      show(state, { status: "running", label, progress: null });
      void runAll(state, run, { runFolder, folderIds, lookbackDays });
    },
    stop() {
      state.abort?.abort();
    },
    reset() {
      if (state.run.status !== "running") show(state, { status: "idle" });
    },
    onFinished(listener) {
      state.finished.add(listener);
      return () => void state.finished.delete(listener);
    },
    dispose() {
      state.abort?.abort();
      state.abort = null;
      state.listeners.clear();
      state.finished.clear();
    },
  };
}
