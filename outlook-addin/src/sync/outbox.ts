import {
  ApiError,
  emailKey,
  normalizeMessageId,
  unreachableError,
  uploadBatches,
  type AsyncApi,
  type BatchResult,
} from "../../../shared";
import type { LocalStore } from "./local-store";
import type { OnlineSignal, Outbox, OutboxEntry, OutboxOutcome, OutboxStatus } from "./outbox-types";

/** Exponential backoff with jitter for the outbox: attempt 1 → 1–2 s, doubling, capped at 5 minutes. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(5 * 60_000, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** `navigator.onLine` and the window's `online` event (a hint only: a drain finds out for sure). */
export function browserOnlineSignal(): OnlineSignal {
  return {
    isOnline: () => (typeof navigator === "undefined" ? true : navigator.onLine !== false),
    onOnline(listener) {
      if (typeof window === "undefined") return () => undefined;
      window.addEventListener("online", listener);
      return () => window.removeEventListener("online", listener);
    },
  };
}

const alwaysOnline: OnlineSignal = { isOnline: () => true, onOnline: () => () => undefined };

/**
 * Emails waiting to upload, in IndexedDB: they survive reloads, crashes and offline spells. A drain sends what
 * is due; a failure the server may recover from (unreachable, 429, 5xx) keeps the emails with a growing backoff.
 * The server de-duplicates by Message-ID, so an upload that succeeded but whose answer was lost is harmless.
 */
