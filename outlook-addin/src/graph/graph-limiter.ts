// Graph lets an app run 4 requests at once against one mailbox, and counts each member of a `$batch` as one of
// them (Graph dispatches up to 4 members of a batch at a time). The limiter hands out those 4 slots: a plain
// request takes 1, a batch takes min(4, members), so a batch of 20 never shares the mailbox with anything else.
// The task pane and the ribbon command run in separate frames of one Outlook window; with Web Locks they share
// one set of slots, so the two together still stay within Graph's limit.

/** Runs `fn` while holding `weight` of the mailbox's concurrency slots. */
export interface GraphLimiter {
  readonly capacity: number;
  run<T>(weight: number, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Graph's documented limit for Outlook resources: 4 concurrent requests per app per mailbox. */
export const MAILBOX_CONCURRENCY = 4;

function abortError(): Error {
  return Object.assign(new Error("The request was stopped."), { name: "AbortError" });
}

/** A weighted FIFO semaphore in this JavaScript context (a big request is never overtaken by small ones). */
export function memoryLimiter(capacity = MAILBOX_CONCURRENCY): GraphLimiter {
  let free = capacity;
  const queue: { weight: number; grant: () => void }[] = [];
  const pump = () => {
    while (queue.length && queue[0].weight <= free) {
      const next = queue.shift()!;
      free -= next.weight;
      next.grant();
    }
  };
  return {
    capacity,
    async run(weight, fn, signal) {
      const w = Math.max(1, Math.min(capacity, Math.floor(weight)));
      if (signal?.aborted) throw abortError();
      await new Promise<void>((resolve, reject) => {
        const entry = { weight: w, grant: () => resolve() };
        queue.push(entry);
        signal?.addEventListener(
          "abort",
          () => {
            const at = queue.indexOf(entry);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(abortError());
              pump();
            }
          },
          { once: true },
        );
        pump();
      });
      try {
        return await fn();
      } finally {
        free += w;
        pump();
      }
    },
  };
}

/** The slice of the Web Locks API (`navigator.locks`) the limiter uses. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { mode?: "exclusive" | "shared"; ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

/**
 * The slots as Web Locks named `<scope>:slot:<n>`, shared by every same-origin frame and worker of the window.
 * A plain request takes any free slot (or queues for one); a batch takes slots 0…k-1 in order. Only batches
 * hold more than one lock and they always lock in the same order, so no two callers can wait on each other.
 */
export function webLocksLimiter(
  locks: LockManagerLike,
  scope: string,
  capacity = MAILBOX_CONCURRENCY,
): GraphLimiter {
  const slot = (n: number) => `${scope}:slot:${n}`;
  let turn = 0;
  const NOT_FREE = Symbol("not free");

  async function single<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let i = 0; i < capacity; i++) {
      const n = (turn + i) % capacity;
      const result = await locks.request<{ value: T } | typeof NOT_FREE>(
        slot(n),
        { ifAvailable: true },
        (lock) => (lock ? fn().then((value) => ({ value })) : NOT_FREE),
      );
      if (result !== NOT_FREE) {
        turn = n + 1;
        return (result as { value: T }).value;
      }
    }
    // All busy: wait for one of them, spreading waiters over the slots.
    const n = turn++ % capacity;
    return locks.request(slot(n), { signal }, () => fn());
  }

  function several<T>(count: number, fn: () => Promise<T>, signal?: AbortSignal, from = 0): Promise<T> {
    if (from === count) return fn();
    return locks.request(slot(from), { signal }, () => several(count, fn, signal, from + 1));
  }

  return {
    capacity,
    run(weight, fn, signal) {
      if (signal?.aborted) return Promise.reject(abortError());
      const w = Math.max(1, Math.min(capacity, Math.floor(weight)));
      return w === 1 ? single(fn, signal) : several(w, fn, signal);
    },
  };
}

const perContext = new Map<string, GraphLimiter>();

/**
 * The limiter every Graph client of this mailbox uses: Web Locks where the browser has them (shared with the
 * other add-in frames of the window), else one per JavaScript context.
 */
export function sharedGraphLimiter(scope: string): GraphLimiter {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks && typeof locks.request === "function") return webLocksLimiter(locks, scope);
  let limiter = perContext.get(scope);
  if (!limiter) perContext.set(scope, (limiter = memoryLimiter()));
  return limiter;
}
