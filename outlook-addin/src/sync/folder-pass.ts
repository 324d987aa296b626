// Where a folder sync pass starts: the folder's real id (Graph answers for well-known names like `inbox`), the
// first pass over a folder (a date-paged listing of its lookback window), and its daily relisting.
import { lookbackCutoff } from "../../../shared";
import type { GraphClient } from "../graph";
import { listUrl } from "./folder-listing";
import { zero } from "./folder-summary";
import type { LocalStore } from "./local-store";
import type { FolderState } from "./folder-types";

export type FolderInfo = { id: string; displayName?: string; totalItemCount?: number };

const seg = encodeURIComponent;
/** Graph's well-known folder names (`inbox`, `sentitems`…); real folder ids are long base64 strings. */
const WELL_KNOWN_NAME = /^[a-z]{3,30}$/i;

export function folderPasses(options: {
  graph: GraphClient;
  store: LocalStore;
  now: () => number;
  pageSize: number;
}) {
  const { graph, store, now, pageSize } = options;

  const fetchFolder = async (folderId: string, signal?: AbortSignal): Promise<FolderInfo> => {
    const folder = await graph.get<FolderInfo>(
      `/me/mailFolders/${seg(folderId)}?$select=id,displayName,totalItemCount`,
      {
        signal,
      },
    );
    if (folder.id !== folderId) await store.putFolderAlias(folderId, folder.id);
    return folder;
  };

  async function resolveFolder(folderId: string): Promise<string> {
    return (await store.getFolderAlias(folderId)) ?? folderId;
  }

  /**
   * The folder's real id, which the lock is taken on (the ribbon knows folders by id, the pane's chosen folders
   * by well-known names like `inbox`). A well-known name seen for the first time costs the request the first
   * pass makes anyway, and its answer is handed on to it.
   */
  async function resolveForLock(requestedId: string, signal?: AbortSignal) {
    const known = await store.getFolderAlias(requestedId);
    if (known) return { id: known, folder: undefined };
    if (!WELL_KNOWN_NAME.test(requestedId)) return { id: requestedId, folder: undefined };
    const folder = await fetchFolder(requestedId, signal);
    return { id: folder.id, folder };
  }

  async function beginPass(
    folderId: string,
    lookbackDays: number,
    signal?: AbortSignal,
    since?: number,
    known?: FolderInfo,
  ): Promise<FolderState> {
    const folder = known?.id === folderId ? known : await fetchFolder(folderId, signal);
    const lookback = lookbackCutoff(new Date(now()), lookbackDays).getTime();
    const cutoff = new Date(since !== undefined ? Math.max(lookback, since) : lookback).toISOString();
    return {
      folderId: folder.id,
      ...(folder.displayName ? { displayName: folder.displayName } : {}),
      phase: "initial-list",
      cursor: listUrl(folder.id, cutoff, null, pageSize),
      deltaLink: null,
      cutoff,
      listNewest: null,
      listNewestIds: [],
      listUpper: null,
      listBoundaryIds: [],
      lastListedAt: null,
      pendingBodies: [],
      totals: zero(),
      passStartedAt: now(),
      lastRunAt: null,
      lastCompletedAt: null,
    };
  }

  /**
   * The periodic listing of a folder's (moving) lookback window. A delta link that brings bodies is kept and replayed
   * after; one from an older build (headers only) is replaced by a new tracking delta when the listing ends.
   */
  function relist(state: FolderState, lookbackDays: number): FolderState {
    const cutoff = lookbackCutoff(new Date(now()), lookbackDays).toISOString();
    return {
      ...state,
      phase: "initial-list",
      cursor: listUrl(state.folderId, cutoff, null, pageSize),
      cutoff,
      listUpper: null,
      listBoundaryIds: [],
      totals: zero(),
      passStartedAt: now(),
    };
  }

  return { resolveFolder, resolveForLock, beginPass, relist };
}
