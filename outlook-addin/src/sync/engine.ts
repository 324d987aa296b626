// The engine: one per server and mailbox. Opening it is a few steps (the store, the API, the index cache, the
// outbox, folder sync); what it does afterwards (sync messages, exclude, close) are functions over those parts.
import { createAsyncApi, mailOfEmail, type AsyncApi, type EmailInput } from "../../../shared";
import { GraphError, type GraphClient } from "../graph";
import { createCustomerIndexCache } from "./customer-index-cache";
import type { CustomerIndexCache } from "./customer-index-types";
import { fetchTransport } from "./fetch-transport";
import { createFolderSyncController, type FolderSyncController } from "./folder-run-controller";
import { createFolderSchedule, type FolderSchedule } from "./folder-schedule";
import { createFolderSync } from "./folder-sync";
import { fetchEmailsById } from "./graph-bodies";
import { deleteLocalStore, localStoreName, openLocalStore, sha256Hex, type LocalStore } from "./local-store";
import { browserOnlineSignal, createOutbox } from "./outbox";
import { syncSignal, type SyncSignal } from "./sync-signal";
import type {
  EngineFolders,
  EngineOptions,
  ExcludeResult,
  SyncMessagesResult,
  TouchbaseEngine,
} from "./engine-types";
import type { OnlineSignal, Outbox, OutboxOutcome } from "./outbox-types";

/**
 * How often the customer index is checked with the server while the pane is open (one conditional request,
 * 304 when nothing changed). On a timer, not on opening a message: opening a message that is not customer mail
 * must send nothing at all, not even a request that says "someone just opened something".
 */
export const INDEX_REFRESH_MS = 5 * 60_000;

/** What an open engine is made of; every step below takes it. */
interface EngineParts {
  storeName: string;
  store: LocalStore;
  api: AsyncApi;
  signal: SyncSignal;
  index: CustomerIndexCache;
  online: OnlineSignal;
  outbox: Outbox;
  graph: GraphClient | null;
  folders: EngineFolders | null;
  folderSync: FolderSyncController | null;
  schedule: FolderSchedule | null;
  /** What `close` undoes: listeners, timers, the outbox's retries. */
  stops: (() => void)[];
}

/** The local store of this server and mailbox, claimed for this user: data of another account goes. */
async function openStore(options: EngineOptions): Promise<{ storeName: string; store: LocalStore }> {
  const mailbox = options.viewer.addresses[0] ?? "";
  const storeName = await localStoreName(options.storeName ?? "touchbase", options.serverUrl, mailbox);
  const store = await openLocalStore(storeName);
  const token = options.apiToken?.trim() ?? "";
  const owner = options.signedIn?.owner ?? `token:${await sha256Hex(token)}`;
  await store.claim(owner, options.signedIn?.adoptFrom);
  return { storeName, store };
}

function connectApi(options: EngineOptions): AsyncApi {
  const token = options.signedIn ? "" : (options.apiToken?.trim() ?? "");
  return createAsyncApi(
    { baseUrl: options.serverUrl, token },
    options.signedIn?.transport ?? fetchTransport(options.fetch),
  );
}

/** Tells the other add-in frames (an open pane, when the ribbon uploads) which emails are now in Touchbase. */
function announceUploads(parts: EngineParts): void {
  const stop = parts.outbox.onOutcomes((outcomes) => {
    const messageIds = outcomes
      .filter((o) => o.status === "stored" || o.status === "duplicate")
      .map((o) => o.messageId);
    if (messageIds.length) parts.signal.post({ kind: "uploaded", messageIds });
  });
  parts.stops.push(stop);
}

/** Folder sync over Graph, the pane's folder run (which outlives its panel) and, if asked, continuous sync. */
function openFolders(parts: EngineParts, graph: GraphClient, options: EngineOptions): void {
  const sync = createFolderSync({
    graph,
    store: parts.store,
    index: parts.index,
    outbox: parts.outbox,
    viewer: options.viewer,
    now: options.now,
    pageSize: options.graphPageSize,
    relistEveryMs: options.relistEveryMs,
    locks: options.folderLocks,
  });
  parts.folders = {
    // A folder synced from the pane shows in Settings' continuous-sync list at once, not after the next round.
    run: (folderId, runOptions) =>
      sync
        .run(folderId, runOptions)
        .finally(() => void parts.schedule?.noteSynced(folderId).catch(() => undefined)),
    state: (folderId) => sync.state(folderId),
    tree: () => graph.folderTree(),
    folderOf: (restId) => graph.messageFolderId(restId),
    signIn: async () => void (await options.graphTokens?.getGraphToken({ interactive: true })),
    signInNeeded: async () => (await options.graphTokens?.interactionNeeded?.())?.message ?? null,
    signInMethod: options.graphTokens?.method ?? "nested",
  };
  parts.folderSync = createFolderSyncController(parts.folders.run);
  parts.stops.push(() => parts.folderSync?.dispose());
  // Folders synced once keep syncing while the add-in runs (not offline; signing out closes the engine).
  if (!options.continuousSync) return;
  parts.schedule = createFolderSchedule({
    folders: sync,
    store: parts.store,
    everyMinutes: options.syncEveryMinutes,
    timer: options.scheduleTimer,
    canSync: () => parts.online.isOnline(),
    now: options.now,
  });
  parts.schedule.start();
  parts.stops.push(() => parts.schedule?.stop());
}

