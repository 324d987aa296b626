// The pane's folder sync lives outside the component tree: opening an email from the history or the settings
// unmounts the panel, and a sync tied to the panel would stop with it. The controller belongs to the session
// (created with the Touchbase port, closed with it); the panel only shows its state, and shows it again when
// it comes back.
import type { FolderSchedule, FolderSyncProgress, FolderSyncRunOptions, FolderSyncSummary } from "../sync";

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
  /** The folders that keep syncing by themselves (Settings shows them and their interval); null without. */
  readonly schedule: FolderSchedule | null;
}

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

export function createFolderSyncController(
  run: (folderId: string, options: FolderSyncRunOptions) => Promise<FolderSyncSummary>,
  describeError: (error: unknown) => string,
  schedule: FolderSchedule | null = null,
): FolderSyncController {
  let state: FolderRun = { status: "idle" };
  let abort: AbortController | null = null;
  const listeners = new Set<() => void>();
  const finished = new Set<() => void>();
  const set = (next: FolderRun) => {
    state = next;
    for (const l of [...listeners]) l();
  };

  return {
    schedule,
    snapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start(label, folderIds, { lookbackDays }) {
      if (state.status === "running") return;
      const controller = new AbortController();
      abort = controller;
      set({ status: "running", label, progress: null });
      const summaries: FolderSyncSummary[] = [];
      void (async () => {
        try {
          for (const folderId of await folderIds()) {
            const summary = await run(folderId, {
              lookbackDays,
              signal: controller.signal,
              onProgress: (progress) => {
                if (abort !== controller) return;
                const before = summaries.length ? totalOf(summaries) : null;
                const merged = { ...progress };
                if (before) for (const k of COUNT_KEYS) merged[k] = before[k] + progress[k];
                set({ status: "running", label, progress: merged });
              },
            });
            summaries.push(summary);
            if (controller.signal.aborted) break;
          }
          if (abort === controller) set({ status: "done", label, summaries });
        } catch (error) {
          const code =
            error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : null;
          if (abort === controller) set({ status: "failed", label, message: describeError(error), code });
        } finally {
          if (abort === controller) {
            abort = null;
            for (const l of [...finished]) l();
          }
        }
      })();
    },
    stop() {
      abort?.abort();
    },
    reset() {
      if (state.status !== "running") set({ status: "idle" });
    },
    onFinished(listener) {
      finished.add(listener);
      return () => void finished.delete(listener);
    },
    dispose() {
      abort?.abort();
      abort = null;
      listeners.clear();
      finished.clear();
    },
  };
}
