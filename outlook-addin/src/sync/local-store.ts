import type { FolderState, OutboxEntry, StoredIndex } from "./sync-types";

/** The add-in's IndexedDB database (through idb): index snapshot + ETag, outbox, per-folder sync state. */
export interface LocalStore {
  readonly name: string;
  getIndex(): Promise<StoredIndex | null>;
  putIndex(index: StoredIndex): Promise<void>;
  /** Adds entries whose key is not there yet; returns the keys actually added. */
  addToOutbox(entries: OutboxEntry[]): Promise<string[]>;
  outboxEntries(): Promise<OutboxEntry[]>;
  outboxCount(): Promise<number>;
  updateOutboxEntry(entry: OutboxEntry): Promise<void>;
  removeFromOutbox(keys: string[]): Promise<void>;
  getFolderState(folderId: string): Promise<FolderState | null>;
  putFolderState(state: FolderState): Promise<void>;
  deleteFolderState(folderId: string): Promise<void>;
  close(): void;
}

/** Opens (creating or upgrading) the database `name` (default "touchbase"). */
export async function openLocalStore(_name = "touchbase"): Promise<LocalStore> {
  throw new Error("not yet");
}

/** Deletes the database: "delete really deletes" for sign-out and tests. */
export async function deleteLocalStore(_name = "touchbase"): Promise<void> {
  throw new Error("not yet");
}
