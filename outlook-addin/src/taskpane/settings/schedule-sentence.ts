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

/** `names` maps folder ids (and well-known names) to what Settings calls them, for folders without a saved name. */
export function scheduleSentence(folder: ScheduledFolder, now: number, names: Map<string, string>): string {
  const name = folder.name ?? names.get(folder.folderId) ?? "A folder";
  return `${name} — ${lastRun(folder, now)}, ${nextRun(folder, now)}`;
}
