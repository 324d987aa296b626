// Folder sync's listing step: one page (a date-paged listing of headers, or a tracking delta's page of whole
// messages) is classified locally. Customer messages that came with their body are queued at once; the others join
// `pendingBodies`. Removed ones are forgotten, and the cursor moves to the next page, the next phase or the saved
// delta link. The state is saved after every page, with what the page queued.
import type { EmailInput } from "../../../shared";
import { GraphError, type GraphMessageFull, type GraphMessageHeader, type GraphPage } from "../graph";
import { nextListing, trackingDeltaUrl } from "./folder-listing";
import { queueWithState, reportProgress, type FolderRun, type RunContext } from "./folder-run";
import { emailFromGraph, mailFromGraph } from "./graph-email";

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

/** Customer emails a page brought whole (a tracking delta's), to queue with the page's folder state. */
interface PageVerdicts {
  emails: EmailInput[];
  seen: string[];
}

/**
 * A tracking delta's message arrives whole, with its internet headers, so one classification decides; a customer
 * email is queued from the page. A listed header, or a delta entry Graph sent without its body (it may send only
 * the changed fields of an updated message), waits for its body.
 */
function judgeCustomerMessage(run: FolderRun, m: GraphMessageFull, verdicts: PageVerdicts): void {
  if (!m.body) {
    run.folder.pendingBodies.push(m.id);
    return;
  }
  const email = emailFromGraph(m);
  if (!email) {
    run.counts.skipped++;
    return;
  }
  run.counts.customer++;
  verdicts.emails.push(email);
  verdicts.seen.push(m.id);
}

/** Classifies each new message locally: customer messages are queued, or wait for their bodies. */
async function classifyMessages(
  ctx: RunContext,
  run: FolderRun,
  live: GraphMessageFull[],
  handled: Set<string>,
): Promise<PageVerdicts> {
  const verdicts: PageVerdicts = { emails: [], seen: [] };
  for (const m of live) {
    if (handled.has(m.id)) continue;
    run.counts.scanned++;
    if (m.isDraft) {
      run.counts.skipped++;
      continue;
    }
    const verdict = await ctx.index.classify(mailFromGraph(m));
    if (verdict.related) {
      judgeCustomerMessage(run, m, verdicts);
      handled.add(m.id);
    } else run.counts.skipped++;
  }
  return verdicts;
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
  folder.phase = "delta";
  if (folder.tracksBodies && folder.deltaLink) folder.cursor = folder.deltaLink;
  else {
    // Track changes from the newest message listed on (a tiny first delta round), bodies included.
    folder.cursor = trackingDeltaUrl(folder.folderId, folder.listNewest ?? folder.cutoff);
    folder.deltaLink = null;
    folder.tracksBodies = true;
  }
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
  page: GraphPage<GraphMessageFull>,
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
  // A relisting keeps a tracking delta link it already has; a listing that starts one notes where it starts.
  if (listing && !(run.folder.tracksBodies && run.folder.deltaLink)) noteNewest(run, live);
  const { emails, seen: queued } = await classifyMessages(ctx, run, live, handled);
  if (listing) advanceListing(ctx, run, page);
  else advanceDelta(run, page);
  await queueWithState(ctx, run, emails, queued);
  reportProgress(ctx, run, "listing");
}
