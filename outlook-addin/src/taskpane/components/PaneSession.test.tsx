// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { App } from "./App";
import { FakeHost, FakeTouchbase } from "../testing/fake-ports";
import { createFolderSyncController } from "../../sync/folder-run-controller";
import type { FolderSyncProgress, FolderSyncRunOptions, FolderSyncSummary } from "../../sync";

// The pane's session outlives what is on screen: a folder sync goes on while an email or Settings is open, saving
// settings that do not change the server keeps it, and signing out deletes what it kept.

afterEach(cleanup);

const counts = { scanned: 0, customer: 0, uploaded: 0, alreadySynced: 0, skipped: 0, removed: 0, queued: 0 };

function setup() {
  const host = new FakeHost();
  const touchbase = new FakeTouchbase(host);
  const runs: { folderId: string; options: FolderSyncRunOptions }[] = [];
  let finish: (summary: FolderSyncSummary) => void = () => undefined;
  const run = (folderId: string, options: FolderSyncRunOptions = {}) => {
    runs.push({ folderId, options });
    return new Promise<FolderSyncSummary>((resolve) => (finish = resolve));
  };
  touchbase.folders = {
    tree: async () => [],
    folderOf: async (restId) => `folder-of-${restId}`,
    run,
    state: async () => null,
    signIn: async () => undefined,
    signInMethod: "nested",
    signInNeeded: async () => null,
  };
  touchbase.folderSync = createFolderSyncController(run);
  const connects: string[] = [];
  render(
    <App
      host={host}
      connect={async (settings) => {
        connects.push(settings.serverUrl);
        return touchbase;
      }}
    />,
  );
  const progress = (p: Partial<FolderSyncProgress>) =>
    act(() => runs.at(-1)!.options.onProgress!({ ...counts, folderId: "f", phase: "bodies", ...p }));
  return {
    host,
    touchbase,
    runs,
    connects,
    progress,
    finish: (s: FolderSyncSummary) => act(() => finish(s)),
  };
}

describe("the pane's session", () => {
  it("keeps a folder sync running while Settings and an email are open, and shows its progress again", async () => {
    const { runs, progress, finish, connects } = setup();
    await screen.findByTestId("customer-card");
    fireEvent.click(screen.getByTestId("sync-this-folder"));
    await waitFor(() => expect(runs).toHaveLength(1));
    progress({ scanned: 100, customer: 10 });

    fireEvent.click(screen.getByTestId("open-settings"));
    await screen.findByTestId("settings");
    expect(screen.queryByTestId("folder-sync")).toBeNull(); // the panel is gone…
    expect(runs[0].options.signal?.aborted).toBe(false); // …the sync is not
    progress({ scanned: 400, customer: 40, uploaded: 12 });
    // Saving a setting that does not change the server or token keeps the session (and the sync).
    fireEvent.click(screen.getByTestId("settings-auto-sync"));
    fireEvent.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("sync-this-folder");
    expect(connects).toHaveLength(1);
    expect(screen.getByTestId("folder-sync").textContent).toContain(
      "400 scanned, 40 customer emails, 12 uploaded",
    );

    fireEvent.click(await screen.findByTestId("history-item"));
    await screen.findByTestId("email-frame");
    progress({ scanned: 900, customer: 90, uploaded: 90 });
    finish({
      ...counts,
      folderId: "f",
      scanned: 900,
      customer: 90,
      uploaded: 90,
      complete: true,
      graphRequests: 9,
      durationMs: 1,
    });
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    const done = await screen.findByTestId("folder-sync-summary");
    expect(done.textContent).toBe(
      "This folder is up to date: 900 scanned, 90 customer emails, 90 uploaded, 0 already synced.",
    );
    expect(runs[0].options.signal?.aborted).toBe(false);
  });

  it("says so when the folder is already being synced elsewhere", async () => {
    const host = new FakeHost();
    const touchbase = new FakeTouchbase(host);
    const busy = Object.assign(
      new Error(
        "This folder is already being synced (from the Sync folder button or another Touchbase pane). It finishes there.",
      ),
      { code: "folder_busy" },
    );
    touchbase.folders = {
      tree: async () => [],
      folderOf: async () => "f",
      run: async () => Promise.reject(busy),
      state: async () => null,
      signIn: async () => undefined,
      signInMethod: "nested",
      signInNeeded: async () => null,
    };
    touchbase.folderSync = createFolderSyncController(touchbase.folders.run);
    render(<App host={host} connect={async () => touchbase} />);
    await screen.findByTestId("customer-card");
    fireEvent.click(screen.getByTestId("sync-this-folder"));
    const note = await screen.findByTestId("folder-sync-error");
    expect(note.getAttribute("data-code")).toBe("folder_busy");
    expect(note.textContent).toContain("already being synced");
  });

  it("signs out: deletes the local data, stays signed out and offers Sign in", async () => {
    const { host, touchbase, connects } = setup();
    await screen.findByTestId("customer-card");
    fireEvent.click(screen.getByTestId("open-settings"));
    expect((await screen.findByTestId("settings-account")).textContent).toBe(
      "Signed in as Alex Admin (alex.admin@northwind-cs.com).",
    );
    fireEvent.click(screen.getByTestId("settings-sign-out"));
    const view = await screen.findByTestId("state-signed-out");
    expect(touchbase.deleted).toBe(1);
    expect(host.settings.signedOut).toBe(true);
    expect(view.textContent).toContain("Sign in with your Microsoft work account");
    expect(view.textContent).not.toContain("profile");
    expect(connects).toHaveLength(1);
  });

  it("follows Office's theme when it changes (OfficeThemeChanged)", async () => {
    const { host } = setup();
    await screen.findByTestId("customer-card");
    const theme = () => document.querySelector("[data-theme]")?.getAttribute("data-theme");
    expect(theme()).toBe("light");
    act(() => host.setDark(true));
    expect(theme()).toBe("dark");
  });
});
