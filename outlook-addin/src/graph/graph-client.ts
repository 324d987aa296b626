import { GraphError } from "./graph-error";
import { MAILBOX_CONCURRENCY, memoryLimiter } from "./graph-limiter";
import type {
  BatchRequest,
  BatchResponse,
  GraphClient,
  GraphClientOptions,
  GraphPage,
  GraphRequestOptions,
  MailFolderNode,
  RetryPolicy,
} from "./graph-types";

export const GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";
const MAX_BATCH = 20;
const RETRY_STATUSES = new Set([429, 503, 504]);
const DEFAULT_RETRY: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000 };
const WELL_KNOWN = ["inbox", "sentitems", "drafts", "deleteditems", "junkemail", "archive"] as const;

const SENTENCES: Record<number, string> = {
  400: "Microsoft Graph rejected a request from Touchbase.",
  401: "Your Microsoft sign-in has expired. Sign in again to sync folders.",
  403: "Touchbase is not allowed to read this mailbox. Ask your administrator to grant Mail.Read.",
  404: "That folder or message no longer exists in your mailbox.",
  429: "Microsoft Graph is busy. Touchbase will try again shortly.",
};

function errorFor(status: number, code?: string): GraphError {
  const sentence =
    SENTENCES[status] ??
    (status >= 500
      ? "Microsoft Graph had a problem. Try again in a moment."
      : `Microsoft Graph refused (HTTP ${status}).`);
  return new GraphError(code ?? `graph_${status}`, sentence, status);
}

