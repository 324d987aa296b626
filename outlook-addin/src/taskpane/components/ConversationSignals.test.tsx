// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { Signals } from "../../../../shared";
import { ConversationSignals } from "./ConversationSignals";

afterEach(cleanup);

const now = new Date("2026-06-10T12:00:00Z");

describe("conversation signals on the customer card", () => {
  it("says who waits since when, opens the thread, and gives the median with its count", () => {
    const opened: string[] = [];
    const signals: Signals = {
      lastInboundAt: "2026-06-07T11:00:00Z",
      lastOutboundAt: "2026-06-06T12:00:00Z",
      awaitingReply: [
        { threadKey: "t", since: "2026-06-07T11:00:00Z", emailId: "em_9", subject: "Renewal terms" },
      ],
      awaitingReplyCount: 1,
      medianFirstReplyMinutes: 240,
      repliesMeasured: 12,
    };
    render(<ConversationSignals signals={signals} onOpenEmail={(id) => opened.push(id)} now={now} />);
    const waiting = screen.getByTestId("signal-waiting");
    expect(waiting.textContent).toContain("Waiting for a reply for 3 days");
    expect(waiting.getAttribute("aria-label")).toBe(
      "A customer email has been waiting for a reply for 3 days: Renewal terms",
    );
    fireEvent.click(screen.getByTestId("signal-waiting-thread"));
    expect(opened).toEqual(["em_9"]);
    expect(screen.getByTestId("signal-median").textContent).toBe("Median reply 4 h (12 replies)");
    expect(screen.getByTestId("signal-directions").textContent).toBe(
      "Last from the customer 3 days ago · last from your team 4 days ago",
    );
  });

  it("has designed sentences when nothing waits and nothing was measured", () => {
    const empty: Signals = {
      lastInboundAt: null,
      lastOutboundAt: null,
      awaitingReply: [],
      medianFirstReplyMinutes: null,
      repliesMeasured: 0,
    };
    render(<ConversationSignals signals={empty} onOpenEmail={() => undefined} now={now} />);
    expect(screen.getByTestId("signal-waiting-none").textContent).toBe("Nothing is waiting for a reply");
    expect(screen.getByTestId("signal-median").textContent).toBe("No replies measured yet");
    expect(screen.getByTestId("signal-directions").textContent).toBe(
      "Last from the customer never · last from your team never",
    );
  });
});
