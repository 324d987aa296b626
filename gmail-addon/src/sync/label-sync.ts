// Label sync in slices: each call works for at most its budget (card callbacks get about 30 s), walking each
// chosen label newest first within the lookback window (label-walk.ts), and saves its position after every
// batch so the next call — a click on "Continue", or the hourly trigger — resumes there. Batches are sized from
// the time per message measured so far, so a slice stops before its budget rather than past it. Re-running a
// batch is harmless: the backend is idempotent by Message-ID, and only customer emails are ever uploaded.
import { lookbackCutoff } from "../../../shared";
import { apiConfig_, touchbaseApi_ } from "../api/touchbase-api";
import {
  bumpCacheGeneration_,
  ConfigError,
  DEFAULT_LOOKBACK_DAYS,
  type UserConfig,
} from "../config/user-config";
import { viewerAddress_ } from "../lookup/message-context";
import { markWalked_, sweepStep_, walkStep_, type Step } from "./label-walk";
import {
  finishRun_,
  labelsHash_,
  MAX_LATE_IDS,
  newCursor_,
  nextLabel_,
  noteMissing_,
  readCursor_,
  readLastRun_,
  remember_,
  saveCursor_,
  type LastRun,
  type SyncCursor,
} from "./sync-cursor";
import { addCounts_, emptyCounts_, SyncSession, type LoadedMessage, type SyncCounts } from "./sync-session";

export const SLICE_BUDGET_MS = 25_000;
/** Kept back from the budget for saving the position and answering with the homepage card. */
const RESERVE_MS = 1_000;
/** Time per message assumed until this slice has measured its own (a customer email costs the most). */
const FIRST_ESTIMATE_MS = 100;
const MIN_ESTIMATE_MS = 5;

export interface SliceResult {
  done: boolean;
  cursor: SyncCursor | null;
  lastRun: LastRun | null;
  slice: SyncCounts;
}

export class SyncBusyError extends Error {
  readonly code = "sync_busy";
  constructor() {
    super("A label sync is already running. Try again in a minute.");
  }
}

/** One batch load for the chunk, then the session classifies and uploads its messages inside the window. */
function syncThreads_(session: SyncSession, threads: GoogleAppsScript.Gmail.GmailThread[], cutoff: Date) {
  const messages = GmailApp.getMessagesForThreads(threads);
  const loaded: LoadedMessage[] = [];
  threads.forEach((thread, i) => {
    const threadId = thread.getId();
    for (const m of messages[i])
      if (!m.isDraft() && m.getDate() >= cutoff) loaded.push({ message: m, threadId });
  });
  return { counts: session.syncMessages_(loaded), loaded: messages.reduce((n, list) => n + list.length, 0) };
}

/** The catch-up's overlap with the last run: generous, since re-syncing costs only "duplicate" answers. */
export const CATCH_UP_OVERLAP_MS = 86_400_000;

function startCursor_(config: UserConfig, session: SyncSession, catchUp: boolean): SyncCursor {
  if (config.labels.length === 0) {
    throw new ConfigError("no_labels", "Choose at least one label to sync on the Touchbase homepage.");
  }
  const now = new Date();
  const days = config.lookbackDays ?? session.rules_()?.settings.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const cutoff = lookbackCutoff(now, days);
  // A catch-up (the hourly trigger after a finished run over these labels and at least this window) takes the
  // threads with mail since that run began, less a day, each with all its messages inside the window.
  const last = catchUp ? readLastRun_() : null;
  const since =
    last && last.labelsHash === labelsHash_(config.labels) && Date.parse(last.cutoff) <= cutoff.getTime()
      ? new Date(Date.parse(last.top) - CATCH_UP_OVERLAP_MS)
      : null;
  const floor = since && since > cutoff ? since : cutoff;
  return newCursor_(config.labels, { cutoff, floor, now });
}

export function runLabelSlice_(
  config: UserConfig,
  options: { budgetMs?: number; startedAtMs?: number; restart?: boolean; catchUp?: boolean } = {},
): SliceResult {
  const startedAtMs = options.startedAtMs ?? Date.now();
  const budgetMs = options.budgetMs ?? SLICE_BUDGET_MS;
  const lock = LockService.getUserLock();
  if (!lock.tryLock(1000)) throw new SyncBusyError();
  try {
    const { api } = touchbaseApi_(config);
    const session = new SyncSession(api, apiConfig_(config), viewerAddress_());
    let cursor = options.restart ? null : readCursor_();
    if (cursor && cursor.labelsHash !== labelsHash_(config.labels)) cursor = null;
    cursor ??= startCursor_(config, session, options.catchUp ?? false);
    cursor.slices++;
    const cutoff = new Date(cursor.cutoff);
    const slice = emptyCounts_();
    const labels = new Map<string, GoogleAppsScript.Gmail.GmailLabel | null>();
    let spentMs = 0;
    let spentMessages = 0;
    let unsaved = cursor.slices === 1; // a new run is saved at once, so a slice cut short still leaves one
    while (cursor.label < cursor.labelCount) {
      const left = budgetMs - (Date.now() - startedAtMs) - RESERVE_MS;
      if (left <= 0) break;
      const perMessage = spentMessages
        ? Math.max(MIN_ESTIMATE_MS, spentMs / spentMessages)
        : FIRST_ESTIMATE_MS;
      const maxMessages = Math.floor(left / perMessage);
      const name = config.labels[cursor.label];
      // One lookup per label and slice: each is a round trip to Gmail.
      if (!labels.has(name)) labels.set(name, GmailApp.getUserLabelByName(name));
      const label = labels.get(name);
      if (!label) {
        noteMissing_(cursor, name);
        nextLabel_(cursor);
        unsaved = true;
        continue;
      }
      const first = spentMessages === 0;
      const step: Step =
        cursor.phase === "walk"
          ? walkStep_(label, cursor, maxMessages, first)
          : sweepStep_(label, cursor, maxMessages, first, MAX_LATE_IDS);
      if (step.status === "back") {
        cursor.hint = step.nextHint;
        unsaved = true;
        continue;
      }
      if (step.chunk.length) {
        const began = Date.now();
        const { counts, loaded } = syncThreads_(session, step.chunk, cutoff);
        spentMs += Date.now() - began;
        spentMessages += Math.max(1, loaded);
        Object.assign(slice, addCounts_(slice, counts));
        cursor.counts = addCounts_(cursor.counts, counts);
        if (cursor.phase === "walk") markWalked_(cursor, step.chunk);
        else for (const t of step.chunk) remember_(cursor.lateIds, t.getId(), MAX_LATE_IDS);
      }
      if (cursor.phase === "walk") cursor.hint = step.nextHint;
      if (step.status === "done") {
        if (cursor.phase === "walk") cursor.phase = "sweep";
        else nextLabel_(cursor);
      }
      if (step.status === "budget") break;
      saveCursor_(cursor);
      unsaved = false;
    }
    if (cursor.label >= cursor.labelCount) {
      const lastRun = finishRun_(cursor, config.labels, new Date());
      bumpCacheGeneration_();
      return { done: true, cursor: null, lastRun, slice };
    }
    if (unsaved) saveCursor_(cursor);
    if (slice.stored > 0) bumpCacheGeneration_();
    return { done: false, cursor, lastRun: null, slice };
  } finally {
    lock.releaseLock();
  }
}
