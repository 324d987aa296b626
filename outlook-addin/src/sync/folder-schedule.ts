// Continuous sync: once a folder has finished its first Sync folder, it keeps syncing while the add-in runs — a
// delta round per folder every few minutes (default 5) and whenever the pane asks (it opens). A round with
// nothing new costs one Graph request per folder. Rounds never overlap, folders are synced one after another
// (the Graph client keeps within the mailbox's 4 concurrent requests), and nothing runs offline or signed out.
// Another frame syncing the same folder holds its Web Lock: this round skips that folder rather than wait.
import { FolderBusyError } from "./folder-lock";
import type { FolderSync } from "./folder-types";
import type { LocalStore } from "./local-store";

export const DEFAULT_SYNC_EVERY_MINUTES = 5;

/** What Settings shows per folder. */
export interface ScheduledFolder {
  folderId: string;
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
  folders(): ScheduledFolder[];
  /** Called after each change of `folders()`; returns an unsubscribe function. */
  subscribe(listener: (folders: ScheduledFolder[]) => void): () => void;
}

export interface FolderScheduleOptions {
  folders: FolderSync;
  store: LocalStore;
  everyMinutes?: number;
  /** False while offline or signed out: rounds are skipped (the next timer tries again). */
  canSync: () => boolean;
  now?: () => number;
  /** Stop a round at this long after it starts (ms), so a big backlog does not hold the lock for ever. */
  roundBudgetMs?: number;
}

interface ScheduleState {
  entries: Map<string, ScheduledFolder>;
  running: Promise<void> | null;
  timer: ReturnType<typeof setTimeout> | null;
  nextRunAt: number | null;
  listeners: Set<(folders: ScheduledFolder[]) => void>;
  /** Between start() and stop(): each round schedules the next. */
  active: boolean;
}

/** Folders whose first pass finished: those the user chose with Sync folder. */
async function chosenFolders(store: LocalStore): Promise<string[]> {
  return (await store.folderStates()).filter((f) => f.lastCompletedAt !== null).map((f) => f.folderId);
}

function emit(state: ScheduleState): void {
  const folders = [...state.entries.values()].map((e) => ({ ...e, nextRunAt: state.nextRunAt }));
  for (const listener of state.listeners) listener(folders);
}

async function syncOne(
  options: FolderScheduleOptions,
  state: ScheduleState,
  folderId: string,
  deadline: number,
) {
  const entry = state.entries.get(folderId) ?? {
    folderId,
    lastSyncedAt: null,
    nextRunAt: null,
    lastError: null,
  };
  state.entries.set(folderId, entry);
  try {
    // A round stopped by its budget is not complete: the folder resumes where it stopped next round.
    await options.folders.run(folderId, { deadline });
    entry.lastError = null;
  } catch (error) {
    if (error instanceof FolderBusyError) return; // another frame is syncing it right now
    entry.lastError = error instanceof Error ? error.message : "The folder could not be synced.";
  }
  const folder = await options.folders.state(folderId);
  entry.lastSyncedAt = folder?.lastCompletedAt ?? entry.lastSyncedAt;
  emit(state);
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

export function createFolderSchedule(options: FolderScheduleOptions): FolderSchedule {
  const everyMs = (options.everyMinutes ?? DEFAULT_SYNC_EVERY_MINUTES) * 60_000;
  const now = options.now ?? Date.now;
  const state: ScheduleState = {
    entries: new Map(),
    running: null,
    timer: null,
    nextRunAt: null,
    listeners: new Set(),
    active: false,
  };

  const scheduleNext = () => {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    if (!state.active) return;
    state.nextRunAt = now() + everyMs;
    state.timer = setTimeout(() => void schedule.runNow(), everyMs);
    emit(state);
  };

  const schedule: FolderSchedule = {
    start() {
      if (state.active) return;
      state.active = true;
      void schedule.runNow();
    },
    stop() {
      state.active = false;
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      state.nextRunAt = null;
      emit(state);
    },
    runNow() {
      state.running ??= runRound(options, state)
        .catch(() => undefined)
        .finally(() => {
          state.running = null;
          scheduleNext();
        });
      return state.running;
    },
    folders: () => [...state.entries.values()].map((e) => ({ ...e, nextRunAt: state.nextRunAt })),
    subscribe(listener) {
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
  };
  return schedule;
}
