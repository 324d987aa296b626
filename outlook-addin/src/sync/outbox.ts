import type { AsyncApi } from "../../../shared";
import type { LocalStore } from "./local-store";
import type { OnlineSignal, Outbox } from "./sync-types";

/** Exponential backoff with full jitter: attempt 1 → up to 2 s, doubling, capped at 5 min. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(5 * 60_000, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** `navigator.onLine` and the window's `online` event. */
export function browserOnlineSignal(): OnlineSignal {
  throw new Error("not yet");
}

export function createOutbox(_options: {
  store: LocalStore;
  api: AsyncApi;
  online?: OnlineSignal;
  now?: () => number;
  random?: () => number;
}): Outbox {
  throw new Error("not yet");
}
