// Folder sync's listing step: one page of headers (a delta page or a date-paged listing) is classified locally,
// customer messages join `pendingBodies`, removed ones are forgotten, and the cursor moves to the next page, the
// next phase or the saved delta link. The state is saved after every page.
import { GraphError, type GraphMessageHeader, type GraphPage } from "../graph";
import { deltaUrl, nextListing } from "./folder-listing";
import { reportProgress, saveFolder, type FolderRun, type RunContext } from "./folder-run";
import { mailFromGraph } from "./graph-email";

/**
 * Messages the delta reports removed are not fetched. Only those deleted for good are forgotten: one moved out
 * ("changed") keeps its id in the folder it moved to, where "seen" stops it being fetched and uploaded again.
 */
async function forgetRemoved(ctx: RunContext, run: FolderRun, removed: GraphMessageHeader[]): Promise<void> {
  if (!removed.length) return;
  run.counts.removed += removed.length;
  const gone = new Set(removed.map((m) => m.id));
  run.folder.pendingBodies = run.folder.pendingBodies.filter((id) => !gone.has(id));
  await ctx.store.forgetSeen(removed.filter((m) => m["@removed"]?.reason === "deleted").map((m) => m.id));
}

/** The first listing of a folder remembers its newest message: where its delta tracking starts. */
function noteNewest(run: FolderRun, live: GraphMessageHeader[]): void {
  const folder = run.folder;
  for (const m of live) {
    if (!m.receivedDateTime) continue;
    if (!folder.listNewest || m.receivedDateTime > folder.listNewest) {
      folder.listNewest = m.receivedDateTime;
      folder.listNewestIds = [m.id];
    } else if (m.receivedDateTime === folder.listNewest) folder.listNewestIds.push(m.id);
  }
}

/** Ids a page may repeat that were handled already: queued before, pending, or on the last page's boundary. */
function alreadyHandled(run: FolderRun, seen: Set<string>): Set<string> {
  const folder = run.folder;
  const handled = new Set(seen);
  if (folder.phase === "delta") for (const id of folder.listNewestIds) handled.add(id);
  if (folder.phase === "initial-list") for (const id of folder.listBoundaryIds ?? []) handled.add(id);
  for (const id of folder.pendingBodies) handled.add(id);
  return handled;
}

/** Classifies each new header locally; customer messages wait for their bodies. */
async function classifyHeaders(
  ctx: RunContext,
  run: FolderRun,
  live: GraphMessageHeader[],
  handled: Set<string>,
): Promise<void> {
  for (const m of live) {
    if (handled.has(m.id)) continue;
    run.counts.scanned++;
    if (m.isDraft) {
      run.counts.skipped++;
      continue;
    }
    const verdict = await ctx.index.classify(mailFromGraph(m));
    if (verdict.related) {
      run.folder.pendingBodies.push(m.id);
      handled.add(m.id);
    } else run.counts.skipped++;
  }
}

/** A listing page: the next date page, or (listing done) the delta link a relisting kept or a fresh delta. */
function advanceListing(ctx: RunContext, run: FolderRun, page: GraphPage<GraphMessageHeader>): void {
  const folder = run.folder;
  const more = nextListing(page, {
    folderId: folder.folderId,
    cutoff: folder.cutoff,
    upper: folder.listUpper ?? null,
    boundaryIds: folder.listBoundaryIds ?? [],
    top: ctx.pageSize,
  });
  if (more) {
    folder.cursor = more.cursor;
    folder.listUpper = more.upper;
    folder.listBoundaryIds = more.boundaryIds;
    return;
  }
  // Track changes from the newest message of the first listing on (a tiny first delta round).
  folder.phase = "delta";
  folder.cursor = folder.deltaLink ?? deltaUrl(folder.folderId, folder.listNewest ?? folder.cutoff);
  folder.listUpper = null;
  folder.listBoundaryIds = [];
  folder.lastListedAt = ctx.now();
}

/** A delta page: the next page, or the delta link where the next run starts. */
function advanceDelta(run: FolderRun, page: GraphPage<GraphMessageHeader>): void {
  const next = page?.["@odata.nextLink"];
  const delta = page?.["@odata.deltaLink"];
  if (next) run.folder.cursor = next;
  else if (delta) {
    run.folder.deltaLink = delta;
    run.folder.cursor = null;
    run.folder.listNewestIds = [];
  } else {
    throw new GraphError(
      "bad_delta",
      "Microsoft Graph ended a folder listing without a link to continue.",
      502,
    );
  }
}

export async function classifyPage(
  ctx: RunContext,
  run: FolderRun,
  page: GraphPage<GraphMessageHeader>,
): Promise<void> {
  const items = page?.value ?? [];
  const live = items.filter((m) => !m["@removed"]);
  const seen = await ctx.store.seenAmong(live.map((m) => m.id));
  await forgetRemoved(
    ctx,
    run,
    items.filter((m) => m["@removed"]),
  );
  const handled = alreadyHandled(run, seen);
  const listing = run.folder.phase === "initial-list";
  // A relisting keeps the delta link it already has; only the first listing notes where the delta starts.
  if (listing && !run.folder.deltaLink) noteNewest(run, live);
  await classifyHeaders(ctx, run, live, handled);
  if (listing) advanceListing(ctx, run, page);
  else advanceDelta(run, page);
  await saveFolder(ctx, run);
  reportProgress(ctx, run, "listing");
}
