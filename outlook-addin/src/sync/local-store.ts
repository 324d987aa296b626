import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { StoredIndex } from "./customer-index-types";
import type { FolderState } from "./folder-types";
import type { OutboxEntry } from "./outbox-types";
import { sha256Hex } from "./sha256";

export { sha256Hex };

/** The add-in's IndexedDB database (through idb): index snapshot + ETag, outbox, per-folder sync state. */
export interface LocalStore {
  readonly name: string;
  getIndex(): Promise<StoredIndex | null>;
  putIndex(index: StoredIndex): Promise<void>;
  /**
   * Adds entries whose key is not there yet; returns the keys actually added. `folderState` and `seen` (Graph
   * ids of messages now handled) are written in the same transaction, so a crash can never leave emails queued
   * without the cursor that says so, nor a cursor moved past emails that were not queued.
   */
  addToOutbox(
    entries: OutboxEntry[],
    extra?: { folderState?: FolderState; seen?: string[] },
  ): Promise<string[]>;
  /** Which of these Graph message ids were already handled by a folder sync (so updates are not re-sent). */
  seenAmong(ids: string[]): Promise<Set<string>>;
  forgetSeen(ids: string[]): Promise<void>;
  clearSeen(): Promise<void>;
  /** Well-known folder names (`inbox`) → the folder's id, learnt on the first sync. */
  getFolderAlias(name: string): Promise<string | null>;
  putFolderAlias(name: string, folderId: string): Promise<void>;
  outboxEntries(): Promise<OutboxEntry[]>;
  outboxCount(): Promise<number>;
  /** Updates entries still queued, in one transaction (a concurrent drain may have delivered some). */
  updateOutboxEntries(entries: OutboxEntry[]): Promise<void>;
  removeFromOutbox(keys: string[]): Promise<void>;
  getFolderState(folderId: string): Promise<FolderState | null>;
  /** Every folder synced on this computer (continuous sync keeps those that finished a first pass going). */
  folderStates(): Promise<FolderState[]>;
  putFolderState(state: FolderState): Promise<void>;
  deleteFolderState(folderId: string): Promise<void>;
  /**
   * Makes the data this owner's (`microsoft:<tid>:<oid>` for a signed-in user, `token:<sha256>` for an API
   * token): when it was written by another owner everything is deleted first — nothing queued under one account
   * is ever sent under another, no cursor of one is resumed by the other. `adoptFrom` names a previous owner known
   * to be the same person (an old API token of the user now signed in): their data is kept and re-stamped.
   * Returns true when it wiped something.
   */
  claim(owner: string, adoptFrom?: string | null): Promise<boolean>;
  close(): void;
}

interface OwnerStamp {
  owner?: string;
  /** Written by builds before sign-in: the SHA-256 of the API token (owner `token:<hash>`). */
  tokenHash?: string;
}

const ownerOf = (stamp: OwnerStamp | undefined) =>
  stamp?.owner ?? (stamp?.tokenHash ? `token:${stamp.tokenHash}` : null);

interface TouchbaseDb extends DBSchema {
  meta: { key: string; value: StoredIndex | OwnerStamp };
  outbox: { key: string; value: OutboxEntry; indexes: { byEnqueued: number } };
  folders: { key: string; value: FolderState };
  seen: { key: string; value: number };
  aliases: { key: string; value: string };
}

const VERSION = 1;
const INDEX_KEY = "customer-index";
const OWNER_KEY = "owner";
const ALL_STORES = ["meta", "outbox", "folders", "seen", "aliases"] as const;

/** Local storage could not be opened (IndexedDB blocked or unavailable in this browser profile). */
export class StorageUnavailableError extends Error {
  readonly code = "storage_unavailable";
  constructor() {
    super(
      "Touchbase cannot use this browser's local storage (IndexedDB), so it cannot keep its cache and outbox. " +
        "Allow site data for the add-in or leave private browsing.",
    );
    this.name = "StorageUnavailableError";
  }
}

type Db = IDBPDatabase<TouchbaseDb>;

async function openDatabase(name: string): Promise<Db> {
  if (typeof indexedDB === "undefined") throw new StorageUnavailableError();
  const db: Db = await openDB<TouchbaseDb>(name, VERSION, {
    upgrade(database) {
      database.createObjectStore("meta");
      const outbox = database.createObjectStore("outbox", { keyPath: "key" });
      outbox.createIndex("byEnqueued", "enqueuedAt");
      database.createObjectStore("folders", { keyPath: "folderId" });
      database.createObjectStore("seen");
      database.createObjectStore("aliases");
    },
    blocking() {
      // Another tab wants to upgrade or delete the database: step aside instead of blocking it.
      db.close();
    },
  }).catch(() => {
    throw new StorageUnavailableError();
  });
  return db;
}

