// How Settings says where continuous sync stands, one sentence per folder:
// "Inbox — synced 2 minutes ago, next in 3 minutes".
import type { ScheduledFolder } from "../../sync";
import { formatRelative } from "../format";

/** "in 3 minutes", "in 1 minute", "in less than a minute". */
function inMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "in less than a minute";
  return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

function nextRun(folder: ScheduledFolder, now: number): string {
  if (folder.nextRunAt === null) return "paused";
  if (folder.nextRunAt <= now) return "syncing now";
  return `next ${inMinutes(folder.nextRunAt - now)}`;
}

function lastRun(folder: ScheduledFolder, now: number): string {
  if (folder.lastError) return `the last sync failed (${folder.lastError.replace(/\.$/, "")})`;
  if (folder.lastSyncedAt === null) return "not synced yet";
  return `synced ${formatRelative(new Date(folder.lastSyncedAt).toISOString(), new Date(now))}`;
}

function folderName(folder: ScheduledFolder, names: Map<string, string>): string {
  return folder.name ?? names.get(folder.folderId) ?? "A folder";
}

/** `names` maps folder ids (and well-known names) to what Settings calls them, for folders without a saved name. */
export function scheduleSentence(folder: ScheduledFolder, now: number, names: Map<string, string>): string {
  return `${folderName(folder, names)} — ${lastRun(folder, now)}, ${nextRun(folder, now)}`;
}

/**
 * One sentence per folder, in the order of the folders' names. The schedule keeps folders in the order the local
 * store returned them, which follows Graph's opaque ids, so the list would otherwise reorder from one mailbox to the
 * next.
 */
export function scheduleSentences(
  folders: ScheduledFolder[],
  now: number,
  names: Map<string, string>,
): { folderId: string; sentence: string }[] {
  return [...folders]
    .sort(
      (a, b) =>
        folderName(a, names).localeCompare(folderName(b, names)) || a.folderId.localeCompare(b.folderId),
    )
    .map((folder) => ({ folderId: folder.folderId, sentence: scheduleSentence(folder, now, names) }));
}
