// How folder sync walks a folder through Graph: the URLs it asks for, and where a plain listing continues.
import { GraphError, type GraphMessageHeader, type GraphPage } from "../graph";
import { FULL_SELECT, HEADER_SELECT } from "./graph-email";

/** `$top` maximum for listing messages. */
export const LIST_PAGE = 1000;
/**
 * Messages per page of a tracking delta. Its pages carry bodies, so they are kept small; a round usually finds a
 * handful of new messages, one page.
 */
export const TRACKING_PAGE = 50;
/**
 * How often a folder's lookback window is listed again. Its delta only starts at the newest message of the first
 * listing, so an older message filed into the folder later shows up in no delta; a periodic listing finds it
 * (what was synced already is skipped, so nothing is sent twice).
 */
export const RELIST_EVERY_MS = 24 * 3_600_000;

const seg = encodeURIComponent;
const filter = (expression: string) => `$filter=${seg(expression)}`;

/**
 * The delta a folder is tracked with once listed: from its newest message on, selecting what upload needs (the
 * body, the internet headers), so a round that finds new customer mail needs no second request for the bodies.
 * It starts at the newest message because a delta's first round returns everything it matches, bodies included.
 */
export function trackingDeltaUrl(folderId: string, since: string): string {
  return `/me/mailFolders/${seg(folderId)}/messages/delta?${filter(`receivedDateTime ge ${since}`)}&$select=${FULL_SELECT}`;
}

/** The `Prefer` header of a listing page, or of a tracking delta's (smaller pages, HTML bodies). */
export function pagePreference(phase: "initial-list" | "delta", pageSize: number): string {
  if (phase === "initial-list") return `odata.maxpagesize=${pageSize}`;
  return `odata.maxpagesize=${Math.min(pageSize, TRACKING_PAGE)}, outlook.body-content-type="html"`;
}

/**
 * The plain message list, newest first, from `upper` (inclusive) down to the cutoff. Paging moves `upper` down
 * instead of following Graph's `$skip` links: an offset shifts when messages are deleted or arrive during the
 * listing, which would skip or repeat messages; a date cursor does not.
 */
export function listUrl(
  folderId: string,
  cutoff: string,
  upper: string | null = null,
  top = LIST_PAGE,
): string {
  const range = upper
    ? `receivedDateTime ge ${cutoff} and receivedDateTime le ${upper}`
    : `receivedDateTime ge ${cutoff}`;
  return (
    `/me/mailFolders/${seg(folderId)}/messages?${filter(range)}&$select=${HEADER_SELECT}` +
    `&$orderby=${seg("receivedDateTime desc")}&$top=${Math.min(LIST_PAGE, top)}`
  );
}

/** Where a listing goes after `page`: null when it was the last one. */
export function nextListing(
  page: GraphPage<GraphMessageHeader>,
  at: { folderId: string; cutoff: string; upper: string | null; boundaryIds: string[]; top: number },
): { cursor: string; upper: string | null; boundaryIds: string[] } | null {
  const next = page["@odata.nextLink"];
  if (!next) return null;
  const dated = page.value.filter((m) => m.receivedDateTime && !m["@removed"]);
  const oldest = dated.at(-1)?.receivedDateTime;
  const atOldest = dated.filter((m) => m.receivedDateTime === oldest).map((m) => m.id);
  // A whole page received in the same second cannot move the cursor: follow Graph's own link past it.
  if (!oldest || atOldest.length === page.value.length) {
    return { cursor: next, upper: at.upper, boundaryIds: at.boundaryIds };
  }
  // The next page starts at `oldest` again (inclusive); these ids were handled on this page.
  const boundaryIds = oldest === at.upper ? [...new Set([...at.boundaryIds, ...atOldest])] : atOldest;
  return { cursor: listUrl(at.folderId, at.cutoff, oldest, at.top), upper: oldest, boundaryIds };
}

/** Graph lost the delta link or paging state (expired, 410 Gone): the folder needs a new pass. */
export function isLostSyncState(error: unknown): boolean {
  return error instanceof GraphError && (error.status === 410 || /^SyncState/i.test(error.code));
}
