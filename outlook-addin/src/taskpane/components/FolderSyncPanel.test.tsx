// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { GraphError } from "../../graph/graph-error";
import type { FolderSyncProgress, FolderSyncRunOptions, FolderSyncSummary } from "../../sync";
import type { EngineFolders } from "../../sync";
import { FolderSyncPanel } from "./FolderSyncPanel";
import { createFolderSyncController } from "../../sync/folder-run-controller";

afterEach(cleanup);

const counts = { scanned: 0, customer: 0, uploaded: 0, alreadySynced: 0, skipped: 0, removed: 0, queued: 0 };

function fakeFolders(run: (folderId: string, options: FolderSyncRunOptions) => Promise<FolderSyncSummary>) {
  const calls: { folderId: string; lookbackDays?: number }[] = [];
  let signedIn = 0;
  const folders: EngineFolders = {
    tree: async () => [],
    folderOf: async (restId) => `folder-of-${restId}`,
    run: (folderId, options = {}) => {
      calls.push({ folderId, lookbackDays: options.lookbackDays });
      return run(folderId, options);
    },
    state: async () => null,
    signIn: async () => void (signedIn += 1),
    signInMethod: "nested",
    signInNeeded: async () => null,
  };
  const controller = createFolderSyncController(folders.run);
  return { folders, controller, calls, signedIn: () => signedIn };
}

const summary = (folderId: string, over: Partial<FolderSyncSummary> = {}): FolderSyncSummary => ({
  ...counts,
  folderId,
  complete: true,
  graphRequests: 3,
  durationMs: 10,
  ...over,
});

type PanelProps = Parameters<typeof FolderSyncPanel>[0];

/** The panel as the pane renders it, with these folders and controller (90 days back, no chosen folders). */
function renderPanel(
  parts: Pick<PanelProps, "folders" | "controller">,
  over: Partial<Omit<PanelProps, "folders" | "controller">> = {},
) {
  return render(<FolderSyncPanel {...parts} restId="r" chosen={[]} lookbackDays={90} {...over} />);
}

describe("FolderSyncPanel", () => {
  it("syncs the open message's folder with a progress bar and the ribbon's counts", async () => {
    let report: (p: FolderSyncProgress) => void = () => undefined;
    let finish: () => void = () => undefined;
    const { folders, controller, calls } = fakeFolders(
      (folderId, options) =>
        new Promise((resolve) => {
          report = options.onProgress!;
          finish = () =>
            resolve(summary(folderId, { scanned: 1240, customer: 212, uploaded: 198, alreadySynced: 14 }));
        }),
    );
    renderPanel({ folders, controller }, { restId: "AAMk-1", lookbackDays: 30 });
    fireEvent.click(screen.getByTestId("sync-this-folder"));
    await waitFor(() => expect(calls).toEqual([{ folderId: "folder-of-AAMk-1", lookbackDays: 30 }]));
    report({ ...counts, folderId: "f", phase: "uploading", scanned: 600, customer: 100, uploaded: 50 });
    const bar = await screen.findByTestId("folder-sync-progress");
    expect(bar.getAttribute("aria-valuenow")).toBe("0.5");
    expect(screen.getByTestId("folder-sync").textContent).toContain(
      "600 scanned, 100 customer emails, 50 uploaded, 0 already synced",
    );
    finish();
    const done = await screen.findByTestId("folder-sync-summary");
    expect(done.textContent).toBe(
      "This folder is up to date: 1,240 scanned, 212 customer emails, 198 uploaded, 14 already synced.",
    );
  });

  it("syncs the chosen folders one after the other and adds up the counts", async () => {
    const { folders, controller, calls } = fakeFolders(async (folderId) =>
      summary(folderId, { scanned: 10, customer: 2, uploaded: 2 }),
    );
    renderPanel(
      { folders, controller },
      {
        restId: null,
        chosen: [
          { id: "inbox", name: "Inbox" },
          { id: "sentitems", name: "Sent Items" },
        ],
      },
    );
    expect((screen.getByTestId("sync-this-folder") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("sync-chosen-folders"));
    expect((await screen.findByTestId("folder-sync-summary")).textContent).toContain(
      "20 scanned, 4 customer emails, 4 uploaded",
    );
    expect(calls.map((c) => c.folderId)).toEqual(["inbox", "sentitems"]);
  });

  it("says when a run stopped part-way and can continue", async () => {
    const { folders, controller } = fakeFolders(async (folderId) =>
      summary(folderId, { complete: false, scanned: 5 }),
    );
    renderPanel({ folders, controller });
    fireEvent.click(screen.getByTestId("sync-this-folder"));
    expect((await screen.findByTestId("folder-sync-summary")).textContent).toContain("stopped part-way");
  });

  it("asks for a Microsoft sign-in when Graph needs one", async () => {
    const { folders, controller, signedIn } = fakeFolders(async () => {
      throw new GraphError("signin_required", "Sign in to Microsoft to sync folders.");
    });
    renderPanel({ folders, controller });
    fireEvent.click(screen.getByTestId("sync-this-folder"));
    expect((await screen.findByTestId("folder-sync-error")).textContent).toContain(
      "Sign in to Microsoft to sync folders.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Sign in to Microsoft" }));
    await waitFor(() => expect(signedIn()).toBe(1));
  });

  it("explains when there is no Graph access at all", () => {
    renderPanel({ folders: null, controller: null });
    expect(screen.getByTestId("folder-sync").textContent).toContain("needs Microsoft Graph");
  });
});
