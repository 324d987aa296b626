import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FILE, lockDataDir, processStartTime } from "./data-dir-lock";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "touchbase-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const bootId = existsSync("/proc/sys/kernel/random/boot_id")
  ? readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()
  : undefined;

/** A lock file as another process would have left it. */
function leaveLock(dir: string, fields: Record<string, unknown>, ageSeconds = 0): void {
  const path = join(dir, LOCK_FILE);
  writeFileSync(
    path,
    JSON.stringify({
      host: hostname(),
      bootId,
      instance: "other",
      since: "2026-01-01T00:00:00.000Z",
      ...fields,
    }),
  );
  const t = new Date(Date.now() - ageSeconds * 1000);
  utimesSync(path, t, t);
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

const onLinux = existsSync("/proc/self/stat");

describe("the data-directory lock", () => {
  it("refuses a second holder with one sentence naming the lock file, and frees the directory on release", () => {
    const dir = dataDir();
    const lock = lockDataDir(dir);
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain(`in use by another Touchbase process (pid ${process.pid} on ${hostname()}`);
    expect(message).toContain(`If no Touchbase is running, delete ${join(dir, LOCK_FILE)} and start again.`);
    expect(message).not.toContain("\n");
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it("takes over at once from a holder that is gone (killed)", () => {
    const dir = dataDir();
    leaveLock(dir, { pid: deadPid() });
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it.skipIf(!onLinux)(
    "takes over from a live process that is not the holder: a reused pid (pid 1 in a container)",
    () => {
      const dir = dataDir();
      // Pid 1 always runs, but it did not start when this lock says its holder did.
      leaveLock(dir, { pid: 1, startTime: "1" === processStartTime(1) ? "2" : "1" });
      lockDataDir(dir).release();
    },
  );

  it.skipIf(!onLinux)("respects a live holder whose start time matches", () => {
    const dir = dataDir();
    leaveLock(dir, { pid: process.ppid, startTime: processStartTime(process.ppid) });
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  });

  it.skipIf(!bootId)("takes over a lock from before a reboot (same host name, another boot id)", () => {
    const dir = dataDir();
    leaveLock(dir, {
      pid: process.ppid,
      startTime: processStartTime(process.ppid),
      bootId: "0000-before-reboot",
    });
    lockDataDir(dir).release();
  });

  it("judges another host's lock by its heartbeat: refused while fresh, taken over once stale", () => {
    const dir = dataDir();
    leaveLock(dir, { pid: process.ppid, host: "another-host.example" }, 5);
    expect(() => lockDataDir(dir)).toThrow(/another-host\.example.*refreshed 5 s ago.*try again in 55 s/);
    leaveLock(dir, { pid: process.ppid, host: "another-host.example" }, 120);
    lockDataDir(dir).release();
  });

  it("does not remove a lock that is not its own on release", () => {
    const dir = dataDir();
    const lock = lockDataDir(dir);
    leaveLock(dir, { pid: process.ppid, startTime: processStartTime(process.ppid) });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
