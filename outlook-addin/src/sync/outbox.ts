import { emailKey, type AsyncApi } from "../../../shared";
import {
  backoffDelay,
  emitStatus,
  refreshCount,
  sendDue,
  type OutboxContext,
  type OutboxState,
} from "./outbox-drain";
import type { OnlineSignal, Outbox, OutboxEntry, OutboxOutcome } from "./outbox-types";
import type { LocalStore } from "./local-store";

export { backoffDelay };

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

/** Sets the automatic retry at the earliest `notBefore` (while started). */
function schedule(
  ctx: OutboxContext,
  state: OutboxState,
  entries: OutboxEntry[],
  drain: () => unknown,
): void {
  const next = entries.length ? entries.reduce((min, e) => Math.min(min, e.notBefore), Infinity) : null;
  state.status.nextAttemptAt = next;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  if (state.started && next !== null) {
    state.timer = setTimeout(drain, Math.max(0, next - ctx.now()) + 50);
  }
}

/** One drain: offline, it only recounts and reschedules; online, it sends what is due. */
async function runDrain(ctx: OutboxContext, state: OutboxState): Promise<OutboxOutcome[]> {
  const retry = () => void drain(ctx, state).catch(() => undefined);
  state.status.online = ctx.online.isOnline();
  if (!state.status.online) {
    await refreshCount(ctx, state);
    schedule(ctx, state, await ctx.store.outboxEntries(), retry);
    emitStatus(state);
    return [];
  }
  state.status.draining = true;
  emitStatus(state);
  try {
    return await sendDue(ctx, state);
  } finally {
    state.status.draining = false;
    await refreshCount(ctx, state);
    schedule(ctx, state, await ctx.store.outboxEntries(), retry);
    emitStatus(state);
  }
}

/** Everything waiting is due now, whatever its backoff said (connectivity is back, Retry now, the server answered). */
async function makeAllDue(ctx: OutboxContext): Promise<void> {
  const due = ctx.now();
  await ctx.store.updateOutboxEntries(
    (await ctx.store.outboxEntries()).map((e) => ({ ...e, notBefore: due })),
  );
}

/** Sends what is due; one drain at a time, and a drain asked for during one runs once more after it. */
function drain(
  ctx: OutboxContext,
  state: OutboxState,
  options?: { retryNow?: boolean },
): Promise<OutboxOutcome[]> {
  if (options?.retryNow) return makeAllDue(ctx).then(() => drain(ctx, state));
  if (!state.draining) {
    state.draining = runDrain(ctx, state).finally(() => (state.draining = null));
    return state.draining;
  }
  // A drain is running and may have read the queue before the caller's enqueue: run once more after it.
  state.followUp ??= state.draining
    .catch(() => [])
    .then(() => {
      state.followUp = null;
      return drain(ctx, state);
    });
  return state.followUp;
}

function newEntries(emails: OutboxEntry["email"][], origin: string, t: number): OutboxEntry[] {
  return emails.map((email) => ({
    key: emailKey(email),
    email,
    origin,
    enqueuedAt: t,
    attempts: 0,
    notBefore: t,
    lastError: null,
  }));
}

async function enqueue(
  ctx: OutboxContext,
  state: OutboxState,
  ...[emails, origin, extra]: Parameters<Outbox["enqueue"]>
): Promise<string[]> {
  const entries = newEntries(emails, origin, ctx.now());
  await ctx.store.addToOutbox(entries, extra);
  await refreshCount(ctx, state);
  emitStatus(state);
  return entries.map((e) => e.key);
}

/** Automatic retries: at each entry's backoff, and at once when connectivity returns. */
function start(ctx: OutboxContext, state: OutboxState): void {
  if (state.started) return;
  state.started = true;
  state.stopOnline = ctx.online.onOnline(() => {
    state.status.online = true;
    void drain(ctx, state, { retryNow: true }).catch(() => undefined);
  });
  void drain(ctx, state).catch(() => undefined);
}

function stop(state: OutboxState): void {
  state.started = false;
  state.stopOnline?.();
  state.stopOnline = null;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
}

function initialState(ctx: OutboxContext): OutboxState {
  return {
    status: {
      pending: 0,
      draining: false,
      online: ctx.online.isOnline(),
      lastError: null,
      nextAttemptAt: null,
    },
    outcomes: new Map(),
    statusListeners: new Set(),
    outcomeListeners: new Set(),
    draining: null,
    followUp: null,
    timer: null,
    started: false,
    stopOnline: null,
  };
}

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
  const ctx: OutboxContext = {
    store: options.store,
    api: options.api,
    online: options.online ?? alwaysOnline,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
  const state = initialState(ctx);
  return {
    enqueue: (...args) => enqueue(ctx, state, ...args),
    drain: (drainOptions) => drain(ctx, state, drainOptions),
    status: () => ({ ...state.status }),
    subscribe(listener) {
      state.statusListeners.add(listener);
      return () => state.statusListeners.delete(listener);
    },
    outcome: (key) => state.outcomes.get(key),
    onOutcomes(listener) {
      state.outcomeListeners.add(listener);
      return () => state.outcomeListeners.delete(listener);
    },
    pendingFor: async (origin) => (await ctx.store.outboxEntries()).filter((e) => e.origin === origin).length,
    start: () => start(ctx, state),
    stop: () => stop(state),
  };
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
