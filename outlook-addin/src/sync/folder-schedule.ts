// Continuous sync: once a folder has finished its first Sync folder, it keeps syncing while the add-in runs — a
// delta round per folder every few minutes (default 5, Settings may change it) and whenever the pane asks (it
// opens). A round with nothing new costs one Graph request per folder. Rounds never overlap, folders are synced
// one after another (the Graph client keeps within the mailbox's 4 concurrent requests), and nothing runs offline
// or signed out. Another frame syncing the same folder holds its Web Lock: this round skips that folder.
import { FolderBusyError } from "./folder-lock";
import type { FolderState, FolderSync } from "./folder-types";
import type { LocalStore } from "./local-store";

export const DEFAULT_SYNC_EVERY_MINUTES = 5;
/** Settings' bounds: more often than a minute spends Graph requests for nothing; rarer than an hour is not "continuous". */
export const SYNC_EVERY_MINUTES = { min: 1, max: 60 } as const;

/** What Settings shows per folder. */
export interface ScheduledFolder {
  folderId: string;
  /** The folder's name in Outlook, when its first pass saw it (null for folders synced by older builds). */
  name: string | null;
  /** When its last round finished up to date (ms since epoch), or null. */
  lastSyncedAt: number | null;
  /** When the next round starts (ms since epoch), or null while paused. */
  nextRunAt: number | null;
  /** The sentence of the last round's failure (it is tried again next round), or null. */
  lastError: string | null;
}

export interface FolderSchedule {
  /** Starts the rounds: one now, then one every interval. */
  start(): void;
  stop(): void;
  /** Runs a round now (the pane opened), unless one is running; resolves when it is done. */
  runNow(): Promise<void>;
  /** A new interval (Settings): the next round is timed from the last one with it. */
  setEveryMinutes(minutes: number): void;
  readonly everyMinutes: number;
  folders(): ScheduledFolder[];
  /**
   * A folder was synced outside a round (the pane's Sync this folder): it is listed at once with when it synced,
   * instead of after the next round. Folders whose first pass is not complete are left out, as in a round.
   */
  noteSynced(folderId: string): Promise<void>;
  /** Called after each change of `folders()`; returns an unsubscribe function. */
  subscribe(listener: (folders: ScheduledFolder[]) => void): () => void;
}

/** The schedule's timer; the benchmark passes a fake clock's, to run an hour of rounds in seconds. */
export interface ScheduleTimer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface FolderScheduleOptions {
  folders: FolderSync;
  store: LocalStore;
  everyMinutes?: number;
  /** False while offline or signed out: rounds are skipped (the next timer tries again). */
  canSync: () => boolean;
  now?: () => number;
  timer?: ScheduleTimer;
  /** Stop a round at this long after it starts (ms), so a big backlog does not hold the lock for ever. */
  roundBudgetMs?: number;
}

interface ScheduleState {
  entries: Map<string, ScheduledFolder>;
  running: Promise<void> | null;
  timer: unknown;
  everyMs: number;
  lastRoundAt: number | null;
  nextRunAt: number | null;
  listeners: Set<(folders: ScheduledFolder[]) => void>;
  /** Between start() and stop(): each round schedules the next. */
  active: boolean;
}

const browserTimer: ScheduleTimer = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** At most Settings' maximum; the minimum is Settings' business (tests use a fraction of a second). */
export function boundedMinutes(minutes: number): number {
  if (!Number.isFinite(minutes)) return DEFAULT_SYNC_EVERY_MINUTES;
  return Math.min(SYNC_EVERY_MINUTES.max, Math.max(minutes, 0.0005));
}

/** Folders whose first pass finished: those the user chose with Sync folder. */
async function chosenFolders(store: LocalStore): Promise<string[]> {
  return (await store.folderStates()).filter((f) => f.lastCompletedAt !== null).map((f) => f.folderId);
}

function snapshot(state: ScheduleState): ScheduledFolder[] {
  return [...state.entries.values()].map((e) => ({ ...e, nextRunAt: state.nextRunAt }));
}

