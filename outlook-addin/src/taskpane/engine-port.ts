import type { TokenProvider } from "../graph";
import type { TouchbaseEngine } from "../sync";
import type { TouchbasePort } from "./ports";

/** The pane's TouchbasePort over the sync engine (exclusions from the pane are the user's own). */
export function enginePort(engine: TouchbaseEngine, tokens: TokenProvider | null): TouchbasePort {
  const { graph, folders } = engine;
  return {
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
          }
        : null,
    lookup: (input) => engine.api.lookup(input),
    email: (id) => engine.api.email(id),
    customerEmails: (input) => engine.api.customerEmails(input),
    syncMessages: (emails, origin) => engine.syncMessages(emails, origin),
    removeFromTouchbase: (emailId) => engine.removeFromTouchbase(emailId),
    exclude: (input) => engine.exclude({ ...input, scope: "user" }),
    close: () => engine.close(),
  };
}
