import { formatSummary } from "../sync/folder-summary";
import type { FolderSyncSummary } from "../sync";
import { totalOf } from "../sync/folder-run-controller";

const list = new Intl.ListFormat("en", { style: "long", type: "conjunction" });

/** Folder names as a label: "Inbox", "Inbox and Sent Items", "Inbox, Sent Items and Clients". */
export function folderListLabel(names: string[]): string {
  return list.format(names);
}

const emailsAre = (n: number) => `${n.toLocaleString("en-US")} customer email${n === 1 ? " is" : "s are"}`;

/**
 * How a finished folder sync reads. "Up to date" only when nothing waits: emails the outbox holds (the server
 * could not be reached) make it a warning that says so.
 */
export function finishedSentence(
  label: string,
  summaries: FolderSyncSummary[],
): { intent: "success" | "info" | "warning"; text: string } {
  const total = totalOf(summaries);
  const several = summaries.length > 1;
  const counts = formatSummary(total);
  if (!total.complete)
    return {
      intent: "info",
      text: `${label} stopped part-way: ${counts}. Sync again to continue where it stopped.`,
    };
  if (total.queued > 0) {
    // The waiting count is the sentence's subject: not repeated in the counts after it.
    const rest = formatSummary({ ...total, queued: 0 });
    return {
      intent: "warning",
      text:
        `${label} ${several ? "were" : "was"} read, but ${emailsAre(total.queued)} still waiting to upload; ` +
        `they upload as soon as Touchbase answers. ${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`,
    };
  }
  return { intent: "success", text: `${label} ${several ? "are" : "is"} up to date: ${counts}.` };
}
