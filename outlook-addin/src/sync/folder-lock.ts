// One sync per folder at a time, across the add-in's frames: the ribbon command and the task pane run in
// separate frames of one Outlook window, and two syncs of one folder would fetch every page twice and race on
// its cursor. Web Locks (`navigator.locks`) are shared by same-origin frames; without them (Node, old hosts) the
// lock holds within this JavaScript context only.
import type { LockManagerLike } from "../graph";

/** The folder is being synced elsewhere (the ribbon, or another pane): this run did not start. */
export class FolderBusyError extends Error {
  readonly code = "folder_busy";
  constructor() {
    super(
      "This folder is already being synced (from the Sync folder button or another Touchbase pane). It finishes there.",
    );
    this.name = "FolderBusyError";
  }
}

export interface FolderLocks {
  /** Runs `fn` holding the lock `name`, or throws FolderBusyError at once when someone else holds it. */
  run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Locks held in this JavaScript context only (Node, hosts without Web Locks); each call is a new set. */
export function memoryFolderLocks(): FolderLocks {
  const held = new Set<string>();
  return {
    async run(name, fn) {
      if (held.has(name)) throw new FolderBusyError();
      held.add(name);
      try {
        return await fn();
      } finally {
        held.delete(name);
      }
    },
  };
}

const contextLocks = memoryFolderLocks();

/** Web Locks when the browser has them (shared by the window's same-origin frames), else this context's. */
export function folderLocks(
  locks: LockManagerLike | undefined = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator
    ?.locks,
): FolderLocks {
  if (!locks || typeof locks.request !== "function") return contextLocks;
  return {
    async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const result = await locks.request<{ value: T } | null>(name, { ifAvailable: true }, (lock) =>
        lock ? fn().then((value) => ({ value })) : null,
      );
      if (result === null) throw new FolderBusyError();
      return result.value;
    },
  };
}