function emit(state: ScheduleState): void {
  const folders = snapshot(state);
  for (const listener of state.listeners) listener(folders);
}

function entryFor(state: ScheduleState, folderId: string): ScheduledFolder {
  const entry = state.entries.get(folderId) ?? {
    folderId,
    name: null,
    lastSyncedAt: null,
    nextRunAt: null,
    lastError: null,
  };
  state.entries.set(folderId, entry);
  return entry;
}

async function syncOne(
  options: FolderScheduleOptions,
  state: ScheduleState,
  folderId: string,
  deadline: number,
) {
  const entry = entryFor(state, folderId);
  try {
    // A round stopped by its budget is not complete: the folder resumes where it stopped next round.
    await options.folders.run(folderId, { deadline });
    entry.lastError = null;
  } catch (error) {
    if (error instanceof FolderBusyError) return; // another frame is syncing it right now
    entry.lastError = error instanceof Error ? error.message : "The folder could not be synced.";
  }
  showSaved(state, entry, await options.folders.state(folderId));
}

/** An entry takes when its folder last completed and its name from the folder's saved state, and is shown. */
function showSaved(state: ScheduleState, entry: ScheduledFolder, folder: FolderState | null): void {
  entry.lastSyncedAt = folder?.lastCompletedAt ?? entry.lastSyncedAt;
  entry.name = folder?.displayName ?? entry.name;
  emit(state);
}

async function noteSynced(options: FolderScheduleOptions, state: ScheduleState, folderId: string) {
  const folder = await options.folders.state(folderId);
  if (!folder?.lastCompletedAt) return;
  const entry = entryFor(state, folder.folderId);
  entry.lastError = null;
  showSaved(state, entry, folder);
}

async function runRound(options: FolderScheduleOptions, state: ScheduleState): Promise<void> {
  if (!options.canSync()) return;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.roundBudgetMs ?? 4 * 60_000);
  for (const folderId of await chosenFolders(options.store)) {
    if (!options.canSync()) return;
    await syncOne(options, state, folderId, deadline);
  }
}

/** Times the next round one interval after the last one started (or now, before any). */
function scheduleNext(options: FolderScheduleOptions, state: ScheduleState, run: () => void): void {
  const timer = options.timer ?? browserTimer;
  const now = options.now ?? Date.now;
  if (state.timer !== null) timer.clear(state.timer);
  state.timer = null;
  if (!state.active) return;
  const next = Math.max(now(), (state.lastRoundAt ?? now()) + state.everyMs);
  state.nextRunAt = next;
  state.timer = timer.set(run, next - now());
  emit(state);
}

export function createFolderSchedule(options: FolderScheduleOptions): FolderSchedule {
  const now = options.now ?? Date.now;
  const state: ScheduleState = {
    entries: new Map(),
    running: null,
    timer: null,
    everyMs: boundedMinutes(options.everyMinutes ?? DEFAULT_SYNC_EVERY_MINUTES) * 60_000,
    lastRoundAt: null,
    nextRunAt: null,
    listeners: new Set(),
    active: false,
  };
  const next = () => scheduleNext(options, state, () => void schedule.runNow());

  const schedule: FolderSchedule = {
    start() {
      if (state.active) return;
      state.active = true;
      void schedule.runNow();
    },
    stop() {
      state.active = false;
      next(); // clears the timer
      state.nextRunAt = null;
      emit(state);
    },
    runNow() {
      if (state.running) return state.running;
      state.lastRoundAt = now();
      state.running = runRound(options, state)
        .catch(() => undefined)
        .finally(() => {
          state.running = null;
          next();
        });
      return state.running;
    },
    setEveryMinutes(minutes) {
      state.everyMs = boundedMinutes(minutes) * 60_000;
      if (!state.running) next();
    },
    get everyMinutes() {
      return state.everyMs / 60_000;
    },
    folders: () => snapshot(state),
    noteSynced: (folderId) => noteSynced(options, state, folderId),
    subscribe(listener) {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
  };
  return schedule;
}
