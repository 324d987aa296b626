// The outbox's entries, outcomes and status, and its interface (outbox.ts implements it).
import type { BatchStatus, EmailInput } from "../../../shared";
import type { FolderState } from "./folder-types";

/** An email waiting in the outbox. Keyed by its dedupe key, so enqueuing the same message twice keeps one. */
export interface OutboxEntry {
  key: string;
  email: EmailInput;
  /** Where it came from: a folder sync (`folder:<id>`), a selection, or the open message. */
  origin: string;
  enqueuedAt: number;
  attempts: number;
  /** Do not try again before this time (ms since epoch). */
  notBefore: number;
  lastError: { code: string; message: string } | null;
}

/** What happened to a message after upload (the server's batch status), or that it is still waiting. */
export interface OutboxOutcome {
  key: string;
  messageId: string;
  origin: string;
  status: BatchStatus | "queued";
  emailId?: string;
  customerIds?: string[];
  reason?: string;
}

export interface OutboxStatus {
  pending: number;
  /** True while a drain is sending. */
  draining: boolean;
  online: boolean;
  lastError: { code: string; message: string } | null;
  /** When the next automatic retry happens (ms since epoch), or null. */
  nextAttemptAt: number | null;
}

export interface OnlineSignal {
  isOnline(): boolean;
  /** Calls back when connectivity returns; returns an unsubscribe function. */
  onOnline(listener: () => void): () => void;
}

export interface Outbox {
  /**
   * Adds emails (deduplicated by key); does not send. Returns their keys. `folderState` is saved in the same
   * IndexedDB transaction (folder sync's cursor moves exactly when its emails are safely queued).
   */
  enqueue(
    emails: EmailInput[],
    origin: string,
    extra?: { folderState?: FolderState; seen?: string[] },
  ): Promise<string[]>;
  /** Called with every upload's outcomes, whoever started the drain; returns an unsubscribe function. */
  onOutcomes(listener: (outcomes: OutboxOutcome[]) => void): () => void;
  /** How many queued emails came from `origin`. */
  pendingFor(origin: string): Promise<number>;
  /**
   * Sends what is due, in batches of ≤ 100; failures stay with backoff. Resolves with this drain's outcomes.
   * `retryNow` makes everything due first (Retry now, or the server answered again).
   */
  drain(options?: { retryNow?: boolean }): Promise<OutboxOutcome[]>;
  status(): OutboxStatus;
  /** Called on every status change (pending count, online/offline, errors). */
  subscribe(listener: (status: OutboxStatus) => void): () => void;
  /** Outcomes of the last upload of each key (kept for the session). */
  outcome(key: string): OutboxOutcome | undefined;
  /** Starts automatic retries (timers + online events); `stop` ends them. */
  start(): void;
  stop(): void;
}
