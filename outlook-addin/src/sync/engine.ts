import { createAsyncApi, mailOfEmail, type EmailInput } from "../../../shared";
import { createCustomerIndexCache } from "./customer-index-cache";
import { fetchTransport } from "./fetch-transport";
import { createFolderSchedule } from "./folder-schedule";
import { createFolderSync } from "./folder-sync";
import { deleteLocalStore, localStoreName, openLocalStore, sha256Hex } from "./local-store";
import { syncSignal } from "./sync-signal";
import { fetchEmailsById } from "./graph-bodies";
import { GraphError } from "../graph";
import { browserOnlineSignal, createOutbox } from "./outbox";
import type { EngineOptions, SyncMessagesResult, TouchbaseEngine } from "./engine-types";
import type { OutboxOutcome } from "./outbox-types";

/**
 * Opens the local store of this server and mailbox and wires the index cache, outbox and (with Graph) folder sync
 * for the signed-in user (or the user of an API token).
 */
export async function createEngine(options: EngineOptions): Promise<TouchbaseEngine> {
  const mailbox = options.viewer.addresses[0] ?? "";
  const storeName = await localStoreName(options.storeName ?? "touchbase", options.serverUrl, mailbox);
  const store = await openLocalStore(storeName);
  // Data written for another account (another signed-in user, another token) is not this user's: it goes.
  const token = options.apiToken?.trim() ?? "";
  const owner = options.signedIn?.owner ?? `token:${await sha256Hex(token)}`;
  await store.claim(owner, options.signedIn?.adoptFrom);
  const signal = syncSignal(storeName);
  const api = createAsyncApi(
    { baseUrl: options.serverUrl, token: options.signedIn ? "" : token },
    options.signedIn?.transport ?? fetchTransport(options.fetch),
  );
  const index = await createCustomerIndexCache({ store, api, viewer: options.viewer, now: options.now });
  const online = options.online ?? browserOnlineSignal();
  const outbox = createOutbox({ store, api, online, now: options.now });
  const graph = options.graph ?? null;
  // Tell the other add-in frames (an open pane, when the ribbon uploads) which emails are now in Touchbase.
  const stopAnnouncing = outbox.onOutcomes((outcomes) => {
    const messageIds = outcomes
      .filter((o) => o.status === "stored" || o.status === "duplicate")
      .map((o) => o.messageId);
    if (messageIds.length) signal.post({ kind: "uploaded", messageIds });
  });
  if (options.startOutbox !== false) outbox.start();
  const folders = graph
    ? createFolderSync({
        graph,
        store,
        index,
        outbox,
        viewer: options.viewer,
        now: options.now,
        pageSize: options.graphPageSize,
        deltaCap: options.graphDeltaCap,
        relistEveryMs: options.relistEveryMs,
        locks: options.folderLocks,
      })
    : null;
  // Folders synced once keep syncing while the add-in runs (not offline; signing out closes the engine).
  const schedule =
    folders && options.continuousSync
      ? createFolderSchedule({
          folders,
          store,
          everyMinutes: options.syncEveryMinutes,
          timer: options.scheduleTimer,
          canSync: () => online.isOnline(),
          now: options.now,
        })
      : null;
  schedule?.start();

  async function syncMessages(emails: EmailInput[], origin = "message"): Promise<SyncMessagesResult> {
    const notSent: SyncMessagesResult["notSent"] = [];
    const toSend: EmailInput[] = [];
    for (const email of emails) {
      // Only customer emails that nobody excluded leave the mail client; the rest is decided here, locally.
      const verdict = await index.classify(mailOfEmail(email));
      if (verdict.related) toSend.push(email);
      else notSent.push({ messageId: email.messageId, reason: verdict.reason });
    }
    const keys = toSend.length ? await outbox.enqueue(toSend, origin) : [];
    if (keys.length) await outbox.drain();
    const outcomes: OutboxOutcome[] = keys.map(
      (key, i) =>
        outbox.outcome(key) ?? {
          key,
          messageId: toSend[i].messageId,
          origin,
          status: "queued",
        },
    );
    const waiting = outcomes.some((o) => o.status === "queued");
    const lastError = outbox.status().lastError;
    return { outcomes, notSent, error: waiting && lastError ? lastError : null };
  }

  async function fetchEmails(restIds: string[]): Promise<{ emails: EmailInput[]; missing: string[] }> {
    if (!graph) {
      throw new GraphError(
        "graph_not_configured",
        "Sign in with your Microsoft account to sync several messages.",
        0,
      );
    }
    return fetchEmailsById(graph, restIds);
  }

  async function close() {
    schedule?.stop();
    stopAnnouncing();
    signal.close();
    outbox.stop();
    store.close();
  }

  return {
    api,
    index,
    outbox,
    folders,
    schedule,
    graph,
    storeName,
    viewer: options.viewer,
    onSyncedElsewhere: (listener) => signal.subscribe(listener),
    syncMessages,
    classify: (message) => index.classify(message),
    fetchEmails,
    async removeFromTouchbase(emailId) {
      await api.removeEmail(emailId);
    },
    async exclude(input) {
      const created = await api.createExclusion({
        kind: input.kind,
        value: input.value,
        scope: input.scope ?? "user",
        purge: input.purge ?? false,
      });
      await index.refresh({ force: true }).catch(() => undefined);
      const { purged, ...exclusion } = created;
      return {
        exclusion,
        purged,
        undo: async () => {
          await api.deleteExclusion(created.id);
          await index.refresh({ force: true }).catch(() => undefined);
        },
      };
    },
    async removeExclusion(id) {
      await api.deleteExclusion(id);
      await index.refresh({ force: true }).catch(() => undefined);
    },
    close,
    async deleteLocalData() {
      await close();
      await deleteLocalStore(storeName);
    },
  };
}
