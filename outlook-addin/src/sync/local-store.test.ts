import "fake-indexeddb/auto";
import { openDB } from "idb";
import { describe, expect, it } from "vitest";
import { deleteLocalStore, openLocalStore, StorageUnavailableError } from "./local-store";
import type { FolderState } from "./folder-types";
import type { OutboxEntry } from "./outbox-types";

const entry = (key: string): OutboxEntry => ({
  key,
  email: { messageId: `<${key}>`, from: "a@acme.com", sentAt: "2026-01-01T00:00:00Z" },
  origin: "test",
  enqueuedAt: 1,
  attempts: 0,
  notBefore: 0,
  lastError: null,
});

const folder = (folderId: string, cursor: string | null): FolderState => ({
  folderId,
  phase: "delta",
  cursor,
  deltaLink: null,
  cutoff: "2026-01-01T00:00:00Z",
  listNewest: null,
  listNewestIds: [],
  pendingBodies: [],
  totals: { scanned: 0, customer: 0, uploaded: 0, alreadySynced: 0, skipped: 0, removed: 0, queued: 0 },
  passStartedAt: 0,
  lastRunAt: null,
  lastCompletedAt: null,
});

describe("local store (IndexedDB through idb)", () => {
  it("queues each key once and writes the folder cursor and seen ids in the same transaction", async () => {
    const store = await openLocalStore("store-test-1");
    expect(
      await store.addToOutbox([entry("a"), entry("b")], { folderState: folder("f", "page-2"), seen: ["g1"] }),
    ).toEqual(["a", "b"]);
    expect(await store.addToOutbox([entry("b"), entry("c")])).toEqual(["c"]);
    expect((await store.outboxEntries()).map((e) => e.key)).toEqual(["a", "b", "c"]);
    expect((await store.getFolderState("f"))?.cursor).toBe("page-2");
    expect(await store.seenAmong(["g1", "g2"])).toEqual(new Set(["g1"]));
    await store.updateOutboxEntries([
      { ...entry("a"), attempts: 3 },
      { ...entry("zz"), attempts: 1 },
    ]);
    expect((await store.outboxEntries()).find((e) => e.key === "a")?.attempts).toBe(3);
    expect(await store.outboxCount()).toBe(3); // updating an entry that is gone does not bring it back
    await store.removeFromOutbox(["a", "b"]);
    expect(await store.outboxCount()).toBe(1);
    await store.putFolderAlias("Inbox", "AQMk-real");
    expect(await store.getFolderAlias("inbox")).toBe("AQMk-real");
    store.close();
  });

  it("keeps everything across a reopen, and deleting the database really deletes it", async () => {
    const first = await openLocalStore("store-test-2");
    await first.addToOutbox([entry("x")]);
    await first.putIndex({
      snapshot: {
        version: "v1",
        internalDomains: [],
        customers: [],
        contacts: [],
        exclusions: [],
        settings: {
          autoCreateContacts: true,
          lookbackDays: 90,
          skipBulk: true,
          skipAutoReplies: true,
          skipCalendar: true,
          skipNoReply: true,
        },
      },
      etag: "e1",
      checkedAt: 5,
    });
    first.close();
    const second = await openLocalStore("store-test-2");
    expect(await second.outboxCount()).toBe(1);
    expect((await second.getIndex())?.etag).toBe("e1");
    second.close();
    await deleteLocalStore("store-test-2");
    const third = await openLocalStore("store-test-2");
    expect(await third.outboxCount()).toBe(0);
    expect(await third.getIndex()).toBeNull();
    third.close();
  });

  it("belongs to one signed-in user; an older build's token-keyed data is kept only for the same person", async () => {
    // What a build from before sign-in left: queued uploads stamped with the SHA-256 of its API token.
    const legacy = async (name: string) => {
      const store = await openLocalStore(name);
      await store.addToOutbox([entry("queued-before-sign-in")]);
      store.close();
      const db = await openDB(name);
      await db.put("meta", { tokenHash: "abc123" }, "owner");
      db.close();
    };
    await legacy("store-owner-same");
    const same = await openLocalStore("store-owner-same");
    // The old token answered /me with the signed-in user's id: the queue is theirs and stays.
    expect(await same.claim("microsoft:tid:oid-dana", "token:abc123")).toBe(false);
    expect((await same.outboxEntries()).map((e) => e.key)).toEqual(["queued-before-sign-in"]);
    expect(await same.claim("microsoft:tid:oid-dana")).toBe(false);
    // Someone else signing in to this Outlook never inherits it.
    expect(await same.claim("microsoft:tid:oid-sam")).toBe(true);
    expect(await same.outboxCount()).toBe(0);
    same.close();

    await legacy("store-owner-other");
    const other = await openLocalStore("store-owner-other");
    // The old token belonged to someone else (or could not be checked): its data goes.
    expect(await other.claim("microsoft:tid:oid-dana", null)).toBe(true);
    expect(await other.outboxCount()).toBe(0);
    other.close();
  });

  it("without IndexedDB it says so in a sentence", async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: simulating a browser profile without IndexedDB
    delete globalThis.indexedDB;
    try {
      await expect(openLocalStore("store-test-3")).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(openLocalStore("store-test-3")).rejects.toMatchObject({ code: "storage_unavailable" });
    } finally {
      globalThis.indexedDB = saved;
    }
  });
});
