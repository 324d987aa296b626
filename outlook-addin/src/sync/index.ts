// The add-in's sync engine: local state in IndexedDB, the customer-index cache, the outbox, folder sync.
// The task pane and the ribbon command create one engine with `createEngine` and call it; nothing else in the
// add-in talks to the Touchbase API or to Graph's message endpoints directly.
//
//   const engine = await createEngine({ serverUrl, apiToken, viewer: currentViewer(), graph, storeName });
//   const verdict = await engine.index.classify(openMessage.mail);    // local, no network when cached
//   const result = await engine.syncMessages([ (await readItemAsEmail()).email ]);
//   const summary = await engine.folders?.run(folderId, { onProgress, deadline, signal });
export * from "./customer-index-types";
export * from "./engine-types";
export * from "./folder-types";
export * from "./outbox-types";
export {
  openLocalStore,
  deleteLocalStore,
  localStoreName,
  sha256Hex,
  StorageUnavailableError,
  type LocalStore,
} from "./local-store";
export { FolderBusyError, folderLocks, memoryFolderLocks, type FolderLocks } from "./folder-lock";
export { createCustomerIndexCache } from "./customer-index-cache";
export { createOutbox, browserOnlineSignal, backoffDelay } from "./outbox";
export { createFolderSync, formatSummary } from "./folder-sync";
export {
  createFolderSchedule,
  DEFAULT_SYNC_EVERY_MINUTES,
  type FolderSchedule,
  type ScheduledFolder,
  type ScheduleTimer,
} from "./folder-schedule";
export { createEngine } from "./engine";
export { fetchTransport } from "./fetch-transport";
export { emailFromGraph, mailFromGraph, HEADER_SELECT, FULL_SELECT } from "./graph-email";
export { formatAddress, formatAddressList, KEPT_HEADERS } from "./mail-format";
