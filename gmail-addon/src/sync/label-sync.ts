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
import { readMessage_ } from "../gmail/read-message";
import { viewerAddress_ } from "../lookup/message-context";
import {
  finishRun_,
  newCursor_,
  readCursor_,
  saveCursor_,
  type LastRun,
  type SyncCursor,
} from "./sync-cursor";
import { addCounts_, emptyCounts_, SyncSession, type Candidate, type SyncCounts } from "./sync-session";

export const SLICE_BUDGET_MS = 25_000;
/** Threads per page: small enough that one page never threatens the time budget. */
export const PAGE_THREADS = 25;

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
    while (cursor.label < cursor.labels.length) {
      // Stop while a further page (judged by the last one) still fits in the budget.
      if (Date.now() - startedAtMs + Math.max(pageMs * 1.5, 500) > budgetMs) break;
      const pageStart = Date.now();
      const name = cursor.labels[cursor.label];
      const label = GmailApp.getUserLabelByName(name);
      if (!label) {
        cursor.missingLabels.push(name);
        nextLabel_(cursor);
        continue;
      }
      const threads = label.getThreads(cursor.start, PAGE_THREADS);
      const messages = threads.length ? GmailApp.getMessagesForThreads(threads) : [];
      const candidates: Candidate[] = [];
      let reachedCutoff = false;
      threads.forEach((thread, i) => {
        // Threads come newest first, so the first one entirely before the cutoff ends this label.
        if (thread.getLastMessageDate() < cutoff) {
          reachedCutoff = true;
          return;
        }
        const threadId = thread.getId();
        const inWindow = messages[i].filter((m) => !m.isDraft() && m.getDate() >= cutoff);
        for (const m of inWindow.reverse()) candidates.push({ message: m, read: readMessage_(m, threadId) });
      });
      const counts = session.syncCandidates_(candidates);
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
