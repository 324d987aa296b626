import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

// PGlite takes no lock on its data directory and two processes writing one directory corrupt it. proper-lockfile
// detects a dead holder only after its stale timeout (seconds); a pid file does it at once, which is what a restart
// after `kill -9` needs. The file names the holder so the message can say who has it.

export class DataDirLockedError extends Error {
  readonly code = "database_locked";
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Touchbase process (pid ${pid}); stop it first, ` +
        `or set DATABASE_URL to PostgreSQL to run several processes.`,
    );
  }
}

interface LockFile {
  pid: number;
  host: string;
  token: string;
}

export interface DataDirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function read(path: string): LockFile | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockFile;
  } catch {
    return null;
  }
}

/** Locks the directory for this process; throws DataDirLockedError when a live process holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "touchbase.lock");
  const mine: LockFile = { pid: process.pid, host: hostname(), token: Math.random().toString(36).slice(2) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: "wx" });
      return { release: () => releaseIfMine(path, mine) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = read(path);
    // Same host and a live pid: genuinely in use (also when it is this very process opening it twice).
    if (holder && holder.host === mine.host && alive(holder.pid))
      throw new DataDirLockedError(dataDir, holder.pid);
    if (holder && holder.host !== mine.host) throw new DataDirLockedError(dataDir, holder.pid);
    // A dead holder (killed process): move its file aside atomically so that only one newcomer takes over.
    const aside = `${path}.${mine.token}.stale`;
    try {
      renameSync(path, aside);
      rmSync(aside, { force: true });
    } catch {
      // Another process took it over first; loop and look again.
    }
  }
  const holder = read(path);
  throw new DataDirLockedError(dataDir, holder?.pid ?? 0);
}

function releaseIfMine(path: string, mine: LockFile): void {
  const holder = read(path);
  if (holder && holder.pid === mine.pid && holder.token === mine.token) rmSync(path, { force: true });
}
