// @vitest-environment jsdom
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { App } from "./App";
import { FakeHost, FakeTouchbase, lookupFor, openMessage, SNAPSHOT } from "../testing/fake-ports";
import type { OpenMessage } from "../../office";

// What the pane asks the backend for, message by message: nothing at all for mail that is not customer mail;
// for customer mail one /lookup with the customer participants and the Message-ID's hash.

afterEach(cleanup);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const state = () => screen.getByTestId("message-status").getAttribute("data-state");

function setup(configure?: (host: FakeHost, touchbase: FakeTouchbase) => void) {
  const host = new FakeHost();
  const touchbase = new FakeTouchbase(host);
  configure?.(host, touchbase);
  render(<App host={host} connect={async () => touchbase} />);
  return { host, touchbase };
}

const NOT_CUSTOMER: [string, OpenMessage, string][] = [
  [
    "a stranger's email",
    openMessage({
      itemId: "s1",
      internetMessageId: "<stranger-1@fabrikam.org>",
      from: { name: "Pat Stranger", address: "pat@fabrikam.org" },
    }),
    "no-customer",
  ],
  [
    "a newsletter from a customer's domain",
    openMessage({
      itemId: "s2",
      internetMessageId: "<news-1@acme.com>",
      from: { name: "Acme News", address: "news@acme.com" },
      headers: { "list-unsubscribe": "<mailto:unsubscribe@acme.com>", precedence: "bulk" },
    }),
    "bulk",
  ],
  [
    "an internal-only email",
    openMessage({
      itemId: "s3",
      internetMessageId: "<internal-1@northwind-cs.com>",
      from: { name: "Sam", address: "sam@northwind-cs.com" },
    }),
    "internal-only",
  ],
  [
    "an excluded sender's email",
    openMessage({
      itemId: "s4",
      internetMessageId: "<excluded-1@umbrella.com>",
      from: { name: "Ex Cluded", address: "ex@umbrella.com" },
    }),
    "excluded",
  ],
];

describe("the pane's requests to the backend", () => {
  it("shows mail that is not customer mail from local data alone: no lookup, no index check", async () => {
    const { host, touchbase } = setup((_h, tb) => {
      tb.snapshot = {
        ...SNAPSHOT,
        exclusions: [{ id: "x-ex", kind: "address", value: "ex@umbrella.com", scope: "user" }],
      };
    });
    await waitFor(() => expect(state()).toBe("not-synced")); // the first, customer, message
    const lookups = touchbase.lookups.length;
    const refreshes = touchbase.indexRefreshes;
    for (const [what, message, reason] of NOT_CUSTOMER) {
      host.current = message;
      act(() => host.fire({ kind: "item" }));
      await waitFor(() =>
        expect(screen.getByTestId("message-view").getAttribute("data-message-id"), what).toBe(
          message.internetMessageId,
        ),
      );
      if (reason === "excluded") expect(state(), what).toBe("excluded");
      else expect(state(), what).toBe("not-customer");
    }
    expect(touchbase.lookups.length).toBe(lookups);
    expect(touchbase.indexRefreshes).toBe(refreshes);
  });

  it("looks up a customer email with its customer participants and the Message-ID's SHA-256, never the id", async () => {
    const { touchbase } = setup((h) => {
      h.current = openMessage({
        internetMessageId: "<Renewal-42@ACME.com>",
        cc: [
          { name: "Mom", address: "mom.family@gmail.com" },
          { name: "Sam", address: "sam@northwind-cs.com" },
        ],
      });
    });
    await waitFor(() => expect(touchbase.lookups).toHaveLength(1));
    expect(touchbase.lookups[0]).toEqual({
      emails: ["wile.coyote@acme.com"],
      messageIdSha256: sha256("renewal-42@acme.com"),
    });
    expect(JSON.stringify(touchbase.lookups)).not.toMatch(/renewal-42|gmail|northwind/i);
  });

  it("Sync N selected on Mailbox 1.13–1.14 reads the messages through Graph", async () => {
    const { host, touchbase } = setup((h) => (h.canLoadItemsById = false));
    await screen.findByTestId("customer-card");
    const items = ["AAMk/a+1", "AAMk/b+2"].map((itemId) => ({
      itemId,
      subject: itemId,
      conversationId: null,
      internetMessageId: null,
      itemType: "message",
      itemMode: "Read",
    }));
    act(() => host.fire({ kind: "selection", items }));
    fireEvent.click(await screen.findByTestId("sync-selected"));
    await waitFor(() => expect(screen.getByTestId("notice").textContent).toBe("2 emails synced."));
    expect(touchbase.fetched).toEqual([["AAMk-a_1", "AAMk-b_2"]]);
    expect(touchbase.synced.at(-1)?.origin).toBe("selection");
  });

  it("turns Not synced into Synced when the ribbon uploads the open message", async () => {
    const { host, touchbase } = setup();
    await waitFor(() => expect(state()).toBe("not-synced"));
    touchbase.lookupAnswer = async () => lookupFor(host.current!, { emailId: "from-ribbon" });
    act(() => touchbase.syncedElsewhere(["<other@acme.com>"]));
    expect(state()).toBe("not-synced"); // someone else's email: nothing to redo
    act(() => touchbase.syncedElsewhere(["<M1@acme.com>"]));
    await waitFor(() => expect(state()).toBe("synced"));
  });
});
