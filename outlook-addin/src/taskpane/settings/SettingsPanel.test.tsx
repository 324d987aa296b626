// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { MailFolderNode } from "../../graph";
import { DEFAULT_SETTINGS, type AddinSettings } from "../../office/roaming-settings";
import { OfficeError } from "../../office/office-runtime";
import type { FolderSchedule, ScheduledFolder } from "../../sync";
import SettingsPanel from "./SettingsPanel";

afterEach(cleanup);

const node = (
  id: string,
  displayName: string,
  wellKnownName: string | null,
  children: MailFolderNode[] = [],
): MailFolderNode => ({
  id,
  displayName,
  parentFolderId: null,
  totalItemCount: 3,
  wellKnownName,
  children,
});

const TREE = [
  node("AQ-inbox", "Inbox", "inbox", [node("AQ-projects", "Projects", null)]),
  node("AQ-sent", "Sent Items", "sentitems"),
  node("AQ-archive", "Archive", "archive"),
];

/** A schedule that reports two folders, as the engine's does after a round. */
function fakeSchedule(folders: ScheduledFolder[]): FolderSchedule {
  return {
    start: () => undefined,
    stop: () => undefined,
    runNow: async () => undefined,
    setEveryMinutes: () => undefined,
    everyMinutes: 5,
    folders: () => folders,
    noteSynced: async () => undefined,
    subscribe: () => () => undefined,
  };
}

describe("SettingsPanel", () => {
  it("shows when each continuously synced folder last synced and runs next, and saves the interval", async () => {
    const saved: AddinSettings[] = [];
    const now = Date.now();
    const schedule = fakeSchedule([
      {
        folderId: "AQ-inbox",
        name: "Inbox",
        lastSyncedAt: now - 120_000,
        nextRunAt: now + 180_000,
        lastError: null,
      },
      { folderId: "AQ-projects", name: null, lastSyncedAt: null, nextRunAt: now + 180_000, lastError: null },
    ]);
    const projects = { id: "AQ-projects", name: "Projects" };
    render(
      <SettingsPanel
        initial={{ ...DEFAULT_SETTINGS, serverUrl: "https://tb.example", folders: [projects] }}
        loadFolders={null}
        onSave={async (next) => void saved.push(next)}
        onCancel={() => undefined}
        schedule={schedule}
      />,
    );
    const status = screen.getByTestId("continuous-sync-status");
    expect(
      within(status)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "Inbox — synced 2 minutes ago, next in 3 minutes",
      "Projects — not synced yet, next in 3 minutes",
    ]);
    const every = screen.getByTestId("settings-sync-every") as HTMLInputElement;
    expect(every.value).toBe("5");
    fireEvent.change(every, { target: { value: "500" } });
    fireEvent.blur(every);
    fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].syncEveryMinutes).toBe(60); // bounded: at most an hour
  });

  it("shows the folder tree with Inbox and Sent Items chosen by default and saves the choice", async () => {
    const saved: AddinSettings[] = [];
    render(
      <SettingsPanel
        initial={{ ...DEFAULT_SETTINGS, serverUrl: "https://tb.example" }}
        loadFolders={async () => TREE}
        onSave={async (next) => void saved.push(next)}
        onCancel={() => undefined}
      />,
    );
    const tree = await screen.findByTestId("folder-tree");
    const box = (name: string) =>
      within(tree).getByRole("checkbox", { name: new RegExp(`^${name}`) }) as HTMLInputElement;
    expect(box("Inbox").checked).toBe(true);
    expect(box("Sent Items").checked).toBe(true);
    expect(box("Projects").checked).toBe(false);
    fireEvent.click(box("Projects"));
    fireEvent.click(box("Sent Items"));
    fireEvent.click(screen.getByTestId("settings-auto-sync"));
    fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].folders).toEqual([
      { id: "inbox", name: "Inbox" },
      { id: "AQ-projects", name: "Projects" },
    ]);
    expect(saved[0].autoSyncOnOpen).toBe(true);
  });

  it("shows the reason when the settings cannot be saved, and keeps what was typed", async () => {
    render(
      <SettingsPanel
        initial={DEFAULT_SETTINGS}
        loadFolders={null}
        onSave={async () => {
          throw new OfficeError("invalid_settings", "The server URL must start with https:// (or http://).");
        }}
        onCancel={null}
      />,
    );
    fireEvent.click(screen.getByTestId("settings-save"));
    expect((await screen.findByTestId("settings-error")).textContent).toBe(
      "Enter the Touchbase server URL to connect.",
    );
    // Sign-in replaced the token: there is no field to paste one.
    expect(screen.queryByTestId("settings-token")).toBeNull();
    expect(screen.queryByText(/token/i)).toBeNull();
    fireEvent.change(screen.getByTestId("settings-server-url"), { target: { value: "ftp://nope" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() =>
      expect(screen.getByTestId("settings-error").textContent).toBe(
        "The server URL must start with https:// (or http://).",
      ),
    );
    expect((screen.getByTestId("settings-server-url") as HTMLInputElement).value).toBe("ftp://nope");
  });
});

