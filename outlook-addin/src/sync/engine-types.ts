// What the task pane and the ribbon command get from `createEngine` (engine.ts) and what they pass to it.
import type {
  AsyncApi,
  AsyncTransport,
  Classification,
  EmailInput,
  Exclusion,
  LookupResponse,
  Viewer,
} from "../../../shared";
import type { GraphClient, MailFolderNode, TokenProvider } from "../graph";
import type { CustomerIndexCache } from "./customer-index-types";
import type { FolderLocks } from "./folder-lock";
import type { FolderSyncController } from "./folder-run-controller";
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

/**
 * The Touchbase API calls the add-in makes as they are (the rest go through the engine's steps below). `lookup`
 * takes only the customer participants' addresses and the SHA-256 of the normalized Message-ID, never the id.
 */
export interface EngineApi {
  lookup(input: { emails: string[]; messageIdSha256?: string }): Promise<LookupResponse>;
  email: AsyncApi["email"];
  customerEmails: AsyncApi["customerEmails"];
  /** "Remove from Touchbase": deletes the stored email (by its Touchbase id). */
  removeEmail: AsyncApi["removeEmail"];
  /** A syncer makes an email's thread private or shares it again (issue 12). */
  setEmailPrivate: AsyncApi["setEmailPrivate"];
}

/** Folder sync through Microsoft Graph, with what the pane needs around it (the folder tree, sign-in). */
export interface EngineFolders extends Pick<FolderSync, "run" | "state"> {
  tree(): Promise<MailFolderNode[]>;
  /** The folder holding a message (its REST id → `parentFolderId`). */
  folderOf(restId: string): Promise<string>;
  /** Interactive Microsoft sign-in for Graph, from a click. */
  signIn(): Promise<void>;
  /**
   * Why folder sync needs that sign-in now, as a sentence (Microsoft asks for consent or a new sign-in before
   * Graph gives a token); null when Graph tokens come silently, as they do once Touchbase's sign-in is done.
   */
  signInNeeded(): Promise<string | null>;
  /**
   * How sign-in happens here: `nested` (Outlook brokers it, nested app authentication), `dialog` (this Outlook
   * has no NAA: a sign-in window, the Office dialog) or `simulator` (the harness).
   */
  readonly signInMethod: "nested" | "dialog" | "simulator";
}

/**
 * Touchbase as the add-in sees it, for one server and mailbox: `createEngine` implements it, and the task pane,
 * the ribbon command, the tests and the pane's fakes (`taskpane/testing/fake-ports.ts`) all use this interface.
 */
export interface TouchbaseEngine {
  /** Who is signed in (null for a session opened with an API token: scripts, tests, the bench). */
  readonly account: { username: string; name: string } | null;
  /** Never asked anything about mail that is not customer mail. */
  readonly api: EngineApi;
  /** The IndexedDB database of this server and mailbox (`<prefix>:<hash>`). */
  readonly storeName: string;
  /** Calls back when another frame of this window (same server, same mailbox) uploaded emails. */
  onSyncedElsewhere(listener: (change: SyncedElsewhere) => void): () => void;
  readonly index: CustomerIndexCache;
  /** Outside the engine nobody enqueues: `syncMessages` and folder sync do. */
  readonly outbox: Pick<Outbox, "status" | "subscribe" | "drain" | "outcome" | "pendingFor" | "onOutcomes">;
  /** Null when no Graph client was given (single-message sync needs none). */
  readonly folders: EngineFolders | null;
  /** The session's folder sync, which outlives the panel that shows it; null without Graph. */
  readonly folderSync: FolderSyncController | null;
  /** Continuous sync of the folders synced once (null without Graph or without `continuousSync`). */
  readonly schedule: FolderSchedule | null;
  /** Classifies locally and uploads only customer, non-excluded emails (enqueue + drain). */
  syncMessages(emails: EmailInput[], origin?: string): Promise<SyncMessagesResult>;
  /**
   * Reads messages by Graph (REST) id with their bodies, for "Sync N selected" on hosts without
   * `loadItemByIdAsync` (Mailbox 1.15). Ids Graph cannot return are listed in `missing`.
   */
  fetchEmails(restIds: string[]): Promise<{ emails: EmailInput[]; missing: string[] }>;
  /** Exclude a sender or domain (user scope by default), optionally purging what is stored; refreshes the index. */
  exclude(input: {
    kind: "address" | "domain";
    value: string;
    purge?: boolean;
    scope?: "user" | "workspace";
  }): Promise<ExcludeResult>;
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
  /** Who signed in, as the pane shows it. */
  account?: { username: string; name: string };
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
  /** Graph's tokens, for the pane's interactive Microsoft sign-in (a click on Sign in in the folder panel). */
  graphTokens?: TokenProvider | null;
  fetch?: typeof fetch;
  online?: OnlineSignal;
  /** Defaults to Date.now; tests move time. */
  now?: () => number;
  /** Start the outbox's automatic retries (timer + online event); default true. */
  startOutbox?: boolean;
  /** Messages per Graph page (default 1000); tests and the bench vary it. */
  graphPageSize?: number;
  /** How often a folder's lookback window is listed again (default a day). */
  relistEveryMs?: number;
  /** Keep the folders synced once syncing while the engine is open: a round now, then every few minutes. */
  continuousSync?: boolean;
  /** Minutes between continuous-sync rounds (default 5). */
  syncEveryMinutes?: number;
  /** The continuous-sync timer (default setTimeout); the benchmark's fake clock runs an hour in seconds. */
  scheduleTimer?: ScheduleTimer;
  /**
   * Check the customer index with the server now and then every `INDEX_REFRESH_MS` while the page is visible
   * (the pane; the ribbon command's short life needs no timer).
   */
  keepIndexFresh?: boolean;
  /** One sync per folder (default: Web Locks across the window's frames, else this context's own). */
  folderLocks?: FolderLocks;
}
