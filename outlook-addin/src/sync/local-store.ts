import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { FolderState, OutboxEntry, StoredIndex } from "./sync-types";

/** The add-in's IndexedDB database (through idb): index snapshot + ETag, outbox, per-folder sync state. */
export interface LocalStore {
  readonly name: string;
  getIndex(): Promise<StoredIndex | null>;
  putIndex(index: StoredIndex): Promise<void>;
  /** Adds entries whose key is not there yet, atomically; returns the keys actually added. */
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

interface TouchbaseDb extends DBSchema {
  meta: { key: string; value: StoredIndex };
  outbox: { key: string; value: OutboxEntry; indexes: { byEnqueued: number } };
  folders: { key: string; value: FolderState };
}

const VERSION = 1;
const INDEX_KEY = "customer-index";

/** Opens (creating or upgrading) the database `name` (default "touchbase"). */
export async function openLocalStore(name = "touchbase"): Promise<LocalStore> {
  const db: IDBPDatabase<TouchbaseDb> = await openDB<TouchbaseDb>(name, VERSION, {
    upgrade(database) {
      database.createObjectStore("meta");
      const outbox = database.createObjectStore("outbox", { keyPath: "key" });
      outbox.createIndex("byEnqueued", "enqueuedAt");
      database.createObjectStore("folders", { keyPath: "folderId" });
    },
    blocking() {
      // Another tab wants to upgrade or delete the database: step aside instead of blocking it.
      db.close();
    },
  });

  return {
    name,
    async getIndex() {
      return (await db.get("meta", INDEX_KEY)) ?? null;
    },
    async putIndex(index) {
      await db.put("meta", index, INDEX_KEY);
    },
    async addToOutbox(entries) {
      const tx = db.transaction("outbox", "readwrite");
      const added: string[] = [];
      for (const entry of entries) {
        if ((await tx.store.getKey(entry.key)) === undefined) {
          await tx.store.put(entry);
          added.push(entry.key);
        }
      }
      await tx.done;
      return added;
    },
    async outboxEntries() {
      return db.getAllFromIndex("outbox", "byEnqueued");
    },
    async outboxCount() {
      return db.count("outbox");
    },
    async updateOutboxEntry(entry) {
      const tx = db.transaction("outbox", "readwrite");
      // Only update what is still queued: a concurrent drain may have delivered and removed it.
      if ((await tx.store.getKey(entry.key)) !== undefined) await tx.store.put(entry);
      await tx.done;
    },
    async removeFromOutbox(keys) {
      const tx = db.transaction("outbox", "readwrite");
      await Promise.all(keys.map((key) => tx.store.delete(key)));
      await tx.done;
    },
    async getFolderState(folderId) {
      return (await db.get("folders", folderId)) ?? null;
    },
    async putFolderState(state) {
      await db.put("folders", state);
    },
    async deleteFolderState(folderId) {
      await db.delete("folders", folderId);
    },
    close() {
      db.close();
    },
  };
}

/** Deletes the database: "delete really deletes" for sign-out and tests. */
export async function deleteLocalStore(name = "touchbase"): Promise<void> {
  await deleteDB(name);
}
