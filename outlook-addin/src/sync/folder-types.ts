// What a folder sync saves and reports (the state in IndexedDB, the counts, the summary) and its interface.
/** Per-folder sync progress, saved after every page and body batch so a crash or a deadline loses nothing. */
export interface FolderState {
  folderId: string;
  /** The folder's name in Outlook when its pass began (older builds did not keep it). */
  displayName?: string;
  /**
   * `initial-list`: paging the plain message list (a folder's first pass, or its daily relisting, which keeps
   * `deltaLink`);
   * `delta`: following delta pages; `idle`: up to date, `deltaLink` is where the next run starts.
   */
  phase: "initial-list" | "delta" | "idle";
  /** The next page to fetch (a nextLink, or the first request of a phase); null when idle. */
  cursor: string | null;
  /** The delta link to replay next time (`@odata.deltaLink`). */
  deltaLink: string | null;
  /** Cutoff of the first run (ISO). */
  cutoff: string;
  /** First run over the plain list: the newest `receivedDateTime` seen, where delta tracking starts… */
  listNewest: string | null;
  /** …and the ids received at exactly that time, which the first delta round returns again. */
  listNewestIds: string[];
  /** Listing: the next page's upper `receivedDateTime` (inclusive), null for the first page. */
  listUpper?: string | null;
  /** Listing: ids at exactly `listUpper`, handled on the previous page. */
  listBoundaryIds?: string[];
  /**
   * The delta followed (and `deltaLink`) selects bodies and internet headers, so new customer mail is queued from
   * the delta page itself. Older builds tracked headers only; such a folder is listed once more to start one.
   */
  tracksBodies?: boolean;
  /** When the folder's lookback window was last listed in full. */
  lastListedAt?: number | null;
  /** Customer messages (Graph ids) classified but not yet queued with their bodies. */
  pendingBodies: string[];
  /** Totals of the current pass (one pass may span several runs when a deadline stops it). */
  totals: FolderSyncCounts;
  passStartedAt: number;
  lastRunAt: number | null;
  lastCompletedAt: number | null;
}

/** The summary a folder sync reports ("1,240 scanned, 212 customer emails, 198 uploaded, 14 already synced"). */
export interface FolderSyncCounts {
  /** Messages looked at (headers classified). */
  scanned: number;
  /** Classified as customer emails locally. */
  customer: number;
  /** Stored by the server this run. */
  uploaded: number;
  /** The server already had them (synced before, or by a colleague). */
  alreadySynced: number;
  /** Not uploaded: not a customer email, excluded, noise (bulk, auto-reply…), or rejected by the server. */
  skipped: number;
  /** Removed from the folder since the last run (delta `@removed`). */
  removed: number;
  /** Waiting in the outbox (offline or server errors); they upload on the next drain. */
  queued: number;
}

export interface FolderSyncSummary extends FolderSyncCounts {
  folderId: string;
  /** True when the folder is up to date; false when the deadline or an abort stopped it (resumable). */
  complete: boolean;
  /** Graph requests this run used. */
  graphRequests: number;
  durationMs: number;
}

export interface FolderSyncProgress extends FolderSyncCounts {
  folderId: string;
  phase: "listing" | "bodies" | "uploading" | "done";
  /** Graph throttled the mailbox: the sync waits until then (ms since epoch) and goes on by itself. */
  resumeAt?: number;
}

export interface FolderSyncRunOptions {
  onProgress?: (progress: FolderSyncProgress) => void;
  /** Stop cleanly (saving the cursor) at this time, ms since epoch; the ribbon command passes now + ~4.5 min. */
  deadline?: number;
  signal?: AbortSignal;
  /** Days to look back on the first run (default: settings, 90). */
  lookbackDays?: number;
}

export interface FolderSync {
  run(folderId: string, options?: FolderSyncRunOptions): Promise<FolderSyncSummary>;
  /** Stored state for a folder (null before the first run). */
  state(folderId: string): Promise<FolderState | null>;
  /** Forget a folder's delta link and progress: the next run starts over with the lookback. */
  reset(folderId: string): Promise<void>;
}
