import { randomBytes } from "node:crypto";
import {
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

// PGlite takes no lock on its data directory, and two processes writing one directory corrupt it. The lock is a
// file created exclusively (O_EXCL) naming its holder well enough to tell a live holder from a leftover:
//
// - on this machine (same host name and boot id), the holder is alive only if its pid runs AND that process
//   started when the lock says (/proc/<pid>/stat): a pid reused after a reboot or a container restart — pid 1
//   is always alive in a container — is not the holder. A dead holder's lock is taken over at once, which is what
//   a restart after `kill -9` needs (proper-lockfile would make it wait out a stale timeout).
// - same host name but another boot id: the machine rebooted since; the lock is left over.
// - another host (a volume moved between containers or machines): its pid means nothing here, so the holder
//   refreshes the file's mtime every HEARTBEAT_MS and a lock not refreshed for STALE_MS is left over.

const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;
export const LOCK_FILE = "touchbase.lock";

interface LockFile {
  pid: number;
  host: string;
  bootId?: string;
  /** The process's start time in clock ticks since boot (Linux), which a reused pid does not share. */
  startTime?: string;
  /** Random per open: tells two opens by one process apart. */
  instance: string;
  since: string;
}

export class DataDirLockedError extends Error {
  readonly code = "database_locked";
  constructor(dataDir: string, lockPath: string, holder: LockFile | null, why = "") {
    const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}` : "unknown holder";
    super(
      `The embedded database in ${dataDir} is in use by another Touchbase process (${who})${why}; stop it first, ` +
        `or set DATABASE_URL to PostgreSQL to run several processes. If no Touchbase is running, delete ` +
        `${lockPath} and start again.`,
    );
  }
}

export interface DataDirLock {
  release(): void;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

const BOOT_ID = readText("/proc/sys/kernel/random/boot_id");

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
export function processStartTime(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
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
    const value = JSON.parse(readFileSync(path, "utf8")) as LockFile;
    return typeof value?.pid === "number" && typeof value.host === "string" ? value : null;
  } catch {
    return null;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Why the holder still holds the lock (a phrase for the message), or null when the lock is left over. */
function stillHeld(holder: LockFile | null, path: string, mine: LockFile): string | null {
  if (holder === null) {
    // Unreadable: a holder in the middle of writing it, or garbage. Give it the heartbeat's grace.
    return ageMs(path) < STALE_MS ? "" : null;
  }
  const sameHost = holder.host === mine.host;
  if (sameHost && holder.bootId && mine.bootId && holder.bootId !== mine.bootId) return null; // rebooted since
  if (!sameHost) {
    const age = ageMs(path);
    if (age >= STALE_MS) return null;
    const wait = Math.ceil((STALE_MS - age) / 1000);
    return `; its lock was refreshed ${Math.round(age / 1000)} s ago (a lock from another host is taken over after ${STALE_MS / 1000} s without a refresh, so if it is gone, try again in ${wait} s)`;
  }
  if (!alive(holder.pid)) return null;
  const started = processStartTime(holder.pid);
  if (holder.startTime && started && holder.startTime !== started) return null; // the pid was reused
  return "";
}

/** Locks the directory for this process; throws DataDirLockedError while a live Touchbase holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine: LockFile = {
    pid: process.pid,
    host: hostname(),
    bootId: BOOT_ID,
    startTime: processStartTime(process.pid),
    instance: randomBytes(8).toString("hex"),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: "wx" });
      return holdLock(path, mine);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = read(path);
    const why = stillHeld(holder, path, mine);
    if (why !== null) throw new DataDirLockedError(dataDir, path, holder, why);
    // Left over: move it aside atomically, so that of several newcomers only one takes it over…
    const aside = `${path}.${mine.instance}.stale`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // another newcomer moved it first; look again
    }
    // …and if what was moved is not the file judged (a newcomer's fresh lock landed in between), put it back.
    const moved = read(aside);
    if (holder !== null && moved?.instance !== holder.instance) {
      try {
        linkSync(aside, path);
      } catch {
        // a third process holds the path now; the loop looks again
      }
    }
    rmSync(aside, { force: true });
  }
  throw new DataDirLockedError(dataDir, path, read(path));
}

function holdLock(path: string, mine: LockFile): DataDirLock {
  // The heartbeat other hosts judge the lock by; unref'd so it never keeps the process alive.
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // The file is gone (someone deleted it by hand): nothing to refresh.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    release: () => {
      clearInterval(timer);
      const holder = read(path);
      if (holder && holder.pid === mine.pid && holder.instance === mine.instance)
        rmSync(path, { force: true });
    },
  };
}
