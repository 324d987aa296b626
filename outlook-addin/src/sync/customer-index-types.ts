// The customer-index cache's stored snapshot and its interface (customer-index-cache.ts implements it).
import type { Classification, CustomerIndex, CustomerIndexSnapshot, MailMessage } from "../../../shared";

/** The index snapshot the server sent (its exclusions carry ids), as stored locally. */
export type StoredSnapshot = CustomerIndexSnapshot;

export interface StoredIndex {
  snapshot: StoredSnapshot;
  etag: string;
  /** When it was last confirmed with the server (ms since epoch). */
  checkedAt: number;
}

/** The customer-index cache: a local snapshot kept fresh with ETag / `since`. */
export interface CustomerIndexCache {
  /** The cached index (null until the first successful refresh or load). */
  current(): { index: CustomerIndex; snapshot: StoredSnapshot; etag: string; checkedAt: number } | null;
  /**
   * Brings the snapshot up to date: one `GET /customer-index` with If-None-Match (and `since`), a 304 when
   * nothing changed. `force` skips the freshness window (default 60 s between checks).
   */
  refresh(options?: { force?: boolean }): Promise<{ changed: boolean }>;
  /** Classifies a message locally with the cached index (refreshing first when there is none). */
  classify(message: MailMessage): Promise<Classification>;
  /** Called after each change of the snapshot; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}
