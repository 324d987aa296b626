import type { Viewer } from "../../../shared";
import { GraphError, type GraphClient, type GraphMessageHeader, type GraphPage } from "../graph";
import { emailFromGraph, mailFromGraph } from "./graph-email";
import { BODY_BATCH, fetchBodyBatch } from "./graph-bodies";
import { DELTA_FILTER_CAP, deltaUrl, isLostSyncState, nextListing, RELIST_EVERY_MS } from "./folder-listing";
import { formatSummary, zero } from "./folder-summary";
import { drainUntil } from "./outbox";
import { folderLocks, type FolderLocks } from "./folder-lock";
import { folderPasses, type FolderInfo } from "./folder-pass";
import type { LocalStore } from "./local-store";
import type { CustomerIndexCache } from "./customer-index-types";
import type {
  FolderState,
  FolderSync,
  FolderSyncProgress,
  FolderSyncRunOptions,
  FolderSyncSummary,
} from "./folder-types";
import type { Outbox } from "./outbox-types";

export { DELTA_FILTER_CAP } from "./folder-listing";
export { formatSummary };
/**
 * Body batches started before waiting for one: the Graph client's limiter sends one 20-member batch at a time
 * (it fills the mailbox's 4 slots), so a second one only means the next is ready while the last is classified.
 */
const BATCHES_IN_FLIGHT = 2;

/**
 * Folder sync over Microsoft Graph. First run: a delta query filtered to the lookback window (or, for a folder
 * too big for the 5,000-message delta cap, the plain list with the same filter, paged by date, then a delta from
 * the newest message seen; such a folder's window is listed again once a day, which finds older messages filed
 * into it later). Later runs replay the stored delta link, so nothing new costs one request. Only header fields
 * are listed; bodies are fetched, 20 per `$batch`, for customer messages only. Progress is saved after every
 * page and batch, in the same IndexedDB transaction as the emails it queues, so a deadline or a crash resumes
 * exactly where it stopped: nothing lost, nothing queued twice.
 */
