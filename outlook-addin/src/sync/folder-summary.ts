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
