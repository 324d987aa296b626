import {
  applyIndexChanges,
  buildCustomerIndex,
  type AsyncApi,
  type CustomerIndex,
  type Viewer,
} from "../../../shared";
import type { LocalStore } from "./local-store";
import type { CustomerIndexCache, StoredIndex, StoredSnapshot } from "./customer-index-types";

interface CacheOptions {
  store: LocalStore;
  api: AsyncApi;
  viewer: Viewer;
  now?: () => number;
  /** Skip the server when the snapshot was confirmed this recently (default 60 s). */
  freshForMs?: number;
}

/** The cache's state: the stored snapshot, the index built from it, the refresh in flight, who listens. */
interface CacheState {
  stored: StoredIndex | null;
  index: CustomerIndex | null;
  inFlight: Promise<{ changed: boolean }> | null;
  readonly listeners: Set<() => void>;
}

/** The server said 304: the snapshot is confirmed as of now. */
async function confirm(state: CacheState, options: CacheOptions, now: number): Promise<void> {
  if (!state.stored) return;
  state.stored = { ...state.stored, checkedAt: now };
  await options.store.putIndex(state.stored);
}

/** The server sent the snapshot or its changes since our version: store, rebuild the index, tell listeners. */
async function applyChanges(
  state: CacheState,
  options: CacheOptions,
  answer: { etag: string; snapshot: Parameters<typeof applyIndexChanges>[1] },
  now: number,
): Promise<void> {
  // Snapshots stored here always came from the server, whose exclusions carry ids.
  type ServerSnapshot = Parameters<typeof applyIndexChanges>[0];
  const base = (state.stored?.snapshot ?? null) as ServerSnapshot;
  const snapshot: StoredSnapshot = applyIndexChanges(base, answer.snapshot);
  state.stored = { snapshot, etag: answer.etag, checkedAt: now };
  await options.store.putIndex(state.stored);
  state.index = buildCustomerIndex(snapshot);
  for (const listener of state.listeners) listener();
}

/** One conditional `GET /customer-index` (If-None-Match and `since`). */
async function fetchChanges(state: CacheState, options: CacheOptions): Promise<{ changed: boolean }> {
  const now = options.now ?? Date.now;
  const answer = await options.api.customerIndex({
    etag: state.stored?.etag || undefined,
    since: state.stored?.snapshot.version || undefined,
  });
  if (answer.notModified) {
    await confirm(state, options, now());
    return { changed: false };
  }
  await applyChanges(state, options, answer, now());
  return { changed: true };
}

function refresh(state: CacheState, options: CacheOptions, force = false): Promise<{ changed: boolean }> {
  const now = options.now ?? Date.now;
  const freshForMs = options.freshForMs ?? 60_000;
  if (!force && state.stored && now() - state.stored.checkedAt < freshForMs)
    return Promise.resolve({ changed: false });
  // Concurrent callers (pane + outbox + folder sync) share one request.
  state.inFlight ??= fetchChanges(state, options).finally(() => (state.inFlight = null));
  return state.inFlight;
}

/**
 * The customer index, kept in IndexedDB and refreshed with the backend's ETag and `since` version: when nothing
 * changed the refresh is one conditional GET answered 304; when a little changed only the changes travel.
 */
export async function createCustomerIndexCache(options: CacheOptions): Promise<CustomerIndexCache> {
  const stored = await options.store.getIndex();
  const state: CacheState = {
    stored,
    index: stored ? buildCustomerIndex(stored.snapshot) : null,
    inFlight: null,
    listeners: new Set(),
  };
  return {
    current() {
      const { stored: s, index } = state;
      return s && index ? { index, snapshot: s.snapshot, etag: s.etag, checkedAt: s.checkedAt } : null;
    },
    refresh: (request = {}) => refresh(state, options, request.force),
    async classify(message) {
      if (!state.index) await refresh(state, options, true);
      if (!state.index) throw new Error("customer index unavailable"); // refresh either set it or threw
      return state.index.classify(message, options.viewer);
    },
    subscribe(listener) {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
  };
}
