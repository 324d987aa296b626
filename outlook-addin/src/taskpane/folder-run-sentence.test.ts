import { describe, expect, it } from "vitest";
import type { FolderSyncSummary } from "../sync";
import { throttleSentence } from "../sync/folder-summary";
import { finishedSentence, folderListLabel } from "./folder-run-sentence";

const summary = (patch: Partial<FolderSyncSummary> = {}): FolderSyncSummary => ({
  folderId: "f",
  scanned: 10,
  customer: 2,
  uploaded: 2,
  alreadySynced: 0,
  skipped: 8,
  removed: 0,
  queued: 0,
  complete: true,
  graphRequests: 1,
  durationMs: 1,
  ...patch,
});

describe("folder sync sentences", () => {
  it("names several folders as a list and agrees the verb", () => {
    expect(folderListLabel(["Inbox"])).toBe("Inbox");
    expect(folderListLabel(["Inbox", "Sent Items"])).toBe("Inbox and Sent Items");
    expect(finishedSentence("Inbox and Sent Items", [summary(), summary()])).toEqual({
      intent: "success",
      text: "Inbox and Sent Items are up to date: 20 scanned, 4 customer emails, 4 uploaded, 0 already synced.",
    });
    expect(finishedSentence("This folder", [summary()]).text).toMatch(/^This folder is up to date: /);
  });

  it("is not up to date while emails wait to upload: a warning that says so", () => {
    const waiting = finishedSentence("This folder", [summary({ customer: 102, uploaded: 0, queued: 102 })]);
    expect(waiting.intent).toBe("warning");
    expect(waiting.text).toBe(
      "This folder was read, but 102 customer emails are still waiting to upload; they upload as soon as " +
        "Touchbase answers. 10 scanned, 102 customer emails, 0 uploaded, 0 already synced.",
    );
    expect(waiting.text).not.toContain("up to date");
  });

  it("says where a stopped run continues", () => {
    expect(finishedSentence("Inbox", [summary({ complete: false })])).toMatchObject({
      intent: "info",
      text: "Inbox stopped part-way: 10 scanned, 2 customer emails, 2 uploaded, 0 already synced. Sync again to continue where it stopped.",
    });
  });
});

describe("a throttle, in words", () => {
  const at = (h: number, m: number, sec = 0) => new Date(2026, 11, 3, h, m, sec).getTime();
  it("says the sync waits and when it resumes, with seconds only for a short wait; a blip says nothing", () => {
    expect(throttleSentence(at(14, 5), at(14, 0))).toBe(
      "Outlook asked us to slow down; resuming at 14:05 by itself.",
    );
    expect(throttleSentence(at(14, 0, 40), at(14, 0, 10))).toBe(
      "Outlook asked us to slow down; resuming at 14:00:40 by itself.",
    );
    expect(throttleSentence(at(14, 0, 2), at(14, 0))).toBeNull();
  });
});