describe("SettingsPanel Microsoft sign-in for folder sync", () => {
  const CONSENT =
    "Microsoft needs your consent before Touchbase can read your mail folders. Sign in to Microsoft once to give it; folder sync works right after.";

  it("offers no second sign-in when Graph's token comes silently (Touchbase's sign-in brought its consent)", async () => {
    let asked = 0;
    render(
      <SettingsPanel
        initial={DEFAULT_SETTINGS}
        loadFolders={async () => TREE}
        onSave={async () => undefined}
        onCancel={null}
        onSignIn={async () => undefined}
        signInNeeded={async () => {
          asked += 1;
          return null;
        }}
      />,
    );
    await screen.findByTestId("folder-tree");
    await waitFor(() => expect(asked).toBe(1));
    expect(screen.queryByTestId("settings-sign-in")).toBeNull();
    expect(screen.queryByText(/Sign in to Microsoft/)).toBeNull();
  });

  it("when Microsoft asks for consent: says why, signs in from a click, then the button goes and the tree loads", async () => {
    let consented = false;
    let attempts = 0;
    let loads = 0;
    render(
      <SettingsPanel
        initial={DEFAULT_SETTINGS}
        loadFolders={async () => {
          loads += 1;
          if (!consented)
            throw new OfficeError("signin_required", "Sign in with your Microsoft account to sync folders.");
          return TREE;
        }}
        onSave={async () => undefined}
        onCancel={null}
        signInNeeded={async () => (consented ? null : CONSENT)}
        onSignIn={async () => {
          attempts += 1;
          if (attempts === 1)
            throw new OfficeError("popup_blocked", "Allow pop-ups for Outlook, then try again.");
          consented = true;
        }}
      />,
    );
    expect((await screen.findByTestId("settings-sign-in-reason")).textContent).toBe(CONSENT);
    fireEvent.click(screen.getByTestId("settings-sign-in"));
    expect((await screen.findByTestId("settings-sign-in-result")).textContent).toBe(
      "Allow pop-ups for Outlook, then try again.",
    );
    // A failed attempt leaves the reason and the button.
    expect(screen.getByTestId("settings-sign-in-reason").textContent).toBe(CONSENT);
    fireEvent.click(screen.getByTestId("settings-sign-in"));
    await waitFor(() =>
      expect(screen.getByTestId("settings-sign-in-result").textContent).toBe(
        "Signed in to Microsoft: folder sync can read your mail folders.",
      ),
    );
    await waitFor(() => expect(screen.queryByTestId("settings-sign-in")).toBeNull());
    expect(screen.queryByTestId("settings-sign-in-reason")).toBeNull();
    await screen.findByTestId("folder-tree");
    expect(attempts).toBe(2);
    expect(loads).toBe(2);
  });

  it("without NAA it says the sign-in opens a separate window", async () => {
    render(
      <SettingsPanel
        initial={DEFAULT_SETTINGS}
        loadFolders={null}
        onSave={async () => undefined}
        onCancel={null}
        onSignIn={async () => undefined}
        signInNeeded={async () => CONSENT}
        signInMethod="dialog"
      />,
    );
    expect((await screen.findByTestId("settings-sign-in-dialog")).textContent).toContain("separate window");
  });
});