function abortError(): GraphError {
  return new GraphError("aborted", "The sync was stopped.", 0);
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Full-jitter exponential backoff (AWS's "full jitter"): a random wait in [0, min(cap, base·2^attempt)). */
export function jitterDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.max(policy.baseDelayMs / 4, Math.floor(random() * ceiling));
}

/**
 * A Graph client over fetch: within the mailbox's 4 concurrent requests (a `$batch` counts its members, up to
 * 4), exponential backoff with full jitter on 429/503/504.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const limiter =
    options.limiter ??
    memoryLimiter(Math.max(1, Math.min(MAILBOX_CONCURRENCY, options.maxInFlight ?? MAILBOX_CONCURRENCY)));
  let requestCount = 0;
  // After a throttle every request waits, not only the one that was refused: Graph throttles the mailbox.
  let pausedUntil = 0;
  const throttleListeners = new Set<(resumeAt: number) => void>();

  /** Graph said 429: every request waits this long, and whoever shows progress is told when work resumes. */
  function pauseFor(delayMs: number): void {
    pausedUntil = Math.max(pausedUntil, Date.now() + delayMs);
    for (const listener of [...throttleListeners]) listener(pausedUntil);
  }

  /**
   * Another try after this answer? 503/504 and network failures get `maxRetries`; a throttle (429) never runs out:
   * Graph always takes requests again after the wait, so a long throttle delays a sync, it does not fail it.
   */
  const retryable = (status: number, attempt: number) =>
    status === 429 || ((status === 0 || RETRY_STATUSES.has(status)) && attempt < policy.maxRetries);

  const resolveUrl = (pathOrUrl: string) =>
    /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${baseUrl}${pathOrUrl}`;

  /**
   * One HTTP exchange with retries; returns the parsed JSON body of a 2xx answer. `weight` is how many of the
   * mailbox's concurrent requests it uses on Graph's side (a batch: its members, up to 4).
   */
  async function send<T>(
    method: "GET" | "POST",
    url: string,
    body: unknown,
    request: GraphRequestOptions = {},
    weight = 1,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (request.signal?.aborted) throw abortError();
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, request.signal);
      const token = await options.tokens.getGraphToken({ signal: request.signal });
      let status = 0;
      let payload: unknown = undefined;
      try {
        await limiter.run(
          weight,
          async () => {
            requestCount++;
            const response = await doFetch(url, {
              method,
              headers: {
                authorization: `Bearer ${token}`,
                accept: "application/json",
                ...(body !== undefined ? { "content-type": "application/json" } : {}),
                ...withImmutableIds(request.headers),
              },
              body: body !== undefined ? JSON.stringify(body) : undefined,
              signal: request.signal,
            });
            status = response.status;
            const text = await response.text();
            payload = text ? safeJson(text) : undefined;
          },
          request.signal,
        );
      } catch (error) {
        if (request.signal?.aborted) throw abortError();
        if (error instanceof GraphError) throw error;
        // A network failure leaves status 0 and is retried like a 503.
      }
      if (status >= 200 && status < 300) return payload as T;
      if (retryable(status, attempt)) {
        const delay = jitterDelay(attempt, policy, random);
        if (status === 429) pauseFor(delay);
        await sleep(delay, request.signal);
        continue;
      }
      if (status === 0) {
        throw new GraphError(
          "graph_unreachable",
          "Microsoft Graph could not be reached. Check your connection.",
          0,
        );
      }
      const code = (payload as { error?: { code?: unknown } } | undefined)?.error?.code;
      throw errorFor(status, typeof code === "string" ? code : undefined);
    }
  }

  async function batch<T>(
    requests: BatchRequest[],
    request: GraphRequestOptions = {},
  ): Promise<BatchResponse<T>[]> {
    if (requests.length > MAX_BATCH) {
      throw new GraphError("batch_too_large", "A Graph batch holds at most 20 requests.", 400);
    }
    const done = new Map<string, BatchResponse<T>>();
    let remaining = requests;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      const answer = await send<{ responses?: BatchResponse<T>[] }>(
        "POST",
        `${baseUrl}/$batch`,
        {
          requests: remaining.map((r) => ({
            id: r.id,
            method: r.method,
            url: r.url,
            headers: withImmutableIds(r.headers),
          })),
        },
        request,
        Math.min(MAILBOX_CONCURRENCY, remaining.length),
      );
      const retry: BatchRequest[] = [];
      let retryAfterMs = 0;
      for (const r of remaining) {
        const response = answer?.responses?.find((x) => String(x.id) === r.id);
        if (response && !RETRY_STATUSES.has(response.status)) done.set(r.id, response);
        else {
          retry.push(r);
          retryAfterMs = Math.max(retryAfterMs, retryAfterOf(response));
        }
      }
      remaining = retry;
      if (remaining.length === 0) break;
      if (!remaining.every((r) => retryable(statusOf(answer, r), attempt))) {
        for (const r of remaining) done.set(r.id, { id: r.id, status: 429, body: undefined as T });
        break;
      }
      // A member's Retry-After is Graph's own word on when the mailbox takes requests again: wait that long.
      const delay = retryAfterMs || jitterDelay(attempt, policy, random);
      pauseFor(delay);
      await sleep(delay, request.signal);
    }
    return requests.map((r) => done.get(r.id) as BatchResponse<T>);
  }

  async function allPages<T>(path: string, request?: GraphRequestOptions): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: GraphPage<T> = await send<GraphPage<T>>("GET", resolveUrl(next), undefined, request);
      items.push(...(page?.value ?? []));
      next = page?.["@odata.nextLink"];
    }
    return items;
  }

  type RawFolder = {
    id: string;
    displayName: string;
    parentFolderId?: string;
    childFolderCount?: number;
    totalItemCount?: number;
  };
  const FOLDER_SELECT = "$select=id,displayName,parentFolderId,childFolderCount,totalItemCount&$top=100";

  async function folderTree(request?: GraphRequestOptions): Promise<MailFolderNode[]> {
    const wellKnown = new Map<string, string>();
    const answers = await batch<{ id?: string }>(
      WELL_KNOWN.map((name) => ({
        id: name,
        method: "GET" as const,
        url: `/me/mailFolders/${name}?$select=id`,
      })),
      request,
    );
    for (const a of answers) if (a?.status === 200 && a.body?.id) wellKnown.set(a.body.id, a.id);

    const build = async (folder: RawFolder): Promise<MailFolderNode> => {
      const children =
        (folder.childFolderCount ?? 0) > 0
          ? await allPages<RawFolder>(
              `/me/mailFolders/${encodeURIComponent(folder.id)}/childFolders?${FOLDER_SELECT}`,
              request,
            )
          : [];
      return {
        id: folder.id,
        displayName: folder.displayName,
        parentFolderId: folder.parentFolderId ?? null,
        totalItemCount: folder.totalItemCount ?? 0,
        wellKnownName: wellKnown.get(folder.id) ?? null,
        children: await Promise.all(children.map(build)),
      };
    };
    const top = await allPages<RawFolder>(`/me/mailFolders?${FOLDER_SELECT}`, request);
    return Promise.all(top.map(build));
  }

  async function messageFolderId(restId: string, request?: GraphRequestOptions): Promise<string> {
    const message = await send<{ parentFolderId?: string }>(
      "GET",
      `${baseUrl}/me/messages/${encodeURIComponent(restId)}?$select=parentFolderId`,
      undefined,
      request,
    );
    if (!message?.parentFolderId) throw errorFor(404);
    return message.parentFolderId;
  }

  return {
    baseUrl,
    get: <T>(pathOrUrl: string, request?: GraphRequestOptions) =>
      send<T>("GET", resolveUrl(pathOrUrl), undefined, request),
    batch,
    folderTree,
    messageFolderId,
    get requestCount() {
      return requestCount;
    },
    onThrottled(listener) {
      throttleListeners.add(listener);
      return () => void throttleListeners.delete(listener);
    },
  };
}

/**
 * Every request asks for immutable ids: a message keeps its id when it moves between folders, so a message moved
 * from one synced folder to another is recognised as seen, not fetched and uploaded again.
 */
export const IMMUTABLE_IDS = 'IdType="ImmutableId"';

function withImmutableIds(headers: Record<string, string> = {}): Record<string, string> {
  const name = Object.keys(headers).find((h) => h.toLowerCase() === "prefer");
  if (!name) return { ...headers, Prefer: IMMUTABLE_IDS };
  return { ...headers, [name]: `${IMMUTABLE_IDS}, ${headers[name]}` };
}

/** A member's status in a `$batch` answer (0 when the answer left it out, which is retried like a network failure). */
function statusOf(answer: { responses?: BatchResponse<unknown>[] } | undefined, r: BatchRequest): number {
  return answer?.responses?.find((x) => String(x.id) === r.id)?.status ?? 0;
}

/** A `$batch` member's `Retry-After` (seconds) in milliseconds, capped at 5 minutes; 0 when absent. */
export function retryAfterOf(response: BatchResponse<unknown> | undefined): number {
  const headers = response?.headers ?? {};
  const raw = Object.entries(headers).find(([name]) => name.toLowerCase() === "retry-after")?.[1];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 5 * 60_000) : 0;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
