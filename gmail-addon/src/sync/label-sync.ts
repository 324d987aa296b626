// Label sync in slices: each call works for at most SLICE_BUDGET_MS (card callbacks get about 30 s), newest
// threads first within the lookback window, and saves its position after every page so the next call — a
// click on "Continue" or the hourly trigger — resumes there. Re-running a page is harmless: the backend is
// idempotent by Message-ID, and only customer emails are ever uploaded.
import { lookbackCutoff } from "../../../shared";
import { touchbaseApi_ } from "../api/touchbase-api";
import {
  bumpCacheGeneration_,
  ConfigError,
  DEFAULT_LOOKBACK_DAYS,
  type UserConfig,
} from "../config/user-config";
import { viewerAddress_ } from "../lookup/message-context";
import {
  finishRun_,
  newCursor_,
  readCursor_,
  saveCursor_,
  type LastRun,
  type SyncCursor,
} from "./sync-cursor";
import { addCounts_, emptyCounts_, SyncSession, type LoadedMessage, type SyncCounts } from "./sync-session";

export const SLICE_BUDGET_MS = 25_000;
/**
 * Threads per page: one listing call and one batch load each. Larger pages spread those two round trips over
 * more messages; this size keeps a page (whose customer messages need a header and a body read each) to a few
 * seconds, so the slice's time budget is judged finely.
 */
export const PAGE_THREADS = 50;

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

function nextLabel_(cursor: SyncCursor): void {
  cursor.label++;
  cursor.start = 0;
}

export function runLabelSlice_(
  config: UserConfig,
  options: { budgetMs?: number; startedAtMs?: number; restart?: boolean; since?: Date } = {},
): SliceResult {
  const startedAtMs = options.startedAtMs ?? Date.now();
  const budgetMs = options.budgetMs ?? SLICE_BUDGET_MS;
  const lock = LockService.getUserLock();
  if (!lock.tryLock(1000)) throw new SyncBusyError();
  try {
    const { api } = touchbaseApi_(config);
    const session = new SyncSession(
      api,
      { baseUrl: config.serverUrl, token: config.token },
      viewerAddress_(),
    );
    let cursor = options.restart ? null : readCursor_();
    if (cursor && JSON.stringify(cursor.labels) !== JSON.stringify(config.labels)) cursor = null;
    if (cursor === null) {
      if (config.labels.length === 0) {
        throw new ConfigError("no_labels", "Choose at least one label to sync on the Touchbase homepage.");
      }
      const now = new Date();
      const days = config.lookbackDays ?? session.rules_()?.settings.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
      let cutoff = lookbackCutoff(now, days);
      if (options.since && options.since > cutoff) cutoff = options.since;
      cursor = newCursor_(config.labels, cutoff, now);
    }
    cursor.slices++;
    const cutoff = new Date(cursor.cutoff);
    const slice = emptyCounts_();
    let pageMs = 0;
    // One lookup per label and slice, not per page: each is a round trip to Gmail.
    const labels = new Map<string, GoogleAppsScript.Gmail.GmailLabel | null>();
    while (cursor.label < cursor.labels.length) {
      // Stop while a further page (judged by the last one) still fits in the budget.
      if (Date.now() - startedAtMs + Math.max(pageMs * 1.5, 500) > budgetMs) break;
      const pageStart = Date.now();
      const name = cursor.labels[cursor.label];
      if (!labels.has(name)) labels.set(name, GmailApp.getUserLabelByName(name));
      const label = labels.get(name);
      if (!label) {
        cursor.missingLabels.push(name);
        nextLabel_(cursor);
        continue;
      }
      const threads = label.getThreads(cursor.start, PAGE_THREADS);
      // Threads come newest first, so the first one entirely before the cutoff ends this label.
      const inWindow = threads.filter((t) => t.getLastMessageDate() >= cutoff);
      const reachedCutoff = inWindow.length < threads.length;
      // One batch load for the page; the messages' summaries come with it.
      const messages = inWindow.length ? GmailApp.getMessagesForThreads(inWindow) : [];
      const loaded: LoadedMessage[] = [];
      inWindow.forEach((thread, i) => {
        const threadId = thread.getId();
        const recent = messages[i].filter((m) => !m.isDraft() && m.getDate() >= cutoff);
        for (const m of recent.reverse()) loaded.push({ message: m, threadId });
      });
      const counts = session.syncMessages_(loaded);
      Object.assign(slice, addCounts_(slice, counts));
      cursor.counts = addCounts_(cursor.counts, counts);
      if (reachedCutoff || threads.length < PAGE_THREADS) nextLabel_(cursor);
      else cursor.start += threads.length;
      saveCursor_(cursor);
      pageMs = Date.now() - pageStart;
    }
    if (cursor.label >= cursor.labels.length) {
      const lastRun = finishRun_(cursor, new Date());
      bumpCacheGeneration_();
      return { done: true, cursor: null, lastRun, slice };
    }
    saveCursor_(cursor);
    if (slice.stored > 0) bumpCacheGeneration_();
    return { done: false, cursor, lastRun: null, slice };
  } finally {
    lock.releaseLock();
  }
}
