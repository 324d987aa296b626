import type { GraphError } from "./graph-error";
import type { GraphLimiter } from "./graph-limiter";

/** Where Graph access tokens come from. The task pane and the ribbon command only see this interface. */
export interface TokenRequest {
  interactive?: boolean;
  /** Skip any cached token (the server refused the last one as expired). */
  forceRefresh?: boolean;
  signal?: AbortSignal;
}

export interface TokenProvider {
  /**
   * A bearer token for Microsoft Graph with `Mail.Read`. Silent first; `interactive: true` allows a popup
   * (only from a user gesture). Throws a GraphError `signin_required` when a user must sign in first.
   */
  getGraphToken(options?: TokenRequest): Promise<string>;
  /** Whether a token can be had without a popup right now (best effort, for the signed-out state). */
  hasSession?(): Promise<boolean>;
  /**
   * Why a token needs the user right now, as a GraphError with a sentence (`consent_required`,
   * `interaction_required`), when MSAL's silent attempt says only an interactive sign-in can go on; null when a
   * token comes silently, or when what failed is not something a sign-in fixes (offline, say).
   */
  interactionNeeded?(): Promise<GraphError | null>;
  /**
   * How an interactive sign-in happens: Outlook brokers it (`nested`, NAA), a sign-in window through the Office
   * dialog API (`dialog`, hosts without NAA), or the Graph simulator's token endpoint (`simulator`).
   */
  readonly method?: "nested" | "dialog" | "simulator";
}

/** A Graph recipient / sender (`emailAddress` resource). */
export interface GraphRecipient {
  emailAddress: { name?: string; address?: string };
}

/** The header fields a folder sync selects (`$select`), plus `@removed` for delta deletions. */
export interface GraphMessageHeader {
  id: string;
  internetMessageId?: string;
  subject?: string | null;
  from?: GraphRecipient | null;
  sender?: GraphRecipient | null;
  toRecipients?: GraphRecipient[];
  ccRecipients?: GraphRecipient[];
  bccRecipients?: GraphRecipient[];
  receivedDateTime?: string;
  sentDateTime?: string;
  conversationId?: string;
  parentFolderId?: string;
  isDraft?: boolean;
  /** `#microsoft.graph.eventMessage` for meeting messages (derived types are annotated even under $select). */
  "@odata.type"?: string;
  /** Only on eventMessage, and only without `$select` (it cannot be selected on messages). */
  meetingMessageType?: string;
  "@removed"?: { reason: "changed" | "deleted" };
}

/** A message with what upload needs (fetched only for customer messages, 20 per `$batch`). */
export interface GraphMessageFull extends GraphMessageHeader {
  body?: { contentType: "html" | "text"; content: string };
  internetMessageHeaders?: { name: string; value: string }[];
}

/** A node of the user's folder tree (`/me/mailFolders` + `childFolders`). */
export interface MailFolderNode {
  id: string;
  displayName: string;
  parentFolderId: string | null;
  totalItemCount: number;
  /** Well-known name when the folder is one (`inbox`, `sentitems`, …), else null. */
  wellKnownName: string | null;
  children: MailFolderNode[];
}

/** One request inside a JSON `$batch` (≤ 20 per batch). */
export interface BatchRequest {
  id: string;
  method: "GET";
  url: string;
  headers?: Record<string, string>;
}

export interface BatchResponse<T = unknown> {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body: T;
}

/** A Graph page: `value` plus the paging/delta links. */
export interface GraphPage<T> {
  value: T[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}

export interface RetryPolicy {
  /** Attempts after the first, per request (default 6). */
  maxRetries: number;
  /** First backoff in ms (default 500); doubles each retry, with full jitter. */
  baseDelayMs: number;
  /** Cap for one wait (default 30 s). */
  maxDelayMs: number;
}

export interface GraphClientOptions {
  /** `https://graph.microsoft.com/v1.0` in production; the simulator's `/v1.0` URL in tests and the harness. */
  baseUrl?: string;
  tokens: TokenProvider;
  /** Requests in flight at once (default and maximum 4, Graph's per-mailbox concurrency limit). */
  maxInFlight?: number;
  /**
   * Shares the mailbox's 4 slots with other clients (the pane and the ribbon command: `sharedGraphLimiter`);
   * default: this client's own (`maxInFlight` slots).
   */
  limiter?: GraphLimiter;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  /** Injected for tests: random in [0,1) for jitter, and the wait itself. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GraphRequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface GraphClient {
  readonly baseUrl: string;
  /** GET a path (`/me/mailFolders`) or an absolute link Graph returned (`@odata.nextLink`). */
  get<T>(pathOrUrl: string, options?: GraphRequestOptions): Promise<T>;
  /** A JSON `$batch` of ≤ 20 GETs; throttled members are retried with backoff; returns in request order. */
  batch<T>(requests: BatchRequest[], options?: GraphRequestOptions): Promise<BatchResponse<T>[]>;
  /** The folder tree, top-level folders with their children. */
  folderTree(options?: GraphRequestOptions): Promise<MailFolderNode[]>;
  /** The folder holding a message (REST id → `parentFolderId`). */
  messageFolderId(restId: string, options?: GraphRequestOptions): Promise<string>;
  /** HTTP requests sent so far (retries included): the folder-sync bench's figure. */
  readonly requestCount: number;
  /**
   * Calls back each time Graph throttles the mailbox (429), with when requests resume (ms since epoch); optional
   * so that a stand-in client need not offer it. Returns an unsubscribe function.
   */
  onThrottled?(listener: (resumeAt: number) => void): () => void;
}
