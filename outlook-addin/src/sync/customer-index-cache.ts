import {
  applyIndexChanges,
  buildCustomerIndex,
  type AsyncApi,
  type CustomerIndex,
  type Viewer,
} from "../../../shared";
import type { LocalStore } from "./local-store";
import type { CustomerIndexCache, StoredIndex, StoredSnapshot } from "./customer-index-types";

/**
 * The customer index, kept in IndexedDB and refreshed with the backend's ETag and `since` version: when nothing
 * changed the refresh is one conditional GET answered 304; when a little changed only the changes travel.
 */
export async function createCustomerIndexCache(options: {
  store: LocalStore;
  api: AsyncApi;
  viewer: Viewer;
  now?: () => number;
  /** Skip the server when the snapshot was confirmed this recently (default 60 s). */
  freshForMs?: number;
}): Promise<CustomerIndexCache> {
  const now = options.now ?? Date.now;
  const freshForMs = options.freshForMs ?? 60_000;
  const listeners = new Set<() => void>();
  let stored: StoredIndex | null = await options.store.getIndex();
  let index: CustomerIndex | null = stored ? buildCustomerIndex(stored.snapshot) : null;
  let inFlight: Promise<{ changed: boolean }> | null = null;

  async function fetchChanges(): Promise<{ changed: boolean }> {
    const base = stored;
    const answer = await options.api.customerIndex({
      etag: base?.etag || undefined,
      since: base?.snapshot.version || undefined,
    });
    if (answer.notModified) {
      if (base) {
        stored = { ...base, checkedAt: now() };
        await options.store.putIndex(stored);
      }
      return { changed: false };
    }
    // Snapshots stored here always came from the server, whose exclusions carry ids.
    type ServerSnapshot = Parameters<typeof applyIndexChanges>[0];
    const snapshot: StoredSnapshot = applyIndexChanges(
      (base?.snapshot ?? null) as ServerSnapshot,
      answer.snapshot,
    );
    stored = { snapshot, etag: answer.etag, checkedAt: now() };
    await options.store.putIndex(stored);
    index = buildCustomerIndex(snapshot);
    for (const listener of listeners) listener();
    return { changed: true };
  }

  const cache: CustomerIndexCache = {
    current() {
      return stored && index
        ? { index, snapshot: stored.snapshot, etag: stored.etag, checkedAt: stored.checkedAt }
        : null;
    },
    refresh(request = {}) {
      if (!request.force && stored && now() - stored.checkedAt < freshForMs)
        return Promise.resolve({ changed: false });
      // Concurrent callers (pane + outbox + folder sync) share one request.
      inFlight ??= fetchChanges().finally(() => (inFlight = null));
      return inFlight;
    },
    async classify(message) {
      if (!index) await cache.refresh({ force: true });
      if (!index) throw new Error("customer index unavailable"); // refresh either set it or threw
      return index.classify(message, options.viewer);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return cache;
}