async function addToOutbox(db: Db, ...[entries, extra = {}]: Parameters<LocalStore["addToOutbox"]>) {
  const tx = db.transaction(["outbox", "folders", "seen"], "readwrite");
  const outbox = tx.objectStore("outbox");
  const added: string[] = [];
  for (const entry of entries) {
    if ((await outbox.getKey(entry.key)) === undefined) {
      await outbox.put(entry);
      added.push(entry.key);
    }
  }
  if (extra.folderState) await tx.objectStore("folders").put(extra.folderState);
  const at = Date.now();
  for (const id of extra.seen ?? []) await tx.objectStore("seen").put(at, id);
  await tx.done;
  return added;
}

type OutboxTables = "outboxEntries" | "outboxCount" | "updateOutboxEntries" | "removeFromOutbox";

function outboxTable(db: Db): Pick<LocalStore, OutboxTables> {
  return {
    async outboxEntries() {
      return db.getAllFromIndex("outbox", "byEnqueued");
    },
    async outboxCount() {
      return db.count("outbox");
    },
    async updateOutboxEntries(entries) {
      const tx = db.transaction("outbox", "readwrite");
      for (const entry of entries) {
        if ((await tx.store.getKey(entry.key)) !== undefined) await tx.store.put(entry);
      }
      await tx.done;
    },
    async removeFromOutbox(keys) {
      const tx = db.transaction("outbox", "readwrite");
      await Promise.all(keys.map((key) => tx.store.delete(key)));
      await tx.done;
    },
  };
}

function seenTable(db: Db): Pick<LocalStore, "seenAmong" | "forgetSeen" | "clearSeen"> {
  return {
    async seenAmong(ids) {
      const tx = db.transaction("seen");
      const found = new Set<string>();
      await Promise.all(
        ids.map(async (id) => {
          if ((await tx.store.getKey(id)) !== undefined) found.add(id);
        }),
      );
      await tx.done;
      return found;
    },
    async forgetSeen(ids) {
      const tx = db.transaction("seen", "readwrite");
      await Promise.all(ids.map((id) => tx.store.delete(id)));
      await tx.done;
    },
    async clearSeen() {
      await db.clear("seen");
    },
  };
}

type FolderTables =
  | "getFolderAlias"
  | "putFolderAlias"
  | "getFolderState"
  | "folderStates"
  | "putFolderState"
  | "deleteFolderState";

function folderTables(db: Db): Pick<LocalStore, FolderTables> {
  return {
    async getFolderAlias(name) {
      return (await db.get("aliases", name.toLowerCase())) ?? null;
    },
    async putFolderAlias(name, folderId) {
      await db.put("aliases", folderId, name.toLowerCase());
    },
    async getFolderState(folderId) {
      return (await db.get("folders", folderId)) ?? null;
    },
    async folderStates() {
      return db.getAll("folders");
    },
    async putFolderState(state) {
      await db.put("folders", state);
    },
    async deleteFolderState(folderId) {
      await db.delete("folders", folderId);
    },
  };
}

/** `LocalStore.claim`: data written by another owner is wiped in the same transaction that stamps the new one. */
async function claim(db: Db, owner: string, adoptFrom?: string | null): Promise<boolean> {
  const tx = db.transaction(ALL_STORES, "readwrite");
  const meta = tx.objectStore("meta");
  const previous = ownerOf((await meta.get(OWNER_KEY)) as OwnerStamp | undefined);
  const wipe = previous !== owner && Boolean(previous) && previous !== adoptFrom;
  if (wipe) for (const name of ALL_STORES) await tx.objectStore(name).clear();
  if (previous !== owner) await meta.put({ owner }, OWNER_KEY);
  await tx.done;
  return wipe;
}

/** Opens (creating or upgrading) the database `name` (default "touchbase"). */
export async function openLocalStore(name = "touchbase"): Promise<LocalStore> {
  const db = await openDatabase(name);
  return {
    name,
    async getIndex() {
      return ((await db.get("meta", INDEX_KEY)) as StoredIndex | undefined) ?? null;
    },
    async putIndex(index) {
      await db.put("meta", index, INDEX_KEY);
    },
    addToOutbox: (entries, extra) => addToOutbox(db, entries, extra),
    ...outboxTable(db),
    ...seenTable(db),
    ...folderTables(db),
    claim: (owner, adoptFrom) => claim(db, owner, adoptFrom),
    close() {
      db.close();
    },
  };
}

/** The server URL as one identity: scheme, host and path, without a trailing slash; host in lower case. */
export function serverIdentity(serverUrl: string): string {
  try {
    const url = new URL(serverUrl.trim());
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`.toLowerCase();
  } catch {
    return serverUrl.trim().toLowerCase();
  }
}

/**
 * The database for one Touchbase server and one mailbox: `<prefix>:<hash>`. Another server or another mailbox
 * is another database, so queued emails and folder cursors never cross from one to the other.
 */
export async function localStoreName(prefix: string, serverUrl: string, mailbox: string): Promise<string> {
  const hash = await sha256Hex(`${serverIdentity(serverUrl)}\n${mailbox.trim().toLowerCase()}`);
  return `${prefix}:${hash.slice(0, 32)}`;
}

/** Deletes the database: "delete really deletes" for sign-out and tests. */
export async function deleteLocalStore(name = "touchbase"): Promise<void> {
  await deleteDB(name);
}
