// Label sync's resumable position in UserProperties. One value must stay under Apps Script's 9 KB limit, so the
// cursor holds positions and counters only; label choices are bounded when they are saved.
import { PROPERTY_VALUE_LIMIT } from "../config/user-config";
import { emptyCounts_, type SyncCounts } from "./sync-session";

const CURSOR_KEY = "tb.syncCursor";
const LAST_RUN_KEY = "tb.lastRun";

export interface SyncCursor {
  v: 1;
  runId: string;
  labels: string[];
  /** Index into labels of the label being walked. */
  label: number;
  /** Threads of that label already done (GmailLabel.getThreads is newest first). */
  start: number;
  /** Messages older than this are outside the lookback window. */
  cutoff: string;
  startedAt: string;
  slices: number;
  counts: SyncCounts;
  missingLabels: string[];
}

export interface LastRun {
  finishedAt: string;
  startedAt: string;
  labels: string[];
  slices: number;
  counts: SyncCounts;
  missingLabels: string[];
}

function props_(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

function parse_<T>(raw: string | null): T | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function readCursor_(): SyncCursor | null {
  const cursor = parse_<SyncCursor>(props_().getProperty(CURSOR_KEY));
  return cursor && cursor.v === 1 && Array.isArray(cursor.labels) ? cursor : null;
}

export function newCursor_(labels: string[], cutoff: Date, now: Date): SyncCursor {
  return {
    v: 1,
    runId: String(now.getTime()),
    labels,
    label: 0,
    start: 0,
    cutoff: cutoff.toISOString(),
    startedAt: now.toISOString(),
    slices: 0,
    counts: emptyCounts_(),
    missingLabels: [],
  };
}

export function saveCursor_(cursor: SyncCursor): void {
  const value = JSON.stringify(cursor);
  if (value.length > PROPERTY_VALUE_LIMIT)
    throw new Error("The label sync position no longer fits in Apps Script storage.");
  props_().setProperty(CURSOR_KEY, value);
}

export function finishRun_(cursor: SyncCursor, now: Date): LastRun {
  const last: LastRun = {
    finishedAt: now.toISOString(),
    startedAt: cursor.startedAt,
    labels: cursor.labels,
    slices: cursor.slices,
    counts: cursor.counts,
    missingLabels: cursor.missingLabels,
  };
  props_().setProperty(LAST_RUN_KEY, JSON.stringify(last));
  props_().deleteProperty(CURSOR_KEY);
  return last;
}

export function readLastRun_(): LastRun | null {
  return parse_<LastRun>(props_().getProperty(LAST_RUN_KEY));
}

export function clearCursor_(): void {
  props_().deleteProperty(CURSOR_KEY);
}