export function createFolderSync(options: {
  graph: GraphClient;
  store: LocalStore;
  index: CustomerIndexCache;
  outbox: Outbox;
  viewer: Viewer;
  /** Messages per page (delta: `Prefer: odata.maxpagesize`; list: `$top`, at most 1000), default 1000. */
  pageSize?: number;
  /** Default lookback when a run does not say (days). */
  lookbackDays?: number;
  now?: () => number;
  /** Graph's cap on a filtered delta (5,000); tests scale it down together with the simulator's. */
  deltaCap?: number;
  /** How often a big folder's lookback window is listed again (default a day). */
  relistEveryMs?: number;
  /** One sync per folder across the add-in's frames (default: Web Locks, or this context's own). */
  locks?: FolderLocks;
}): FolderSync {
  const { graph, store, index, outbox } = options;
  const now = options.now ?? Date.now;
  const pageSize = options.pageSize ?? 1000;
  const prefer = { Prefer: `odata.maxpagesize=${pageSize}` };
  const cap = options.deltaCap ?? DELTA_FILTER_CAP;
  const relistEvery = options.relistEveryMs ?? RELIST_EVERY_MS;
  const locks = options.locks ?? folderLocks();

  const passes = folderPasses({ graph, store, now, cap, pageSize });
  const { resolveFolder, resolveForLock, beginPass } = passes;

  async function run(requestedId: string, runOptions: FolderSyncRunOptions = {}): Promise<FolderSyncSummary> {
    const meter = { startedAt: now(), requestsBefore: graph.requestCount };
    const { id, folder } = await resolveForLock(requestedId, runOptions.signal);
    return locks.run(`touchbase-folder:${store.name}:${id}`, () => runLocked(id, runOptions, meter, folder));
  }

  async function runLocked(
    requestedId: string,
    runOptions: FolderSyncRunOptions,
    meter: { startedAt: number; requestsBefore: number },
    known?: FolderInfo,
    retried = false,
  ): Promise<FolderSyncSummary> {
    const { startedAt, requestsBefore } = meter;
    const { signal, deadline, onProgress } = runOptions;
    const lookbackDays = runOptions.lookbackDays ?? options.lookbackDays ?? 90;

    try {
      await index.refresh();
    } catch (error) {
      if (!index.current()) throw error; // no index at all: classifying is impossible
    }

    const knownId = await resolveFolder(requestedId);
    let state = await store.getFolderState(knownId);
    if (!state || (state.phase === "idle" && !state.deltaLink)) {
      // After a lost delta link, a day before the last good sync is enough; "seen" stops re-sending.
      const since = state?.lastCompletedAt ? state.lastCompletedAt - 86_400_000 : undefined;
      const carried = state?.pendingBodies ?? [];
      state = { ...(await beginPass(knownId, lookbackDays, signal, since, known)), pendingBodies: carried };
    } else if (state.phase === "idle" && state.big && now() - (state.lastListedAt ?? 0) >= relistEvery) {
      state = passes.relist(state, lookbackDays);
    } else if (state.phase === "idle") {
      state = { ...state, phase: "delta", cursor: state.deltaLink, totals: zero(), passStartedAt: now() };
    }
    const s: FolderState = { ...state, lastRunAt: now() };
    const origin = `folder:${s.folderId}`;
    const counts = s.totals;
    const inFlight = new Set<Promise<void>>();
    const fetching = new Set<string>();
    let failure: unknown = null;
    let stopped = false;

    const progress = (phase: FolderSyncProgress["phase"]) =>
      onProgress?.({ folderId: s.folderId, phase, ...counts });
    const timeUp = () => signal?.aborted === true || (deadline !== undefined && now() >= deadline);

    const stopListening = outbox.onOutcomes((outcomes) => {
      for (const o of outcomes) {
        if (o.origin !== origin) continue;
        if (o.status === "stored") counts.uploaded++;
        else if (o.status === "duplicate") counts.alreadySynced++;
        else counts.skipped++; // the server's own verdict: not-customer, excluded, invalid
      }
      progress("uploading");
    });

    async function fetchBodies(ids: string[]): Promise<void> {
      const emails = [];
      const handled: string[] = [];
      const seen: string[] = [];
      for (const answer of await fetchBodyBatch(graph, ids, signal)) {
        if (answer.kind === "found") {
          handled.push(answer.id);
          const email = emailFromGraph(answer.message);
          // Classified again with the internet headers: bulk mail and auto-replies show only there.
          const verdict = await index.classify(mailFromGraph(answer.message));
          if (email && verdict.related) {
            counts.customer++;
            emails.push(email);
            seen.push(answer.id);
          } else counts.skipped++;
        } else if (answer.kind === "gone") {
          handled.push(answer.id);
          counts.removed++;
        } // anything else stays pending for the next run
      }
      const done = new Set(handled);
      s.pendingBodies = s.pendingBodies.filter((id) => !done.has(id));
      await outbox.enqueue(emails, origin, { folderState: { ...s, totals: { ...counts } }, seen });
      progress("bodies");
      if (outbox.status().pending >= 100) void outbox.drain().catch(() => undefined);
    }

    async function pump(all: boolean): Promise<void> {
      for (;;) {
        const ready = s.pendingBodies.filter((id) => !fetching.has(id));
        if (failure || ready.length === 0 || (!all && ready.length < BODY_BATCH)) break;
        if (timeUp()) {
          stopped = true;
          break;
        }
        const ids = ready.slice(0, BODY_BATCH);
        for (const id of ids) fetching.add(id);
        const job: Promise<void> = fetchBodies(ids)
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => {
            for (const id of ids) fetching.delete(id);
            inFlight.delete(job);
          });
        inFlight.add(job);
        if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      }
    }

    async function processPage(page: GraphPage<GraphMessageHeader>): Promise<void> {
      const items = page?.value ?? [];
      const live = items.filter((m) => !m["@removed"]);
      const removed = items.filter((m) => m["@removed"]).map((m) => m.id);
      const already = await store.seenAmong(live.map((m) => m.id));
      if (removed.length) {
        counts.removed += removed.length;
        const gone = new Set(removed);
        s.pendingBodies = s.pendingBodies.filter((id) => !gone.has(id));
        await store.forgetSeen(removed);
      }
      const skipAtNewest = s.phase === "delta" ? new Set(s.listNewestIds) : new Set<string>();
      const listing = s.phase === "initial-list";
      // The first listing of a folder remembers its newest message (where its delta starts); a relisting keeps
      // the delta link it already has.
      const firstListing = listing && !s.deltaLink;
      const boundary = listing ? new Set(s.listBoundaryIds ?? []) : new Set<string>();
      const pending = new Set(s.pendingBodies);
      for (const m of live) {
        if (firstListing && m.receivedDateTime) {
          if (!s.listNewest || m.receivedDateTime > s.listNewest) {
            s.listNewest = m.receivedDateTime;
            s.listNewestIds = [m.id];
          } else if (m.receivedDateTime === s.listNewest) s.listNewestIds.push(m.id);
        }
        if (already.has(m.id) || skipAtNewest.has(m.id) || pending.has(m.id) || boundary.has(m.id)) continue;
        counts.scanned++;
        if (m.isDraft) {
          counts.skipped++;
          continue;
        }
        const verdict = await index.classify(mailFromGraph(m));
        if (verdict.related) {
          s.pendingBodies.push(m.id);
          pending.add(m.id);
        } else counts.skipped++;
      }
      const next = page?.["@odata.nextLink"];
      const delta = page?.["@odata.deltaLink"];
      if (listing) {
        const more = nextListing(page, {
          folderId: s.folderId,
          cutoff: s.cutoff,
          upper: s.listUpper ?? null,
          boundaryIds: s.listBoundaryIds ?? [],
          top: pageSize,
        });
        if (more) {
          s.cursor = more.cursor;
          s.listUpper = more.upper;
          s.listBoundaryIds = more.boundaryIds;
        } else {
          // The listing is done: replay the delta link a relisting kept, or track changes from the newest
          // message of the first listing on (a tiny first delta round).
          s.phase = "delta";
          s.cursor = s.deltaLink ?? deltaUrl(s.folderId, s.listNewest ?? s.cutoff);
          s.listUpper = null;
          s.listBoundaryIds = [];
          s.lastListedAt = now();
        }
      } else if (next) s.cursor = next;
      else if (delta) {
        s.deltaLink = delta;
        s.cursor = null;
        s.listNewestIds = [];
      } else {
        throw new GraphError(
          "bad_delta",
          "Microsoft Graph ended a folder listing without a link to continue.",
          502,
        );
      }
      s.totals = { ...counts };
      await store.putFolderState({ ...s });
      progress("listing");
    }

    try {
      while (s.cursor && !failure) {
        await pump(false);
        if (stopped || failure) break;
        if (timeUp()) {
          stopped = true;
          break;
        }
        const page = await graph.get<GraphPage<GraphMessageHeader>>(s.cursor, { headers: prefer, signal });
        await processPage(page);
      }
      if (!stopped && !failure) await pump(true);
      await Promise.allSettled([...inFlight]);
    } catch (error) {
      await Promise.allSettled([...inFlight]);
      if (error instanceof GraphError && error.code === "aborted") stopped = true;
      else failure = error;
    }
    if (isLostSyncState(failure) && !retried) {
      // The delta link or paging state expired on Graph's side: start a new pass (from a day before the last
      // good sync) right away; what this run queued stays queued and "seen" keeps it from being fetched again.
      stopListening();
      await store.putFolderState({ ...s, phase: "idle", deltaLink: null, cursor: null });
      return runLocked(requestedId, runOptions, meter, undefined, true);
    }

    const complete = !stopped && !failure && s.cursor === null && s.pendingBodies.length === 0;
    if (complete) {
      s.phase = "idle";
      s.lastCompletedAt = now();
    }
    s.totals = { ...counts };
    await store.putFolderState({ ...s });

    // Upload what this run queued; the outbox keeps anything the server does not take now.
    progress("uploading");
    if (!timeUp()) await drainUntil(outbox, deadline, now);
    counts.queued = await outbox.pendingFor(origin);
    stopListening();
    s.totals = { ...counts };
    await store.putFolderState({ ...s });
    if (failure) throw failure;
    progress("done");
    return {
      folderId: s.folderId,
      ...counts,
      complete,
      graphRequests: graph.requestCount - requestsBefore,
      durationMs: now() - startedAt,
    };
  }

  return {
    run,
    async state(folderId) {
      return store.getFolderState(await resolveFolder(folderId));
    },
    async reset(folderId) {
      await store.deleteFolderState(await resolveFolder(folderId));
      await store.clearSeen();
    },
  };
}
