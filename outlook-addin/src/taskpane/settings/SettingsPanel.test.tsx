// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { MailFolderNode } from "../../graph";
import { DEFAULT_SETTINGS, type AddinSettings } from "../../office/roaming-settings";
import { OfficeError } from "../../office/office-runtime";
import { describeError } from "../../sync/error-sentence";
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

describe("SettingsPanel", () => {
  it("shows the folder tree with Inbox and Sent Items chosen by default and saves the choice", async () => {
    const saved: AddinSettings[] = [];
    render(
      <SettingsPanel
        initial={{ ...DEFAULT_SETTINGS, serverUrl: "https://tb.example" }}
        loadFolders={async () => TREE}
        onSave={async (next) => void saved.push(next)}
        onCancel={() => undefined}
        describeError={describeError}
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
        describeError={describeError}
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

describe("SettingsPanel Microsoft sign-in", () => {
  it("signs in from a click and says whether it worked", async () => {
    let attempts = 0;
    render(
      <SettingsPanel
        initial={DEFAULT_SETTINGS}
        loadFolders={null}
        onSave={async () => undefined}
        onCancel={null}
        describeError={describeError}
        onSignIn={async () => {
          attempts += 1;
          if (attempts === 1)
            throw new OfficeError("popup_blocked", "Allow pop-ups for Outlook, then try again.");
        }}
      />,
    );
    fireEvent.click(screen.getByTestId("settings-sign-in"));
    expect((await screen.findByTestId("settings-sign-in-result")).textContent).toBe(
      "Allow pop-ups for Outlook, then try again.",
    );
    fireEvent.click(screen.getByTestId("settings-sign-in"));
    await waitFor(() =>
      expect(screen.getByTestId("settings-sign-in-result").textContent).toContain("Signed in to Microsoft"),
    );
    expect(attempts).toBe(2);
  });
});
