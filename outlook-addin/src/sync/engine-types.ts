// What the task pane and the ribbon command get from `createEngine` (engine.ts) and what they pass to it.
import type {
  AsyncApi,
  AsyncTransport,
  Classification,
  EmailInput,
  Exclusion,
  MailMessage,
  Viewer,
} from "../../../shared";
import type { GraphClient } from "../graph";
import type { CustomerIndexCache } from "./customer-index-types";
import type { FolderLocks } from "./folder-lock";
import type { FolderSchedule, ScheduleTimer } from "./folder-schedule";
import type { FolderSync } from "./folder-types";
import type { OnlineSignal, Outbox, OutboxOutcome } from "./outbox-types";

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
  /** Continuous sync of the folders synced once (null without Graph or without `continuousSync`). */
  readonly schedule: FolderSchedule | null;
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
  /** Keep the folders synced once syncing while the engine is open: a round now, then every few minutes. */
  continuousSync?: boolean;
  /** Minutes between continuous-sync rounds (default 5). */
  syncEveryMinutes?: number;
  /** The continuous-sync timer (default setTimeout); the benchmark's fake clock runs an hour in seconds. */
  scheduleTimer?: ScheduleTimer;
  /** One sync per folder (default: Web Locks across the window's frames, else this context's own). */
  folderLocks?: FolderLocks;
}
