// How label sync moves through one label. GmailLabel.getThreads lists threads newest first by their last message,
// and positions in that list shift as mail arrives or leaves the label, so the position that counts is a date:
// the walk syncs threads newest first down to the floor, remembering that everything newer than `before` is done.
// A remembered list offset is only a hint, trusted after checking the thread just above it. Threads that get mail
// after the run began rise above `top`; the sweep takes them when the walk is done. Re-syncing is harmless (the
// backend is idempotent); skipping is what this prevents.
import { MAX_TIE_IDS, type SyncCursor } from "./sync-cursor";

/** Threads per listing: one round trip each, carrying up to this many summaries. */
export const PAGE_THREADS = 100;

type Thread = GoogleAppsScript.Gmail.GmailThread;

export interface Step {
  /** Threads to sync next, newest first (maybe none). */
  chunk: Thread[];
  /** Where the walk continues afterwards. */
  nextHint: number;
  /** "done": this phase of the label ends with the chunk; "more": call again; "budget": the next thread does not
   * fit in what is left of the slice; "back": threads moved above the hint, so the walk steps back first. */
  status: "done" | "more" | "budget" | "back";
}

const lastMs_ = (t: Thread) => t.getLastMessageDate().getTime();

/** Whether the walk has synced a thread with this id and last-message time. */
export function walked_(cursor: SyncCursor, id: string, lastMs: number): boolean {
  if (cursor.before === null) return false;
  const before = Date.parse(cursor.before);
  // Past the cap, ties count as done: more than MAX_TIE_IDS threads ending in the same millisecond.
  return (
    lastMs > before ||
    (lastMs === before && (cursor.tieIds.includes(id) || cursor.tieIds.length >= MAX_TIE_IDS))
  );
}

/** Nothing to sync there: walked already, or newer than the run (the sweep's). */
function passed_(cursor: SyncCursor, t: Thread): boolean {
  const last = lastMs_(t);
  return last > Date.parse(cursor.top) || walked_(cursor, t.getId(), last);
}

/** The walk's next threads, newest first, down to the floor and within `maxMessages` messages. */
/** `atLeastOne`: take the next thread even if it alone exceeds `maxMessages` (a slice's first step must move). */
export function walkStep_(
  label: GoogleAppsScript.Gmail.GmailLabel,
  cursor: SyncCursor,
  maxMessages: number,
  atLeastOne: boolean,
): Step {
  const hint = cursor.hint;
  // List from just above the hint: if that thread is passed, so is every thread above it (the list is sorted).
  const listed = label.getThreads(Math.max(0, hint - 1), PAGE_THREADS + (hint > 0 ? 1 : 0));
  if (hint > 0 && (listed.length === 0 || !passed_(cursor, listed[0]))) {
    return { chunk: [], nextHint: Math.max(0, hint - PAGE_THREADS), status: "back" };
  }
  const threads = hint > 0 ? listed.slice(1) : listed;
  const floor = Date.parse(cursor.floor);
  const chunk: Thread[] = [];
  let messages = 0;
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i];
    if (passed_(cursor, t)) continue;
    if (lastMs_(t) < floor) return { chunk, nextHint: hint + i, status: "done" };
    const count = t.getMessageCount();
    if (messages + count > maxMessages && (chunk.length > 0 || !atLeastOne)) {
      return { chunk, nextHint: hint + i, status: chunk.length ? "more" : "budget" };
    }
    chunk.push(t);
    messages += count;
  }
  return {
    chunk,
    nextHint: hint + threads.length,
    status: threads.length < PAGE_THREADS ? "done" : "more",
  };
}

/** After syncing a walk chunk: everything newer than its last (oldest) thread is done. */
export function markWalked_(cursor: SyncCursor, chunk: Thread[]): void {
  if (chunk.length === 0) return;
  const oldest = lastMs_(chunk[chunk.length - 1]);
  const before = new Date(oldest).toISOString();
  const ties = chunk.filter((t) => lastMs_(t) === oldest).map((t) => t.getId());
  cursor.tieIds = cursor.before === before ? [...new Set([...cursor.tieIds, ...ties])] : ties;
  cursor.tieIds = cursor.tieIds.slice(0, MAX_TIE_IDS);
  cursor.before = before;
}

/**
 * The sweep's next threads: those whose last message is newer than the run's start (new threads, or threads
 * that got a reply while the run was walking), up to `limit` of them per run; any beyond are the next run's.
 */
export function sweepStep_(
  label: GoogleAppsScript.Gmail.GmailLabel,
  cursor: SyncCursor,
  maxMessages: number,
  atLeastOne: boolean,
  limit: number,
): Step {
  const top = Date.parse(cursor.top);
  const threads = label.getThreads(0, PAGE_THREADS);
  const chunk: Thread[] = [];
  let messages = 0;
  for (const t of threads) {
    if (lastMs_(t) <= top) return { chunk, nextHint: 0, status: "done" };
    if (cursor.lateIds.includes(t.getId())) continue;
    if (cursor.lateIds.length + chunk.length >= limit) return { chunk, nextHint: 0, status: "done" };
    const count = t.getMessageCount();
    if (messages + count > maxMessages && (chunk.length > 0 || !atLeastOne)) {
      return { chunk, nextHint: 0, status: chunk.length ? "more" : "budget" };
    }
    chunk.push(t);
    messages += count;
  }
  return { chunk, nextHint: 0, status: threads.length < PAGE_THREADS ? "done" : "more" };
}