/** The index is fetched as the session opens (before any message), then kept fresh on a timer. */
function keepIndexFresh(parts: EngineParts): void {
  const refresh = () => void parts.index.refresh().catch(() => undefined);
  refresh();
  const timer = setInterval(() => {
    if (typeof document === "undefined" || document.visibilityState !== "hidden") refresh();
  }, INDEX_REFRESH_MS);
  parts.stops.push(() => clearInterval(timer));
}

/** Only customer emails that nobody excluded leave the mail client; the rest is decided here, locally. */
async function customerEmailsOf(
  parts: EngineParts,
  emails: EmailInput[],
): Promise<{ toSend: EmailInput[]; notSent: SyncMessagesResult["notSent"] }> {
  const toSend: EmailInput[] = [];
  const notSent: SyncMessagesResult["notSent"] = [];
  for (const email of emails) {
    const verdict = await parts.index.classify(mailOfEmail(email));
    if (verdict.related) toSend.push(email);
    else notSent.push({ messageId: email.messageId, reason: verdict.reason });
  }
  return { toSend, notSent };
}

async function syncMessages(
  parts: EngineParts,
  emails: EmailInput[],
  origin: string,
): Promise<SyncMessagesResult> {
  const { toSend, notSent } = await customerEmailsOf(parts, emails);
  const keys = toSend.length ? await parts.outbox.enqueue(toSend, origin) : [];
  if (keys.length) await parts.outbox.drain();
  const outcomes: OutboxOutcome[] = keys.map(
    (key, i) =>
      parts.outbox.outcome(key) ?? { key, messageId: toSend[i].messageId, origin, status: "queued" },
  );
  const waiting = outcomes.some((o) => o.status === "queued");
  const lastError = parts.outbox.status().lastError;
  return { outcomes, notSent, error: waiting && lastError ? lastError : null };
}

async function fetchEmails(parts: EngineParts, restIds: string[]) {
  if (!parts.graph) {
    throw new GraphError(
      "graph_not_configured",
      "Sign in with your Microsoft account to sync several messages.",
      0,
    );
  }
  return fetchEmailsById(parts.graph, restIds);
}

async function exclude(
  parts: EngineParts,
  input: Parameters<TouchbaseEngine["exclude"]>[0],
): Promise<ExcludeResult> {
  const refreshIndex = () => parts.index.refresh({ force: true }).catch(() => undefined);
  const created = await parts.api.createExclusion({
    kind: input.kind,
    value: input.value,
    scope: input.scope ?? "user",
    purge: input.purge ?? false,
  });
  await refreshIndex();
  const { purged, ...exclusion } = created;
  const undo = async () => {
    await parts.api.deleteExclusion(created.id);
    await refreshIndex();
  };
  return { exclusion, purged, undo };
}

/** Undoes the opening steps, last first (continuous sync stops before the outbox it feeds). */
async function close(parts: EngineParts): Promise<void> {
  for (const stop of parts.stops.splice(0).reverse()) stop();
  parts.signal.close();
  parts.store.close();
}

/** The engine's interface over its parts. */
function engineOf(parts: EngineParts, options: EngineOptions): TouchbaseEngine {
  return {
    account: options.signedIn?.account ?? null,
    api: parts.api,
    storeName: parts.storeName,
    index: parts.index,
    outbox: parts.outbox,
    folders: parts.folders,
    folderSync: parts.folderSync,
    schedule: parts.schedule,
    onSyncedElsewhere: (listener) => parts.signal.subscribe(listener),
    syncMessages: (emails, origin = "message") => syncMessages(parts, emails, origin),
    fetchEmails: (restIds) => fetchEmails(parts, restIds),
    exclude: (input) => exclude(parts, input),
    close: () => close(parts),
    async deleteLocalData() {
      await close(parts);
      await deleteLocalStore(parts.storeName);
    },
  };
}

/**
 * Opens the local store of this server and mailbox and wires the index cache, outbox and (with Graph) folder sync
 * for the signed-in user (or the user of an API token).
 */
export async function createEngine(options: EngineOptions): Promise<TouchbaseEngine> {
  const { storeName, store } = await openStore(options);
  const api = connectApi(options);
  const index = await createCustomerIndexCache({ store, api, viewer: options.viewer, now: options.now });
  const online = options.online ?? browserOnlineSignal();
  const outbox = createOutbox({ store, api, online, now: options.now });
  const parts: EngineParts = {
    storeName,
    store,
    api,
    index,
    online,
    outbox,
    signal: syncSignal(storeName),
    graph: options.graph ?? null,
    folders: null,
    folderSync: null,
    schedule: null,
    stops: [],
  };
  announceUploads(parts);
  if (options.startOutbox !== false) outbox.start();
  parts.stops.push(() => outbox.stop());
  if (parts.graph) openFolders(parts, parts.graph, options);
  if (options.keepIndexFresh) keepIndexFresh(parts);
  return engineOf(parts, options);
}
