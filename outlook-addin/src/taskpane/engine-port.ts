import type { TokenProvider } from "../graph";
import type { TouchbaseEngine } from "../sync";
import type { SignedInAccount } from "../auth/signed-in-account";
import { describeError } from "./errors";
import { createFolderSyncController } from "./folder-sync-controller";
import type { TouchbasePort } from "./ports";

/**
 * How often the customer index is checked with the server while the pane is open (one conditional request,
 * 304 when nothing changed). On a timer, not on opening a message: opening a message that is not customer mail
 * must send nothing at all, not even a request that says "someone just opened something".
 */
export const INDEX_REFRESH_MS = 5 * 60_000;

/** The pane's TouchbasePort over the sync engine (exclusions from the pane are the user's own). */
export function enginePort(
  engine: TouchbaseEngine,
  tokens: TokenProvider | null,
  account: SignedInAccount | null = null,
): TouchbasePort {
  const { graph, folders } = engine;
  const folderSync = folders
    ? createFolderSyncController(
        (folderId, options) => folders.run(folderId, options),
        describeError,
        engine.schedule,
      )
    : null;
  // The index is fetched as the session opens (before any message), then kept fresh on a timer.
  void engine.index.refresh().catch(() => undefined);
  const timer = setInterval(() => {
    if (typeof document === "undefined" || document.visibilityState !== "hidden") {
      void engine.index.refresh().catch(() => undefined);
    }
  }, INDEX_REFRESH_MS);
  const end = () => {
    clearInterval(timer);
    folderSync?.dispose();
  };

  return {
    account,
    index: engine.index,
    outbox: engine.outbox,
    folders:
      graph && folders
        ? {
            tree: () => graph.folderTree(),
            folderOf: (restId) => graph.messageFolderId(restId),
            run: (folderId, options) => folders.run(folderId, options),
            state: (folderId) => folders.state(folderId),
            signIn: async () => {
              await tokens?.getGraphToken({ interactive: true });
            },
            signInNeeded: async () => (await tokens?.interactionNeeded?.())?.message ?? null,
            signInMethod: tokens?.method ?? "nested",
          }
        : null,
    folderSync,
    lookup: (input) => engine.api.lookup(input),
    fetchEmails: (restIds) => engine.fetchEmails(restIds),
    onSyncedElsewhere: (listener) => engine.onSyncedElsewhere(listener),
    email: (id) => engine.api.email(id),
    customerEmails: (input) => engine.api.customerEmails(input),
    syncMessages: (emails, origin) => engine.syncMessages(emails, origin),
    removeFromTouchbase: (emailId) => engine.removeFromTouchbase(emailId),
    setEmailPrivate: async (id, makePrivate) => {
      await engine.api.setEmailPrivate({ id, private: makePrivate });
    },
    exclude: (input) => engine.exclude({ ...input, scope: "user" }),
    async close() {
      end();
      await engine.close();
    },
    async deleteLocalData() {
      end();
      await engine.deleteLocalData();
    },
  };
}
