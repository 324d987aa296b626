import type {
  AsyncApi,
  AsyncTransport,
  BatchStatus,
  Classification,
  CustomerIndex,
  CustomerIndexSnapshot,
  EmailInput,
  Exclusion,
  MailMessage,
  Viewer,
} from "../../../shared";
import type { GraphClient } from "../graph";
import type { FolderLocks } from "./folder-lock";

/** The index snapshot the server sent (its exclusions carry ids), as stored locally. */
export type StoredSnapshot = CustomerIndexSnapshot;

export interface StoredIndex {
  snapshot: StoredSnapshot;
  etag: string;
  /** When it was last confirmed with the server (ms since epoch). */
  checkedAt: number;
}

/** An email waiting in the outbox. Keyed by its dedupe key, so enqueuing the same message twice keeps one. */
export interface OutboxEntry {
  key: string;
  email: EmailInput;
  /** Where it came from: a folder sync (`folder:<id>`), a selection, or the open message. */
  origin: string;
  enqueuedAt: number;
  attempts: number;
  /** Do not try again before this time (ms since epoch). */
  notBefore: number;
  lastError: { code: string; message: string } | null;
}

/** What happened to a message after upload (the server's batch status), or that it is still waiting. */
export interface OutboxOutcome {
  key: string;
  messageId: string;
  origin: string;
  status: BatchStatus | "queued";
  emailId?: string;
  customerIds?: string[];
  reason?: string;
}

/** Per-folder sync progress, saved after every page and body batch so a crash or a deadline loses nothing. */
export interface FolderState {
  folderId: string;
  /**
   * `initial-list`: paging the plain message list (first run of a folder too big for a filtered delta, or its
   * periodic relisting, which keeps `deltaLink`);
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
  /** Too big for a filtered delta (over Graph's 5,000): its window is listed again once a day. */
  big?: boolean;
  /** When the folder's lookback window was last listed in full (big folders). */
  lastListedAt?: number | null;
  /** Customer messages (Graph ids) classified but not yet queued with their bodies. */
  pendingBodies: string[];
  /** Totals of the current pass (one pass may span several runs when a deadline stops it). */
  totals: FolderSyncCounts;
  passStartedAt: number;
  lastRunAt: number | null;
  lastCompletedAt: number | null;
}

