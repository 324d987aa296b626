// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { createHash } from "node:crypto";
import { ApiError } from "../../../../shared";
import { GraphError } from "../../graph";
import { App } from "./App";
import type { ConnectOptions } from "../ports";
import { FakeHost, FakeTouchbase, lookupFor, openMessage } from "../testing/fake-ports";

afterEach(cleanup);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function setup(
  configure?: (host: FakeHost, touchbase: FakeTouchbase) => void,
  /** What each sign-in does, in order (default: it succeeds). */
  outcomes: (Error | null)[] = [],
) {
  const host = new FakeHost();
  const touchbase = new FakeTouchbase(host);
  configure?.(host, touchbase);
  const connects: string[] = [];
  render(
    <App
      host={host}
      connect={async (settings, options: ConnectOptions) => {
        connects.push(`${settings.serverUrl}${options.interactive ? " (interactive)" : ""}`);
        const outcome = outcomes.shift();
        if (outcome) throw outcome;
        return touchbase;
      }}
    />,
  );
  return { host, touchbase, connects };
}

const state = () => screen.getByTestId("message-status").getAttribute("data-state");

describe("the task pane", () => {
  it("shows the customer, why it matched, the profile, the contact and the history", async () => {
    setup();
    const card = await screen.findByTestId("customer-card");
    expect(within(card).getByTestId("customer-name").textContent).toBe("Acme Corporation");
    expect(within(card).getByTestId("customer-why").textContent).toContain(
      "wile.coyote@acme.com is a contact of this customer",
    );
    await waitFor(() =>
      expect(within(card).getByTestId("customer-profile").textContent).toContain("Alex Admin"),
    );
    expect(within(card).getByTestId("customer-profile").textContent).toContain("184,000");
    expect(within(card).getByTestId("contact").textContent).toContain("Wile Coyote");
    expect(
      within(card)
        .getAllByTestId("history-item")
        .map((a) => a.textContent),
    ).toEqual(["Earlier"]);
    expect(state()).toBe("not-synced");
  });

  it("syncs the open message and then shows it as synced", async () => {
    const { host, touchbase } = setup();
    await waitFor(() => expect(state()).toBe("not-synced"));
    touchbase.lookupAnswer = async () => lookupFor(host.current!, { emailId: "stored-1" });
    fireEvent.click(screen.getByRole("button", { name: "Sync" }));
    await waitFor(() => expect(state()).toBe("synced"));
    expect(touchbase.synced).toHaveLength(1);
    expect(touchbase.synced[0]).toMatchObject({ origin: "open", emails: [{ messageId: "<m1@acme.com>" }] });
    expect(screen.getByTestId("notice").textContent).toContain("Synced to Touchbase.");
  });

  it("removes a synced email from Touchbase, after asking (Cancel keeps it)", async () => {
    const { touchbase } = setup(
      (host, tb) => (tb.lookupAnswer = async () => lookupFor(host.current!, { emailId: "e-7" })),
    );
    await waitFor(() => expect(state()).toBe("synced"));
    touchbase.lookupAnswer = async () => lookupFor(openMessage());
    fireEvent.click(screen.getByRole("button", { name: "Remove from Touchbase" }));
    fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(touchbase.removed).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Remove from Touchbase" }));
    fireEvent.click(await screen.findByTestId("remove-confirm"));
    await waitFor(() => expect(state()).toBe("not-synced"));
    expect(touchbase.removed).toEqual(["e-7"]);
  });

  it("syncs customer emails on open when the user asked for it, and nothing else", async () => {
    const { host, touchbase } = setup((h) => (h.settings = { ...h.settings, autoSyncOnOpen: true }));
    await waitFor(() => expect(touchbase.synced).toHaveLength(1));
    expect(touchbase.synced[0]).toMatchObject({ origin: "open", emails: [{ messageId: "<m1@acme.com>" }] });
    host.current = openMessage({
      itemId: "i9",
      internetMessageId: "<m9@gmail.com>",
      from: { name: "Mom", address: "mom@gmail.com" },
    });
    act(() => host.fire({ kind: "item" }));
    await waitFor(() => expect(state()).toBe("not-customer"));
    expect(touchbase.synced).toHaveLength(1);
  });

  it("says why an email is not a customer email and offers no Sync", async () => {
    setup((host) => (host.current = openMessage({ from: { name: "Mom", address: "mom@gmail.com" } })));
    await waitFor(() => expect(state()).toBe("not-customer"));
    expect(screen.getByTestId("message-state-reason").textContent).toBe(
      "Nobody on this email belongs to a customer.",
    );
    expect(screen.queryByRole("button", { name: "Sync" })).toBeNull();
  });

  it("excludes the sender (with purge) and undoes it", async () => {
    const { touchbase } = setup();
    await waitFor(() => expect(state()).toBe("not-synced"));
    fireEvent.click(screen.getByTestId("sender-menu"));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Exclude sender" }));
    fireEvent.click(await screen.findByRole("checkbox", { name: /Also delete/ }));
    fireEvent.click(screen.getByTestId("exclude-confirm"));
    await waitFor(() => expect(state()).toBe("excluded"));
    expect(touchbase.excluded).toEqual([{ kind: "address", value: "wile.coyote@acme.com", purge: true }]);
    expect(screen.getByTestId("notice").textContent).toContain("3 stored emails were deleted");
    fireEvent.click(screen.getByTestId("notice-undo"));
    await waitFor(() => expect(state()).toBe("not-synced"));
    expect(touchbase.undone).toBe(1);
  });

  it("offers Exclude domain for a company sender only", async () => {
    setup((host) => (host.current = openMessage({ from: { name: "", address: "someone@gmail.com" } })));
    await waitFor(() => expect(state()).toBe("not-customer"));
    fireEvent.click(screen.getByTestId("sender-menu"));
    const item = await screen.findByRole("menuitem", { name: /Exclude domain/ });
    expect(item.getAttribute("aria-disabled")).toBe("true");
  });

  it("follows the selection: a new item, then several selected, then Sync N selected", async () => {
    const { host, touchbase } = setup();
    await screen.findByTestId("customer-card");
    host.current = openMessage({
      itemId: "i2",
      internetMessageId: "<m2@umbrella.com>",
      from: { name: "Al", address: "al@umbrella.com" },
    });
    act(() => host.fire({ kind: "item" }));
    await waitFor(() => expect(screen.getByTestId("customer-name").textContent).toBe("Umbrella"));

    const items = ["a", "b", "c"].map((id) => ({
      itemId: id,
      subject: `S ${id}`,
      conversationId: null,
      internetMessageId: null,
      itemType: "message",
      itemMode: "Read",
    }));
    act(() => host.fire({ kind: "selection", items }));
    const button = await screen.findByTestId("sync-selected");
    expect(button.textContent).toBe("Sync 3 selected");
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId("notice").textContent).toBe("3 emails synced."));
    expect(touchbase.synced.at(-1)?.origin).toBe("selection");
    expect(touchbase.synced.at(-1)?.emails).toHaveLength(3);
  });

  it("re-reads the item when Office.onReady runs again instead of firing an event", async () => {
    const { host } = setup();
    await screen.findByTestId("customer-card");
    const reads = host.calls.filter((c) => c === "readCurrent").length;
    act(() => host.fire({ kind: "item" }));
    await waitFor(() => expect(host.calls.filter((c) => c === "readCurrent").length).toBeGreaterThan(reads));
  });

  it("ignores a slow answer for a message the user already left", async () => {
    let release: () => void = () => undefined;
    const { host, touchbase } = setup((h, tb) => {
      tb.lookupAnswer = (input) =>
        input.messageIdSha256 === sha256("m1@acme.com")
          ? new Promise((resolve) => (release = () => resolve(lookupFor(h.current!, { emailId: "old" }))))
          : Promise.resolve(lookupFor(h.current!));
    });
    await screen.findByTestId("customer-card");
    host.current = openMessage({ itemId: "i2", internetMessageId: "<m2@acme.com>" });
    act(() => host.fire({ kind: "item" }));
    await waitFor(() =>
      expect(screen.getByTestId("message-view").getAttribute("data-message-id")).toBe("<m2@acme.com>"),
    );
    await waitFor(() => expect(state()).toBe("not-synced"));
    await act(async () => release());
    expect(state()).toBe("not-synced");
    expect(touchbase.synced).toHaveLength(0);
  });

  it("keeps working locally when the server cannot be reached", async () => {
    setup(
      (_h, tb) =>
        (tb.lookupAnswer = async () =>
          Promise.reject(new ApiError("unreachable", "The Touchbase server could not be reached.", 0))),
    );
    await waitFor(() => expect(state()).toBe("not-synced"));
    expect(screen.getByTestId("lookup-error").textContent).toContain("could not be reached");
    expect(screen.getByTestId("customer-name").textContent).toBe("Acme Corporation");
  });

  it("shows the signed-out state when the token is rejected", async () => {
    setup(
      (_h, tb) =>
        (tb.lookupAnswer = async () =>
          Promise.reject(new ApiError("unauthorized", "The API token was rejected.", 401))),
    );
    expect((await screen.findByTestId("state-signed-out")).textContent).toContain(
      "The API token was rejected.",
    );
  });

  it("without a server URL, Sign in opens Settings; saving the URL signs in", async () => {
    const { host, connects } = setup((h) => (h.settings = { ...h.settings, serverUrl: "" }));
    expect((await screen.findByTestId("state-signed-out")).textContent).toContain("server URL");
    fireEvent.click(screen.getByTestId("sign-in"));
    fireEvent.change(await screen.findByTestId("settings-server-url"), {
      target: { value: "https://tb.example.com" },
    });
    fireEvent.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("customer-card");
    expect(host.settings.serverUrl).toBe("https://tb.example.com");
    expect(connects).toEqual(["https://tb.example.com"]);
  });

  it("signs in silently; when Microsoft needs the user, Sign in asks interactively", async () => {
    const { connects } = setup(undefined, [
      new GraphError(
        "signin_required",
        "Sign in with your Microsoft work account to see your customers here.",
        401,
      ),
    ]);
    const view = await screen.findByTestId("state-signed-out");
    expect(view.textContent).toContain(
      "Sign in with your Microsoft work account to see your customers here.",
    );
    fireEvent.click(screen.getByTestId("sign-in"));
    await screen.findByTestId("customer-card");
    expect(connects).toEqual(["https://tb.example", "https://tb.example (interactive)"]);
  });

  it("says so when the user cancels the sign-in, and Sign in starts again", async () => {
    const { connects } = setup(
      (h) => (h.settings = { ...h.settings, signedOut: true }),
      [new GraphError("signin_cancelled", "Sign-in was cancelled. Sign in again when you are ready.", 401)],
    );
    fireEvent.click(await screen.findByTestId("sign-in"));
    await waitFor(() =>
      expect(screen.getByTestId("signed-out-message").textContent).toBe(
        "Sign-in was cancelled. Sign in again when you are ready.",
      ),
    );
    fireEvent.click(screen.getByTestId("sign-in"));
    await screen.findByTestId("customer-card");
    expect(connects).toEqual(["https://tb.example (interactive)", "https://tb.example (interactive)"]);
  });

  it("shows the server's sentence to a user it refuses (deactivated), with Try again", async () => {
    const sentence =
      "Your Touchbase account has been deactivated. Ask a workspace admin if you need access again.";
    setup(undefined, [new ApiError("deactivated", sentence, 403)]);
    const view = await screen.findByTestId("state-refused");
    expect(view.textContent).toContain(sentence);
    expect(screen.getByTestId("sign-in").textContent).toBe("Try again");
  });

  it("forgets an API token an older build saved once the user is signed in", async () => {
    const { host } = setup((h) => (h.settings = { ...h.settings, apiToken: "tb_old" }));
    await screen.findByTestId("customer-card");
    await waitFor(() => expect(host.settings.apiToken).toBe(""));
  });

  it("shows the outbox: offline, then emails waiting with the last error", async () => {
    const { touchbase } = setup();
    await screen.findByTestId("customer-card");
    act(() => touchbase.setOutbox({ online: false, pending: 2 }));
    expect(screen.getByTestId("state-offline").textContent).toContain(
      "2 emails wait on this computer and upload when you are back online.",
    );
    act(() =>
      touchbase.setOutbox({
        online: true,
        pending: 1,
        lastError: { code: "unreachable", message: "The server could not be reached." },
      }),
    );
    expect(screen.getByTestId("outbox-banner").textContent).toContain(
      "Touchbase is unreachableThe server could not be reached. 1 email waits on this computer and uploads when it answers.",
    );
    act(() => touchbase.setOutbox({ pending: 0, lastError: null }));
    expect(screen.queryByTestId("outbox-banner")).toBeNull();
  });

  it("follows Office's dark theme", async () => {
    setup((h) => (h.dark = true));
    await screen.findByTestId("customer-card");
    expect(document.querySelector("[data-theme]")?.getAttribute("data-theme")).toBe("dark");
  });

  it("shows the empty state when no message is open", async () => {
    setup((h) => (h.current = null));
    expect((await screen.findByTestId("state-empty")).textContent).toContain("Open an email");
  });

  it("opens a history email sanitized, in a sandboxed frame, images blocked until asked", async () => {
    setup();
    fireEvent.click(await screen.findByTestId("history-item"));
    const frame = (await screen.findByTestId("email-frame")) as HTMLIFrameElement;
    expect(frame.getAttribute("sandbox")).toBe("allow-popups");
    const srcdoc = frame.getAttribute("srcdoc") ?? "";
    expect(srcdoc).toContain("Body of e1");
    expect(srcdoc).not.toContain("<script");
    expect(srcdoc).not.toContain("tracker.example");
    fireEvent.click(screen.getByRole("button", { name: "Show images" }));
    await waitFor(() => expect(frame.getAttribute("srcdoc")).toContain("https://tracker.example/p.gif"));
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(await screen.findByTestId("customer-card")).toBeTruthy();
  });
});
