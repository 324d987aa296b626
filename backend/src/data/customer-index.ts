import {
  applyIndexChanges,
  buildCustomerIndex,
  type CustomerIndex,
  type CustomerIndexChanges,
  type IndexContact,
} from "../../../shared/index";
import { databaseKind, type Db } from "../db/connect";
import { indexVersion } from "./index-version";
import {
  changesSince,
  loadExclusions,
  loadWorkspaceSnapshot,
  type IndexExclusion,
  type Snapshot,
} from "./index-rows";
import type { Caller, WorkspaceRow } from "./workspaces";

export { addTombstones, indexChangesSince, type Snapshot } from "./index-rows";

// One built index per workspace and version, shared by all its users; each user's own exclusions are laid over it
// (`CustomerIndex.withExclusions` shares every big map), so a workspace of 20,000 customers costs one index in
// memory, not one per user.

/** A workspace's part of the index at one version: customers, contacts, workspace exclusions. */
export interface WorkspaceIndex {
  workspaceId: string;
  seq: number;
  snapshot: Snapshot;
  index: CustomerIndex;
  /** The big arrays serialized once per version, on the first `GET /customer-index` that needs them. */
  json: { customers?: string; contacts?: string };
  /**
   * Set when this version was derived from the one at `fromSeq`: the users whose own exclusions changed in
   * between. Everybody else's overlay carries over without reading their exclusions again.
   */
  carried?: { fromSeq: number; users: ReadonlySet<string> };
}

/** One caller's index: the workspace's with the caller's own exclusions on top. */
export interface CallerIndex {
  /** The shared workspace index underneath. */
  base: WorkspaceIndex;
  /** The caller's snapshot (workspace and own exclusions): what `GET /customer-index` serves. */
  snapshot: Snapshot;
  /** `snapshot` serialized; the big parts come from the shared base. */
  readonly json: string;
  index: CustomerIndex;
}

interface UserOverlay {
  /** The workspace seq at which `exclusions` was read: still current while the workspace's seq has not moved. */
  seq: number;
  exclusions: IndexExclusion[];
  base: WorkspaceIndex;
  index: CustomerIndex;
}

const workspaceCache = new Map<string, WorkspaceIndex>();
const userCache = new Map<string, UserOverlay>();
const WORKSPACE_CACHE_SIZE = 50;
const USER_CACHE_SIZE = 2000;

export function clearIndexCache(): void {
  workspaceCache.clear();
  userCache.clear();
}

function remember<V>(cache: Map<string, V>, key: string, value: V, size: number): V {
  cache.delete(key);
  if (cache.size >= size) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * The workspace's index at the caller's version. When the version moved on, only the rows changed since the
 * cached version are read and applied (the same diff `?since=` serves), so a sync that creates contacts does not
 * reload the whole index. A cached index newer than the caller's version (a request authenticated a moment
 * before another one bumped it) is used as it is.
 */
export async function workspaceIndex(db: Db, caller: Caller): Promise<WorkspaceIndex> {
  const workspace = caller.workspace;
  const cached = workspaceCache.get(workspace.id);
  if (cached && cached.seq >= workspace.indexSeq) return cached;
  if (cached) {
    const changes = await changesSince(db, workspace, null, cached.snapshot.version);
    if (changes)
      return derive(cached, workspace.indexSeq, changes, new Set(changes.usersWithExclusionChanges));
  }
  const snapshot = await loadWorkspaceSnapshot(db, workspace);
  const entry: WorkspaceIndex = {
    workspaceId: workspace.id,
    seq: workspace.indexSeq,
    snapshot,
    index: buildCustomerIndex(snapshot),
    json: {},
  };
  return remember(workspaceCache, workspace.id, entry, WORKSPACE_CACHE_SIZE);
}

function derive(
  from: WorkspaceIndex,
  seq: number,
  changes: CustomerIndexChanges,
  users: ReadonlySet<string>,
): WorkspaceIndex {
  const snapshot = applyIndexChanges(from.snapshot, changes) as Snapshot;
  const entry: WorkspaceIndex = {
    workspaceId: from.workspaceId,
    seq,
    snapshot,
    index: buildCustomerIndex(snapshot),
    json: {},
    carried: { fromSeq: from.seq, users },
  };
  return remember(workspaceCache, from.workspaceId, entry, WORKSPACE_CACHE_SIZE);
}

/**
 * A sync of this process committed contacts it created, moving the workspace's version to `seq`. When the cached
 * index is the version just before, nobody else changed anything in between (the bump row-locks the workspace,
 * so versions are taken one at a time): the contacts are applied as they are, and the next batch needs no read.
 * Not inside an outer transaction, which could still roll back.
 */
export function noteContactsAdded(
  db: Db,
  workspace: WorkspaceRow,
  added: { seq: number; contacts: IndexContact[] },
): void {
  const cached = workspaceCache.get(workspace.id);
  if (databaseKind(db) === undefined || !cached || cached.seq !== added.seq - 1) return;
  const snapshot = cached.snapshot;
  const none = { upserted: [], removed: [] };
  derive(
    cached,
    added.seq,
    {
      full: false,
      since: snapshot.version,
      version: indexVersion({ indexEpoch: workspace.indexEpoch, indexSeq: added.seq }),
      internalDomains: snapshot.internalDomains,
      settings: snapshot.settings,
      customers: none,
      contacts: { upserted: added.contacts, removed: [] },
      exclusions: none,
    },
    new Set(),
  );
}

/** The caller's index: the shared workspace index, with the caller's own exclusions laid over it. */
export async function callerIndex(db: Db, caller: Caller): Promise<CallerIndex> {
  const base = await workspaceIndex(db, caller);
  let overlay = userCache.get(caller.user.id);
  if (!overlay || overlay.base !== base) {
    // The user's exclusions are re-read only when they may have changed since they were read.
    const exclusions =
      overlay !== undefined && overlayStillCurrent(overlay, base, caller.user.id)
        ? overlay.exclusions
        : await loadExclusions(db, caller.workspace.id, caller.user.id);
    overlay = remember(
      userCache,
      caller.user.id,
      {
        seq: Math.max(base.seq, overlay?.seq ?? 0),
        exclusions,
        base,
        index: exclusions.length ? base.index.withExclusions(exclusions) : base.index,
      },
      USER_CACHE_SIZE,
    );
  }
  return callerView(overlay);
}

function overlayStillCurrent(overlay: UserOverlay, base: WorkspaceIndex, userId: string): boolean {
  if (overlay.seq >= base.seq) return true;
  const carried = base.carried;
  return carried !== undefined && overlay.seq >= carried.fromSeq && !carried.users.has(userId);
}

function callerView({ base, exclusions, index }: UserOverlay): CallerIndex {
  const all = exclusions.length
    ? [...base.snapshot.exclusions, ...exclusions].sort((a, b) => (a.id < b.id ? -1 : 1))
    : base.snapshot.exclusions;
  const snapshot: Snapshot = { ...base.snapshot, exclusions: all };
  return {
    base,
    snapshot,
    index,
    get json() {
      base.json.customers ??= JSON.stringify(snapshot.customers);
      base.json.contacts ??= JSON.stringify(snapshot.contacts);
      // The same key order as JSON.stringify(snapshot), so a client sees one shape whichever way it was built.
      return (
        `{"version":${JSON.stringify(snapshot.version)},"internalDomains":${JSON.stringify(snapshot.internalDomains)},` +
        `"customers":${base.json.customers},"contacts":${base.json.contacts},` +
        `"exclusions":${JSON.stringify(all)},"settings":${JSON.stringify(snapshot.settings)}}`
      );
    },
  };
}
