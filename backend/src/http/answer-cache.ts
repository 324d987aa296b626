import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { queryRows, type Db } from "../db/connect";
import { yieldToEventLoop } from "../db/maintenance";
import type { Caller } from "../data/workspaces";
import type { AppEnv } from "./app-env";

// The sidebar's hot reads (`GET /lookup`, `GET /customers/{id}/emails`) answered from memory while nothing they
// show has changed. Outlook asks for a lookup at every item the user selects, mostly of the same few customers, and
// each answer costs two or three times an authenticated `/me`: a big customer's history page and its signals.
//
// An answer is kept with the database snapshot taken before it was read (migration 0092). At the next identical
// request, one small query asks whether any transaction that wrote the caller's workspace is invisible to that
// snapshot; the database records every such transaction through statement-level triggers, so a write from any
// path or any process (the CLI, a second server) is seen. Only then is the answer served again: a colleague's
// private thread, a delete or a new email shows at the very next request. The key holds the caller's whole user and
// workspace rows (role, settings, visibility, the customer index's version) and the exact URL, so an answer is
// never served to anyone but the user it was read for, in the same state. An answer also ages out after TTL_MS:
// its relative figures (the last 90 days' median reply) move with the clock.

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
const MAX_BYTES = 64 << 20;
/** A bigger answer is not kept (a page of 100 long emails): it would push out many small ones. */
const MAX_ENTRY_BYTES = 512 << 10;
/**
 * A record of data_changes is removed once its transaction has been over this long (migration 0092); far above
 * TTL_MS, so no live answer depends on it (and the check refuses an answer older than the records kept).
 */
const PRUNE_AFTER = "10 minutes";
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 5_000;

interface Entry {
  /** The snapshot taken before the answer was read (pg_snapshot as text). */
  snapshot: string;
  body: string;
  storedAt: number;
}

export interface AnswerCacheStats {
  hits: number;
  misses: number;
  /** Found, but a transaction wrote the workspace since. */
  changed: number;
}

export class AnswerCache {
  readonly stats: AnswerCacheStats = { hits: 0, misses: 0, changed: 0 };
  /** Off: every request reads the database (the benchmark measures the read path itself this way). */
  enabled = true;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private prunedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The live entry for `key`, refreshed as most recently used; expired entries are dropped. */
  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.storedAt > TTL_MS) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Omit<Entry, "storedAt">): void {
    if (entry.body.length > MAX_ENTRY_BYTES) return;
    this.delete(key);
    this.entries.set(key, { ...entry, storedAt: this.now() });
    this.bytes += entry.body.length;
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.entries.delete(oldest);
      this.bytes -= e.body.length;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the data_changes table is due for its periodic cleanup (at most once a minute per process). */
  pruneDue(): boolean {
    if (this.now() - this.prunedAt < PRUNE_EVERY_MS) return false;
    this.prunedAt = this.now();
    return true;
  }
}

/** The key: who asks (the whole caller, as the database holds it now) and exactly what. */
function answerKey(caller: Caller, url: string): string {
  return createHash("sha256")
    .update(JSON.stringify([caller.user, caller.workspace]))
    .update("\n")
    .update(url)
    .digest("base64url");
}

/** Whether `snapshot` still sees all of the workspace's committed writes, and the snapshot of this moment. */
async function checkSnapshot(
  db: Db,
  workspaceId: string,
  snapshot: string | null,
): Promise<{ changed: boolean; snapshot: string }> {
  const [row] = await queryRows<{ changed: boolean; snapshot: string }>(
    db,
    sql`select touchbase_changed_since(${workspaceId}, ${snapshot}::pg_snapshot) as changed,
               pg_current_snapshot()::text as snapshot`,
  );
  return row;
}

/**
 * Records this moment's horizon (every transaction below its xmin has ended), then removes the records of
 * transactions that ended before a horizon at least PRUNE_AFTER old, and the horizons older than that one
 * (migration 0092): PRUNE_BATCH rows per short statement with a turn of the event loop between them (PGlite runs
 * on it), until none is left. The horizons go first, so a check never sees a record gone and its horizon still
 * there. A record's own time is when its statement ran, not when its transaction committed: a transaction that
 * wrote and then ran on for ten minutes keeps its record until it has been over for ten minutes too.
 */
export async function pruneDataChanges(db: Db): Promise<void> {
  await db.execute(
    sql`insert into data_change_horizons (below_xid) values (pg_snapshot_xmin(pg_current_snapshot())) on conflict do nothing`,
  );
  const [row] = await queryRows<{ horizon: string | null }>(
    db,
    sql`select max(below_xid)::text as horizon from data_change_horizons where taken_at < now() - ${PRUNE_AFTER}::interval`,
  );
  const horizon = row?.horizon;
  if (!horizon) return;
  await db.execute(sql`delete from data_change_horizons where below_xid < ${horizon}::xid8`);
  for (;;) {
    const gone = await queryRows<{ one: number }>(
      db,
      sql`delete from data_changes where ctid in (
            select ctid from data_changes
            where changed_at < now() - ${PRUNE_AFTER}::interval and xid < ${horizon}::xid8 limit ${PRUNE_BATCH})
          returning 1 as one`,
    );
    if (gone.length < PRUNE_BATCH) return;
    await yieldToEventLoop();
  }
}

/**
 * Serves a GET route's 200 answers from `cache` while the caller's workspace has not been written since they were
 * read. Mount after authentication, on read-only routes whose answer depends only on the caller, the URL, the
 * database and (for a minute at most) the clock.
 */
export function cachedAnswers(db: Db, cache: AnswerCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" || !cache.enabled) return next();
    const caller = c.get("caller");
    const key = answerKey(caller, c.req.url);
    const entry = cache.get(key);
    const check = await checkSnapshot(db, caller.workspace.id, entry?.snapshot ?? null);
    if (cache.pruneDue()) void pruneDataChanges(db).catch(() => undefined);
    if (entry && !check.changed) {
      cache.stats.hits++;
      return c.body(entry.body, 200, { "content-type": "application/json" });
    }
    if (entry) {
      cache.stats.changed++;
      cache.delete(key);
    } else {
      cache.stats.misses++;
    }
    await next();
    if (c.res.status !== 200 || !c.res.headers.get("content-type")?.startsWith("application/json")) return;
    const body = await c.res.text();
    c.res = new Response(body, c.res);
    cache.set(key, { snapshot: check.snapshot, body });
  };
}
