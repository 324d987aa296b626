// Label sync's resumable position in UserProperties. A position is a date, not an offset: threads come newest
// first (by their last message), and everything newer than `before` has been synced, so a thread that moves
// because it got a reply, or one that leaves the label, never makes the walk skip another. One value must stay
// under Apps Script's 9 KB: the cursor holds dates, counters and short, capped lists only — the label names stay
// in the settings (a hash ties the cursor to them).
import { stableHash } from "../../../shared";
import { PROPERTY_VALUE_LIMIT } from "../config/user-config";
import { emptyCounts_, type SyncCounts } from "./sync-session";

const CURSOR_KEY = "tb.syncCursor";
const LAST_RUN_KEY = "tb.lastRun";
/** Caps that keep the cursor and the last run's summary a few KB whatever happens. */
export const MAX_TIE_IDS = 50;
export const MAX_LATE_IDS = 50;
export const MAX_NAMES = 10;
export const MAX_NAME_CHARS = 100;

export interface MissingLabels {
  count: number;
  /** The first MAX_NAMES, each cut to MAX_NAME_CHARS. */
  names: string[];
}

export interface SyncCursor {
  v: 2;
  runId: string;
  labelsHash: string;
  labelCount: number;
  /** Index into the chosen labels of the label being synced. */
  label: number;
  /** Messages older than this are outside the lookback window. */
  cutoff: string;
  /** When the run began: threads whose last message is newer belong to the sweep (or the next run). */
  top: string;
  /** Threads whose last message is older are done: the cutoff, or for a catch-up run the last run's start. */
  floor: string;
  /** "walk": newest first down to the floor; "sweep": then the threads that got mail since the run began. */
  phase: "walk" | "sweep";
  /** Walk: every thread of the label whose last message is newer than this (up to `top`) is synced. */
  before: string | null;
  /** Walk: synced threads whose last message is exactly `before` (ties). */
  tieIds: string[];
  /** Walk: where in the label's list the next thread was last seen — a hint, checked before it is trusted. */
  hint: number;
  /** Sweep: threads newer than `top` already synced in this run. */
  lateIds: string[];
  startedAt: string;
  slices: number;
  counts: SyncCounts;
  missing: MissingLabels;
}

export interface LastRun {
  finishedAt: string;
  startedAt: string;
  top: string;
  /** The window it covered: a catch-up continues from it only if it reached back as far as the current one. */
  cutoff: string;
  labelsHash: string;
  labelCount: number;
  /** The first MAX_NAMES label names, for the homepage. */
  labelNames: string[];
  slices: number;
  counts: SyncCounts;
  missing: MissingLabels;
}

export function labelsHash_(labels: string[]): string {
  return stableHash(JSON.stringify(labels));
}

function props_(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

function parse_<T>(raw: string | null | undefined): T | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

/** The cursor from an already-read property map (one read serves the homepage's config, cursor and last run). */
export function cursorFrom_(all: Record<string, string>): SyncCursor | null {
  const cursor = parse_<SyncCursor>(all[CURSOR_KEY]);
  return cursor && cursor.v === 2 && typeof cursor.labelsHash === "string" ? cursor : null;
}

export function lastRunFrom_(all: Record<string, string>): LastRun | null {
  const last = parse_<LastRun>(all[LAST_RUN_KEY]);
  return last && Array.isArray(last.labelNames) ? last : null;
}

export function readCursor_(): SyncCursor | null {
  return cursorFrom_({ [CURSOR_KEY]: props_().getProperty(CURSOR_KEY) ?? "" });
}

export function readLastRun_(): LastRun | null {
  return lastRunFrom_({ [LAST_RUN_KEY]: props_().getProperty(LAST_RUN_KEY) ?? "" });
}

export function newCursor_(labels: string[], window: { cutoff: Date; floor: Date; now: Date }): SyncCursor {
  return {
    v: 2,
    runId: String(window.now.getTime()),
    labelsHash: labelsHash_(labels),
    labelCount: labels.length,
    label: 0,
    cutoff: window.cutoff.toISOString(),
    top: window.now.toISOString(),
    floor: window.floor.toISOString(),
    phase: "walk",
    before: null,
    tieIds: [],
    hint: 0,
    lateIds: [],
    startedAt: window.now.toISOString(),
    slices: 0,
    counts: emptyCounts_(),
    missing: { count: 0, names: [] },
  };
}

/** On to the next label, its walk from the top. */
export function nextLabel_(cursor: SyncCursor): void {
  cursor.label++;
  cursor.phase = "walk";
  cursor.before = null;
  cursor.tieIds = [];
  cursor.hint = 0;
  cursor.lateIds = [];
}

export function noteMissing_(cursor: SyncCursor, name: string): void {
  cursor.missing.count++;
  if (cursor.missing.names.length < MAX_NAMES) cursor.missing.names.push(name.slice(0, MAX_NAME_CHARS));
}

/** Appends `id` to a capped list; false when the cap was reached (the caller decides what that means). */
export function remember_(ids: string[], id: string, max: number): boolean {
  if (ids.includes(id)) return true;
  if (ids.length >= max) return false;
  ids.push(id);
  return true;
}

export function saveCursor_(cursor: SyncCursor): void {
  const value = JSON.stringify(cursor);
  if (value.length > PROPERTY_VALUE_LIMIT)
    throw new Error("The label sync position no longer fits in Apps Script storage.");
  props_().setProperty(CURSOR_KEY, value);
}

export function finishRun_(cursor: SyncCursor, labels: string[], now: Date): LastRun {
  const last: LastRun = {
    finishedAt: now.toISOString(),
    startedAt: cursor.startedAt,
    top: cursor.top,
    cutoff: cursor.cutoff,
    labelsHash: cursor.labelsHash,
    labelCount: cursor.labelCount,
    labelNames: labels.slice(0, MAX_NAMES).map((l) => l.slice(0, MAX_NAME_CHARS)),
    slices: cursor.slices,
    counts: cursor.counts,
    missing: cursor.missing,
  };
  props_().setProperty(LAST_RUN_KEY, JSON.stringify(last));
  props_().deleteProperty(CURSOR_KEY);
  return last;
}

export function clearCursor_(): void {
  props_().deleteProperty(CURSOR_KEY);
}
