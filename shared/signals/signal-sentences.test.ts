import { describe, expect, it } from "vitest";
import type { Signals } from "../api/schemas";
import { duration, medianLine, waitingLine } from "./signal-sentences";

const now = new Date("2026-06-10T12:00:00Z");
const none: Signals = {
  lastInboundAt: null,
  lastOutboundAt: null,
  awaitingReply: [],
  awaitingReplyCount: 0,
  medianFirstReplyMinutes: null,
  repliesMeasured: 0,
};

describe("signal sentences", () => {
  it("says how long the newest awaiting thread has waited, and how many others wait", () => {
    const waiting: Signals = {
      ...none,
      awaitingReply: [{ threadKey: "t", since: "2026-06-07T11:00:00Z", emailId: "em_1", subject: "Renewal" }],
      awaitingReplyCount: 3,
    };
    expect(waitingLine(waiting, now)).toEqual({
      text: "Waiting for a reply for 3 days (and 2 other threads)",
      spoken: "A customer email has been waiting for a reply for 3 days: Renewal (and 2 other threads)",
    });
    const hours = { ...waiting, awaitingReplyCount: 1 };
    hours.awaitingReply = [{ ...waiting.awaitingReply[0], since: "2026-06-10T07:30:00Z" }];
    expect(waitingLine(hours, now)?.text).toBe("Waiting for a reply for 4 hours");
    hours.awaitingReply = [{ ...waiting.awaitingReply[0], since: "2026-06-10T11:59:30Z" }];
    expect(waitingLine(hours, now)?.text).toBe("Waiting for a reply for less than a minute");
    expect(waitingLine(none, now)).toBeNull();
  });

  it("gives the median with its count, and a sentence when nothing was measured", () => {
    expect(medianLine({ ...none, medianFirstReplyMinutes: 240, repliesMeasured: 12 })).toEqual({
      text: "Median reply 4 h (12 replies)",
      spoken: "Median first reply time: 4 hours, over 12 replies in the last 90 days",
    });
    expect(medianLine({ ...none, medianFirstReplyMinutes: 35, repliesMeasured: 1 }).text).toBe(
      "Median reply 35 min (1 reply)",
    );
    expect(medianLine(none).text).toBe("No replies measured yet");
    expect(duration(3 * 24 * 60).short).toBe("3 d");
  });
});
