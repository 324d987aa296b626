// The add-in's sync engine: local state in IndexedDB, the customer-index cache, the outbox, folder sync.
// The task pane and the ribbon command create one engine with `createEngine` and call it; nothing else in the
// add-in talks to the Touchbase API or to Graph's message endpoints directly.
export * from "./sync-types";
export { openLocalStore, deleteLocalStore, type LocalStore } from "./local-store";
export { createCustomerIndexCache } from "./customer-index-cache";
export { createOutbox, browserOnlineSignal, backoffDelay } from "./outbox";
export { createFolderSync, formatSummary } from "./folder-sync";
export { createEngine } from "./engine";
export { fetchTransport } from "./fetch-transport";
