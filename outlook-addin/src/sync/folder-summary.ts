import type { FolderSyncCounts } from "./folder-types";

export const zero = (): FolderSyncCounts => ({
  scanned: 0,
  customer: 0,
  uploaded: 0,
  alreadySynced: 0,
  skipped: 0,
  removed: 0,
  queued: 0,
});

/** "1,240 scanned, 212 customer emails, 198 uploaded, 14 already synced" (+ waiting when some are queued). */
export function formatSummary(counts: FolderSyncCounts): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const parts = [
    `${n(counts.scanned)} scanned`,
    `${n(counts.customer)} customer email${counts.customer === 1 ? "" : "s"}`,
    `${n(counts.uploaded)} uploaded`,
    `${n(counts.alreadySynced)} already synced`,
  ];
  if (counts.queued) parts.push(`${n(counts.queued)} waiting to upload`);
  return parts.join(", ");
}

/** A throttle worth telling the user about: shorter waits pass before anyone could read the sentence. */
export const THROTTLE_SHOWN_FROM_MS = 5_000;

/**
 * "Outlook asked us to slow down; resuming at 14:05 by itself." — Graph throttled the mailbox and the sync waits,
 * it has not failed. Seconds are shown for waits under two minutes, so the time visibly arrives.
 */
export function throttleSentence(resumeAt: number, now: number): string | null {
  const wait = resumeAt - now;
  if (wait < THROTTLE_SHOWN_FROM_MS) return null;
  const at = new Date(resumeAt).toLocaleTimeString("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    ...(wait < 120_000 ? { second: "2-digit" as const } : {}),
  });
  return `Outlook asked us to slow down; resuming at ${at} by itself.`;
}
