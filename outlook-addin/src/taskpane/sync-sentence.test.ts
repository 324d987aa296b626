import { describe, expect, it } from "vitest";
import type { SyncMessagesResult } from "../sync";
import { syncSentence } from "./sync-sentence";

type Outcome = SyncMessagesResult["outcomes"][number];
const result = (statuses: string[], notSent = 0): SyncMessagesResult =>
  ({
    outcomes: statuses.map((status) => ({ status }) as unknown as Outcome),
    notSent: Array.from({ length: notSent }, () => ({ reason: "no-customer" })),
    error: null,
  }) as unknown as SyncMessagesResult;

describe("syncSentence (Sync N selected)", () => {
  it("says what was stored, then what stayed in Outlook, with singular and plural", () => {
    expect(syncSentence(result(["stored", "stored"], 1), 3).text).toBe(
      "2 emails synced. 1 email is not customer mail and stays in Outlook.",
    );
    expect(syncSentence(result(["stored", "duplicate"], 2), 4).text).toBe(
      "1 email synced, 1 already in Touchbase. 2 emails are not customer mail and stay in Outlook.",
    );
  });

  it("says nothing was sent in a sentence, and warns about rejections", () => {
    expect(syncSentence(result([]), 3).text).toBe("Nothing to sync in the 3 emails selected.");
    const rejected = syncSentence(result(["invalid"]), 1);
    expect(rejected).toEqual({ intent: "warning", text: "1 email was rejected by the server." });
  });
});
