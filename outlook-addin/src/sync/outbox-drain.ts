// The outbox's drain as named steps over one explicit state: send what is due in upload batches, record each
// email's outcome, split a batch the server refuses, and keep everything with a backoff when the server is
// down, busy or refuses the token. outbox.ts wires these steps to timers, online events and listeners.
import {
  ApiError,
  normalizeMessageId,
  unreachableError,
  uploadBatches,
  type AsyncApi,
  type BatchResult,
} from "../../../shared";
import type { LocalStore } from "./local-store";
import type { OnlineSignal, OutboxEntry, OutboxOutcome, OutboxStatus } from "./outbox-types";

export interface OutboxContext {
  store: LocalStore;
  api: AsyncApi;
  online: OnlineSignal;
  now: () => number;
  random: () => number;
}

/** Everything the outbox keeps between calls. */
export interface OutboxState {
  status: OutboxStatus;
  /** The last outcome of each key, for the session. */
  outcomes: Map<string, OutboxOutcome>;
  statusListeners: Set<(status: OutboxStatus) => void>;
  outcomeListeners: Set<(outcomes: OutboxOutcome[]) => void>;
  /** The running drain, and the one queued to run after it. */
  draining: Promise<OutboxOutcome[]> | null;
  followUp: Promise<OutboxOutcome[]> | null;
  /** The automatic retry at the earliest `notBefore`. */
  timer: ReturnType<typeof setTimeout> | null;
  started: boolean;
  stopOnline: (() => void) | null;
}

/** Exponential backoff with jitter for the outbox: attempt 1 → 1–2 s, doubling, capped at 5 minutes. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(5 * 60_000, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function emitStatus(state: OutboxState): void {
  const snapshot = { ...state.status };
  for (const listener of state.statusListeners) listener(snapshot);
}

export async function refreshCount(ctx: OutboxContext, state: OutboxState): Promise<void> {
  state.status.pending = await ctx.store.outboxCount();
}

/** Records outcomes, removes their emails from the queue and tells the listeners. */
async function settle(ctx: OutboxContext, state: OutboxState, outcomes: OutboxOutcome[]): Promise<void> {
  for (const outcome of outcomes) state.outcomes.set(outcome.key, outcome);
  await ctx.store.removeFromOutbox(outcomes.map((o) => o.key));
  for (const listener of state.outcomeListeners) listener(outcomes);
}

function resultFor(entry: OutboxEntry, results: BatchResult[], position: number): BatchResult | undefined {
  const id = normalizeMessageId(entry.email.messageId);
  return results.find((r) => normalizeMessageId(r.messageId) === id) ?? results[position];
}

function outcomeOf(entry: OutboxEntry, result: BatchResult | undefined): OutboxOutcome {
  return {
    key: entry.key,
    messageId: entry.email.messageId,
    origin: entry.origin,
    status: result?.status ?? "invalid",
    emailId: result?.emailId,
    customerIds: result?.customerIds,
    reason: result ? result.reason : "The server did not answer for this email.",
  };
}

async function sendBatch(
  ctx: OutboxContext,
  state: OutboxState,
  batch: OutboxEntry[],
): Promise<OutboxOutcome[]> {
  const response = await ctx.api.syncEmails(batch.map((e) => e.email));
  const outcomes = batch.map((entry, i) => outcomeOf(entry, resultFor(entry, response.results, i)));
  await settle(ctx, state, outcomes);
  return outcomes;
}

/** The server refused this one email for good: it leaves the queue as invalid, with the server's sentence. */
async function refuse(ctx: OutboxContext, state: OutboxState, entry: OutboxEntry, error: ApiError) {
  const outcome: OutboxOutcome = {
    key: entry.key,
    messageId: entry.email.messageId,
    origin: entry.origin,
    status: "invalid",
    reason: error.message,
  };
  await settle(ctx, state, [outcome]);
  return outcome;
}

async function postpone(ctx: OutboxContext, entries: OutboxEntry[], error: ApiError): Promise<void> {
  const t = ctx.now();
  await ctx.store.updateOutboxEntries(
    entries.map((entry) => ({
      ...entry,
      attempts: entry.attempts + 1,
      notBefore: t + backoffDelay(entry.attempts + 1, ctx.random),
      lastError: { code: error.code, message: error.message },
    })),
  );
}

/** Down, busy (retryable) or a refused token: nothing in the batch is wrong, so everything waits. */
const keepsEverything = (error: ApiError) => error.retryable || error.status === 401 || error.status === 403;

/** Sends the due emails batch by batch; stops (postponing the rest) at the first failure that keeps everything. */
export async function sendDue(ctx: OutboxContext, state: OutboxState): Promise<OutboxOutcome[]> {
  const result: OutboxOutcome[] = [];
  const due = (await ctx.store.outboxEntries()).filter((e) => e.notBefore <= ctx.now());
  const queue = uploadBatches(due, (entry) => entry.email);
  while (queue.length) {
    const batch = queue.shift() as OutboxEntry[];
    try {
      result.push(...(await sendBatch(ctx, state, batch)));
      state.status.lastError = null;
    } catch (thrown) {
      const error = thrown instanceof ApiError ? thrown : unreachableError();
      if (keepsEverything(error)) {
        state.status.lastError = { code: error.code, message: error.message };
        await postpone(ctx, [batch, ...queue].flat(), error);
        break;
      }
      // One bad email must not hold the others back: retry them one by one.
      if (batch.length > 1) queue.unshift(...batch.map((entry) => [entry]));
      else result.push(await refuse(ctx, state, batch[0], error));
      continue;
    }
    await refreshCount(ctx, state);
    emitStatus(state);
  }
  return result;
}