export interface OutboxStatus {
  pending: number;
  /** True while a drain is sending. */
  draining: boolean;
  online: boolean;
  lastError: { code: string; message: string } | null;
  /** When the next automatic retry happens (ms since epoch), or null. */
  nextAttemptAt: number | null;
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

/** The customer-index cache: a local snapshot kept fresh with ETag / `since`. */
export interface CustomerIndexCache {
  /** The cached index (null until the first successful refresh or load). */
  current(): { index: CustomerIndex; snapshot: StoredSnapshot; etag: string; checkedAt: number } | null;
  /**
   * Brings the snapshot up to date: one `GET /customer-index` with If-None-Match (and `since`), a 304 when
   * nothing changed. `force` skips the freshness window (default 60 s between checks).
   */
  refresh(options?: { force?: boolean }): Promise<{ changed: boolean }>;
  /** Classifies a message locally with the cached index (refreshing first when there is none). */
  classify(message: MailMessage): Promise<Classification>;
  /** Called after each change of the snapshot; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface OnlineSignal {
  isOnline(): boolean;
  /** Calls back when connectivity returns; returns an unsubscribe function. */
  onOnline(listener: () => void): () => void;
}

export interface Outbox {
  /**
   * Adds emails (deduplicated by key); does not send. Returns their keys. `folderState` is saved in the same
   * IndexedDB transaction (folder sync's cursor moves exactly when its emails are safely queued).
   */
  enqueue(
    emails: EmailInput[],
    origin: string,
    extra?: { folderState?: FolderState; seen?: string[] },
  ): Promise<string[]>;
  /** Called with every upload's outcomes, whoever started the drain; returns an unsubscribe function. */
  onOutcomes(listener: (outcomes: OutboxOutcome[]) => void): () => void;
  /** How many queued emails came from `origin`. */
  pendingFor(origin: string): Promise<number>;
  /**
   * Sends what is due, in batches of ≤ 100; failures stay with backoff. Resolves with this drain's outcomes.
   * `retryNow` makes everything due first (Retry now, or the server answered again).
   */
  drain(options?: { retryNow?: boolean }): Promise<OutboxOutcome[]>;
  status(): OutboxStatus;
  /** Called on every status change (pending count, online/offline, errors). */
  subscribe(listener: (status: OutboxStatus) => void): () => void;
  /** Outcomes of the last upload of each key (kept for the session). */
  outcome(key: string): OutboxOutcome | undefined;
  /** Starts automatic retries (timers + online events); `stop` ends them. */
  start(): void;
  stop(): void;
}

export interface ExcludeResult {
  exclusion: Exclusion;
  purged: number;
  /** Removes the exclusion again (emails purged are not restored; the UI says so). */
  undo(): Promise<void>;
}

export interface SyncMessagesResult {
  /** Per message, in input order. */
  outcomes: OutboxOutcome[];
  /** Messages classified locally as not customer emails: never sent. */
  notSent: { messageId: string; reason: Classification["reason"] }[];
  /** Set when some emails could not be uploaded yet (server down, token refused): they wait in the outbox. */
  error: { code: string; message: string } | null;
}

/** Something another add-in frame did (the ribbon command while the pane is open): emails it uploaded. */
export interface SyncedElsewhere {
  kind: "uploaded";
  /** Internet Message-IDs now stored in Touchbase. */
  messageIds: string[];
}

export interface TouchbaseEngine {
  readonly api: AsyncApi;
  /** The IndexedDB database of this server and mailbox (`<prefix>:<hash>`). */
  readonly storeName: string;
  /** Calls back when another frame of this window (same server, same mailbox) uploaded emails. */
  onSyncedElsewhere(listener: (change: SyncedElsewhere) => void): () => void;
  readonly index: CustomerIndexCache;
  readonly outbox: Outbox;
  /** Null when no Graph client was given (single-message sync needs none). */
  readonly folders: FolderSync | null;
  readonly graph: GraphClient | null;
  readonly viewer: Viewer;
  /** Classifies locally and uploads only customer, non-excluded emails (enqueue + drain). */
  syncMessages(emails: EmailInput[], origin?: string): Promise<SyncMessagesResult>;
  /** Classifies a message locally with the cached index (no network unless there is no index yet). */
  classify(message: MailMessage): Promise<Classification>;
  /**
   * Reads messages by Graph (REST) id with their bodies, for "Sync N selected" on hosts without
   * `loadItemByIdAsync` (Mailbox 1.15). Ids Graph cannot return are listed in `missing`.
   */
  fetchEmails(restIds: string[]): Promise<{ emails: EmailInput[]; missing: string[] }>;
  /** "Remove from Touchbase": deletes the stored email (by its Touchbase id). */
  removeFromTouchbase(emailId: string): Promise<void>;
  /** Exclude a sender or domain (user scope by default), optionally purging what is stored; refreshes the index. */
  exclude(input: {
    kind: "address" | "domain";
    value: string;
    purge?: boolean;
    scope?: "user" | "workspace";
  }): Promise<ExcludeResult>;
  /** Removes an exclusion by id and refreshes the index. */
  removeExclusion(id: string): Promise<void>;
  close(): Promise<void>;
  /** Sign-out: closes the engine and deletes everything it kept on this computer (outbox, cursors, index). */
  deleteLocalData(): Promise<void>;
}

export interface SignedInSession {
  /** `microsoft:<tid>:<oid>` (auth/signed-in-account.ts). */
  owner: string;
  /** Adds the user's bearer token to every request (auth/bearer-transport.ts). */
  transport: AsyncTransport;
  /** An earlier owner of the local data proven to be this same user (their old API token's `token:<hash>`). */
  adoptFrom?: string | null;
}

export interface EngineOptions {
  /**
   * Prefix of the IndexedDB database name (default "touchbase"; tests and the harness isolate themselves with
   * their own). The name ends with a hash of the server URL and the mailbox, so each pair has its own database.
   */
  storeName?: string;
  serverUrl: string;
  /**
   * How requests are authorized and whose the local data is: the signed-in user (the add-in: a transport that
   * adds their Microsoft token, and their owner key) or an API token (scripts, tests, the bench).
   */
  signedIn?: SignedInSession;
  apiToken?: string;
  viewer: Viewer;
  /** Graph, for folder sync and for selected items on hosts without `loadItemByIdAsync`. */
  graph?: GraphClient | null;
  fetch?: typeof fetch;
  online?: OnlineSignal;
  /** Defaults to Date.now; tests move time. */
  now?: () => number;
  /** Start the outbox's automatic retries (timer + online event); default true. */
  startOutbox?: boolean;
  /** Messages per Graph page (default 1000); tests and the bench vary it. */
  graphPageSize?: number;
  /** Graph's cap on a filtered delta (5,000); tests scale it down together with the simulator's `deltaCap`. */
  graphDeltaCap?: number;
  /** How often a folder over the cap has its lookback window listed again (default a day). */
  relistEveryMs?: number;
  /** One sync per folder (default: Web Locks across the window's frames, else this context's own). */
  folderLocks?: FolderLocks;
}
