import type {
  CustomerIndex,
  EmailDetail,
  EmailInput,
  EmailPage,
  LookupResponse,
  MailMessage,
  Viewer,
} from "../../../shared";
import type {
  AddinSettings,
  OfficeThemeInfo,
  OpenMessage,
  OpenMessageWithBody,
  SelectedMessage,
  SelectionChange,
} from "../office";
import type { MailFolderNode } from "../graph";
import type {
  ExcludeResult,
  FolderState,
  FolderSyncRunOptions,
  FolderSyncSummary,
  OutboxStatus,
  StoredSnapshot,
  SyncedElsewhere,
  SyncMessagesResult,
} from "../sync";
import type { FolderSyncController } from "./folder-sync-controller";

// The task pane's ports: the only ways its components reach Office and the network. `index.tsx` builds them
// from the Office adapters and the sync engine; tests and stories pass small fakes, so nothing here needs Office.

/** What Outlook offers the pane: the open message, the selection, the theme and the roaming settings. */
export interface HostPort {
  /** The open message without its body, or null when none is open (or several are selected). */
  readCurrent(): Promise<OpenMessage | null>;
  /** The open item's id, synchronously (null when none): tells a repeated event from a new item. */
  currentItemId(): string | null;
  /** The open message with its body, ready to upload. */
  readCurrentWithBody(): Promise<OpenMessageWithBody>;
  /** Calls back on ItemChanged, SelectedItemsChanged and when `Office.onReady` runs again. */
  onSelectionChanged(listener: (change: SelectionChange) => void): () => void;
  selectedItems(): Promise<SelectedMessage[]>;
  /** Reads selected messages with their bodies; per-item failures are returned, not thrown. */
  readSelected(
    itemIds: string[],
  ): Promise<{ itemId: string; message?: OpenMessageWithBody; error?: Error }[]>;
  /** Mailbox 1.13+: several messages can be selected with the pane open. */
  readonly supportsMultiSelect: boolean;
  /** Mailbox 1.15: selected messages can be read with Office.js (`loadItemByIdAsync`); else through Graph. */
  readonly canLoadItemsById: boolean;
  /** An item id in Graph's (REST) form, for reading it through Graph; null when the host cannot convert it. */
  restIdOf(itemId: string): string | null;
  theme(): OfficeThemeInfo;
  /** Calls back when Office's theme changes (Mailbox 1.14 OfficeThemeChanged); returns an unsubscribe. */
  onThemeChanged(listener: () => void): () => void;
  viewer(): Viewer;
  loadSettings(): AddinSettings;
  saveSettings(patch: Partial<AddinSettings>): Promise<AddinSettings>;
}

/** The customer-index cache as the pane uses it (a subset of the engine's `CustomerIndexCache`). */
export interface LocalIndexPort {
  current(): { index: CustomerIndex; snapshot: StoredSnapshot } | null;
  refresh(options?: { force?: boolean }): Promise<{ changed: boolean }>;
  subscribe(listener: () => void): () => void;
}

export interface OutboxPort {
  status(): OutboxStatus;
  subscribe(listener: (status: OutboxStatus) => void): () => void;
  /** `retryNow`: everything waiting is due now, whatever its backoff said. */
  drain(options?: { retryNow?: boolean }): Promise<unknown>;
}

/** Folder sync through Microsoft Graph; null when no Graph access is configured. */
export interface FoldersPort {
  tree(): Promise<MailFolderNode[]>;
  /** The folder holding a message (its REST id → `parentFolderId`). */
  folderOf(restId: string): Promise<string>;
  run(folderId: string, options?: FolderSyncRunOptions): Promise<FolderSyncSummary>;
  state(folderId: string): Promise<FolderState | null>;
  /** Interactive Microsoft sign-in, from a click. */
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

/** Touchbase itself: the backend (through the engine) and the local state. */
export interface TouchbasePort {
  /** Who is signed in (null for a session opened otherwise, e.g. tests with an API token). */
  readonly account: { username: string; name: string } | null;
  readonly index: LocalIndexPort;
  readonly outbox: OutboxPort;
  readonly folders: FoldersPort | null;
  /** The session's folder sync, which outlives the panel that shows it; null without Graph. */
  readonly folderSync: FolderSyncController | null;
  /**
   * `/lookup` for a customer email: only its customer participants' addresses and the SHA-256 of its normalized
   * Message-ID (never the id itself). Never called for mail that is not customer mail.
   */
  lookup(input: { emails: string[]; messageIdSha256?: string }): Promise<LookupResponse>;
  /** Reads messages through Graph by REST id (Sync N selected on Mailbox 1.13–1.14). */
  fetchEmails(restIds: string[]): Promise<{ emails: EmailInput[]; missing: string[] }>;
  /** Calls back when another frame (the ribbon) uploaded emails; returns an unsubscribe. */
  onSyncedElsewhere(listener: (change: SyncedElsewhere) => void): () => void;
  email(id: string): Promise<EmailDetail>;
  customerEmails(input: { customerId: string; cursor?: string; limit?: number }): Promise<EmailPage>;
  syncMessages(emails: EmailInput[], origin: string): Promise<SyncMessagesResult>;
  removeFromTouchbase(emailId: string): Promise<void>;
  /** A syncer makes an email's thread private or shares it again (issue 12); absent: the pane offers neither. */
  setEmailPrivate?(emailId: string, makePrivate: boolean): Promise<void>;
  exclude(input: { kind: "address" | "domain"; value: string; purge: boolean }): Promise<ExcludeResult>;
  close(): Promise<void>;
  /** Sign-out: closes the session and deletes what it kept on this computer (queue, cursors, customer index). */
  deleteLocalData(): Promise<void>;
}

export interface ConnectOptions {
  /** From a click on Sign in: MSAL may show its sign-in (popup, or the Office dialog without NAA). */
  interactive: boolean;
}

/**
 * Signs in and opens a Touchbase session for the saved server URL; the pane reconnects when it changes. Throws
 * a sign-in error (auth/sign-in-errors.ts) when the user must sign in, or the server refuses them.
 */
export type ConnectFn = (settings: AddinSettings, options: ConnectOptions) => Promise<TouchbasePort>;

export type { MailMessage };