export function createOutbox(options: {
  store: LocalStore;
  api: AsyncApi;
  online?: OnlineSignal;
  now?: () => number;
  random?: () => number;
}): Outbox {
  const { store, api } = options;
  const online = options.online ?? alwaysOnline;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const listeners = new Set<(status: OutboxStatus) => void>();
  const outcomeListeners = new Set<(outcomes: OutboxOutcome[]) => void>();
  const outcomes = new Map<string, OutboxOutcome>();
  const state: OutboxStatus = {
    pending: 0,
    draining: false,
    online: online.isOnline(),
    lastError: null,
    nextAttemptAt: null,
  };
  let draining: Promise<OutboxOutcome[]> | null = null;
  let followUp: Promise<OutboxOutcome[]> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopOnline: (() => void) | null = null;
  let started = false;

  const emit = () => {
    const snapshot = { ...state };
    for (const listener of listeners) listener(snapshot);
  };
  const refreshCount = async () => {
    state.pending = await store.outboxCount();
  };

  function schedule(entries: OutboxEntry[]) {
    const next = entries.length ? entries.reduce((min, e) => Math.min(min, e.notBefore), Infinity) : null;
    state.nextAttemptAt = next;
    if (timer) clearTimeout(timer);
    timer = null;
    if (started && next !== null) {
      timer = setTimeout(() => void outbox.drain().catch(() => undefined), Math.max(0, next - now()) + 50);
    }
  }

  function resultFor(entry: OutboxEntry, results: BatchResult[], position: number): BatchResult | undefined {
    const id = normalizeMessageId(entry.email.messageId);
    return results.find((r) => normalizeMessageId(r.messageId) === id) ?? results[position];
  }

  async function sendBatch(batch: OutboxEntry[]): Promise<OutboxOutcome[]> {
    const response = await api.syncEmails(batch.map((e) => e.email));
    const done: OutboxOutcome[] = batch.map((entry, i) => {
      const result = resultFor(entry, response.results, i);
      const outcome: OutboxOutcome = {
        key: entry.key,
        messageId: entry.email.messageId,
        origin: entry.origin,
        status: result?.status ?? "invalid",
        emailId: result?.emailId,
        customerIds: result?.customerIds,
        reason: result ? result.reason : "The server did not answer for this email.",
      };
      outcomes.set(entry.key, outcome);
      return outcome;
    });
    await store.removeFromOutbox(batch.map((e) => e.key));
    for (const listener of outcomeListeners) listener(done);
    return done;
  }

  async function postpone(batch: OutboxEntry[], error: ApiError): Promise<void> {
    const t = now();
    await store.updateOutboxEntries(
      batch.map((entry) => ({
        ...entry,
        attempts: entry.attempts + 1,
        notBefore: t + backoffDelay(entry.attempts + 1, random),
        lastError: { code: error.code, message: error.message },
      })),
    );
  }

  async function runDrain(): Promise<OutboxOutcome[]> {
    const result: OutboxOutcome[] = [];
    state.online = online.isOnline();
    if (!state.online) {
      await refreshCount();
      schedule(await store.outboxEntries());
      emit();
      return result;
    }
    state.draining = true;
    emit();
    try {
      const due = (await store.outboxEntries()).filter((e) => e.notBefore <= now());
      const queue = uploadBatches(due, (entry) => entry.email);
      while (queue.length) {
        const batch = queue.shift() as OutboxEntry[];
        try {
          result.push(...(await sendBatch(batch)));
          state.lastError = null;
        } catch (thrown) {
          const error = thrown instanceof ApiError ? thrown : unreachableError();
          if (!error.retryable && error.status !== 401 && error.status !== 403 && batch.length > 1) {
            // One bad email must not hold the others back: retry them one by one.
            queue.unshift(...batch.map((entry) => [entry]));
            continue;
          }
          if (!error.retryable && error.status !== 401 && error.status !== 403) {
            const [entry] = batch;
            const outcome: OutboxOutcome = {
              key: entry.key,
              messageId: entry.email.messageId,
              origin: entry.origin,
              status: "invalid",
              reason: error.message,
            };
            outcomes.set(entry.key, outcome);
            result.push(outcome);
            await store.removeFromOutbox([entry.key]);
            for (const listener of outcomeListeners) listener([outcome]);
            continue;
          }
          // The server is down, busy, or refuses the token: keep everything, try again later.
          state.lastError = { code: error.code, message: error.message };
          await postpone([batch, ...queue].flat(), error);
          break;
        }
        await refreshCount();
        emit();
      }
    } finally {
      state.draining = false;
      await refreshCount();
      schedule(await store.outboxEntries());
      emit();
    }
    return result;
  }

  const outbox: Outbox = {
    async enqueue(emails, origin, extra) {
      const t = now();
      const entries: OutboxEntry[] = emails.map((email) => ({
        key: emailKey(email),
        email,
        origin,
        enqueuedAt: t,
        attempts: 0,
        notBefore: t,
        lastError: null,
      }));
      await store.addToOutbox(entries, extra);
      await refreshCount();
      emit();
      return entries.map((e) => e.key);
    },
    drain() {
      if (!draining) {
        draining = runDrain().finally(() => (draining = null));
        return draining;
      }
      // A drain is running and may have read the queue before the caller's enqueue: run once more after it.
      followUp ??= draining
        .catch(() => [])
        .then(() => {
          followUp = null;
          return outbox.drain();
        });
      return followUp;
    },
    status: () => ({ ...state }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    outcome: (key) => outcomes.get(key),
    onOutcomes(listener) {
      outcomeListeners.add(listener);
      return () => outcomeListeners.delete(listener);
    },
    async pendingFor(origin) {
      return (await store.outboxEntries()).filter((e) => e.origin === origin).length;
    },
    start() {
      if (started) return;
      started = true;
      stopOnline = online.onOnline(() => {
        state.online = true;
        // Connectivity is back: everything waiting is due now, whatever its backoff said.
        void (async () => {
          const due = now();
          await store.updateOutboxEntries(
            (await store.outboxEntries()).map((e) => ({ ...e, notBefore: due })),
          );
          await outbox.drain();
        })().catch(() => undefined);
      });
      void outbox.drain().catch(() => undefined);
    },
    stop() {
      started = false;
      stopOnline?.();
      stopOnline = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  return outbox;
}

/** Drains the outbox, giving up waiting (not the upload) at the deadline. */
export async function drainUntil(
  outbox: Outbox,
  deadline: number | undefined,
  now: () => number,
): Promise<void> {
  const drain = outbox.drain().catch(() => []);
  if (deadline === undefined) {
    await drain;
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([drain, new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - now()))))]);
  clearTimeout(timer);
}
