import { describe, expect, it } from "vitest";
import type { ScheduledFolder } from "../../sync";
import { scheduleSentence, scheduleSentences } from "./schedule-sentence";

const NOW = Date.UTC(2026, 11, 3, 14, 0);
const folder = (patch: Partial<ScheduledFolder>): ScheduledFolder => ({
  folderId: "AQ-inbox",
  name: "Inbox",
  lastSyncedAt: NOW - 2 * 60_000,
  nextRunAt: NOW + 3 * 60_000,
  lastError: null,
  ...patch,
});
const names = new Map([["AQ-sent", "Sent Items"]]);

describe("continuous sync in Settings, in sentences", () => {
  it("says when a folder last synced and when it runs next", () => {
    expect(scheduleSentence(folder({}), NOW, names)).toBe("Inbox — synced 2 minutes ago, next in 3 minutes");
    expect(
      scheduleSentence(folder({ lastSyncedAt: NOW - 10_000, nextRunAt: NOW + 20_000 }), NOW, names),
    ).toBe("Inbox — synced just now, next in less than a minute");
    expect(scheduleSentence(folder({ nextRunAt: NOW + 60_000 }), NOW, names)).toBe(
      "Inbox — synced 2 minutes ago, next in 1 minute",
    );
  });

  it("names a folder from Settings when it has no saved name, and says so when it failed, waits or is paused", () => {
    expect(
      scheduleSentence(folder({ folderId: "AQ-sent", name: null, lastSyncedAt: null }), NOW, names),
    ).toBe("Sent Items — not synced yet, next in 3 minutes");
    expect(scheduleSentence(folder({ lastError: "Microsoft Graph had a problem." }), NOW, names)).toBe(
      "Inbox — the last sync failed (Microsoft Graph had a problem), next in 3 minutes",
    );
    expect(scheduleSentence(folder({ nextRunAt: NOW }), NOW, names)).toBe(
      "Inbox — synced 2 minutes ago, syncing now",
    );
    expect(scheduleSentence(folder({ folderId: "x", name: null, nextRunAt: null }), NOW, names)).toBe(
      "A folder — synced 2 minutes ago, paused",
    );
  });

  it("lists folders by name, whatever order their ids come in", () => {
    const sentences = scheduleSentences(
      [
        folder({ folderId: "AQ-sent", name: null }),
        folder({ folderId: "AQ-z", name: "Archive" }),
        folder({ folderId: "AQ-inbox", name: "Inbox" }),
      ],
      NOW,
      names,
    );
    expect(sentences.map((s) => s.folderId)).toEqual(["AQ-z", "AQ-inbox", "AQ-sent"]);
    expect(sentences[2].sentence).toBe("Sent Items — synced 2 minutes ago, next in 3 minutes");
  });
});
