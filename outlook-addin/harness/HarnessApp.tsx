import { useState, useSyncExternalStore } from "react";
import {
  Button,
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Subtitle2,
  Switch,
  Toolbar,
  ToolbarButton,
  ToolbarDivider,
  makeStyles,
  mergeClasses,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import type { MailboxHost } from "./mailbox-host";
import { MessageList } from "./MessageList";
import { ReadingPane } from "./ReadingPane";

const useStyles = makeStyles({
  // Below ~860 px the columns scroll sideways rather than clip the task pane.
  app: {
    display: "grid",
    gridTemplateRows: "auto 1fr",
    height: "100vh",
    overflowX: "auto",
    overflowY: "hidden",
  },
  ribbon: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  grow: { flexGrow: 1 },
  // The columns give way before the task pane does: at 1024 px every column still fits (they summed to 1,110 px).
  columns: {
    display: "grid",
    gridTemplateColumns: "minmax(120px, 170px) minmax(220px, 320px) minmax(200px, 1fr) minmax(320px, 380px)",
    minHeight: 0,
  },
  column: { minHeight: 0, overflow: "hidden", borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  folders: { listStyleType: "none", margin: 0, padding: tokens.spacingVerticalS, overflowY: "auto" },
  folder: { padding: tokens.spacingVerticalXS, cursor: "pointer", borderRadius: tokens.borderRadiusMedium },
  folderActive: { backgroundColor: tokens.colorBrandBackground2 },
  reading: { padding: tokens.spacingHorizontalM, overflowY: "auto" },
  pane: { width: "100%", height: "100%", border: 0, display: "block" },
  hidden: { display: "none" },
});

/** The simulated Outlook: ribbon, folders, message list, reading pane, and the real task pane in a frame. */
export function HarnessApp({ host, frameOrigin }: { host: MailboxHost; frameOrigin: string }) {
  const styles = useStyles();
  const state = useSyncExternalStore(host.subscribeView, host.snapshot);
  const [paneKey, setPaneKey] = useState(0);
  const [error, setError] = useState<{ message: string; retry: () => void } | null>(null);
  /** Runs a click's work; a failure stays on screen as a sentence with Retry (never a silent click). */
  const attempt = (work: () => Promise<void>) => {
    setError(null);
    work().catch((e: unknown) =>
      setError({ message: e instanceof Error ? e.message : String(e), retry: () => attempt(work) }),
    );
  };
  const dark = state.theme === "dark";
  // The frames learn the page's origin and the simulated world from their address, before any code runs.
  const frameQuery = new URLSearchParams({
    host: window.location.origin,
    mailbox: host.environment.mailbox,
    store: host.environment.storeName,
    ...(host.environment.graphUrl ? { graphUrl: host.environment.graphUrl } : {}),
    ...(host.environment.entra
      ? { entraClientId: host.environment.entra.clientId, entraTenant: host.environment.entra.tenantId }
      : {}),
    ...(new URLSearchParams(window.location.search).get("naa") === "0" ? { naa: "0" } : {}),
  });
  const frameUrl = (page: string) => `${frameOrigin}/outlook/${page}?${frameQuery}`;

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <div className={styles.app}>
        <header className={styles.ribbon}>
          <Subtitle2>Outlook harness</Subtitle2>
          <Caption1>{host.profile.emailAddress}</Caption1>
          <Toolbar aria-label="Touchbase ribbon group" className={styles.grow}>
            <ToolbarButton
              appearance="primary"
              data-testid="ribbon-sync-folder"
              disabled={state.actions.length === 0 || state.running !== null || state.selection.length !== 1}
              onClick={() => attempt(() => host.runAction())}
            >
              {state.running ? "Syncing folder…" : "Sync folder"}
            </ToolbarButton>
            <ToolbarDivider />
            <ToolbarButton onClick={() => setPaneKey((k) => k + 1)} data-testid="reload-pane">
              Reload task pane
            </ToolbarButton>
            <ToolbarButton onClick={() => host.rerunReady()} data-testid="rerun-ready">
              Re-run onReady
            </ToolbarButton>
            <ToolbarButton
              data-testid="sign-out"
              onClick={() => {
                host.signOut();
                setPaneKey((k) => k + 1);
              }}
            >
              Sign out of Touchbase
            </ToolbarButton>
          </Toolbar>
          <Switch
            label="Dark theme"
            checked={dark}
            data-testid="theme-switch"
            onChange={(_e, d) => {
              host.setTheme(d.checked ? "dark" : "light");
              // Mailbox 1.14 tells the add-in (OfficeThemeChanged); older Outlook reloads its add-ins.
              if (!host.themeEvents) setPaneKey((k) => k + 1);
            }}
          />
        </header>
        <div className={styles.columns}>
          <nav className={styles.column} aria-label="Folders">
            <ul className={styles.folders}>
              {state.folders
                .filter((f) => f.parentFolderId !== null)
                .map((f) => (
                  <li
                    key={f.id}
                    data-testid="folder"
                    data-folder-id={f.id}
                    className={mergeClasses(styles.folder, f.id === state.folderId && styles.folderActive)}
                    onClick={() => attempt(() => host.openFolder(f.id))}
                  >
                    {f.displayName} <Caption1>({f.totalItemCount})</Caption1>
                  </li>
                ))}
            </ul>
          </nav>
          <div className={styles.column}>
            <MessageList
              messages={state.messages}
              selection={state.selection}
              onSelect={(ids) => attempt(() => host.select(ids))}
            />
          </div>
          <main className={mergeClasses(styles.column, styles.reading)}>
            {(error || state.status) && (
              <MessageBar intent="error" layout="multiline" data-testid="harness-error">
                <MessageBarBody>{error?.message ?? state.status}</MessageBarBody>
                {error && (
                  <MessageBarActions>
                    <Button size="small" onClick={error.retry} data-testid="harness-retry">
                      Retry
                    </Button>
                  </MessageBarActions>
                )}
              </MessageBar>
            )}
            {!host.environment.graphUrl && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  The Graph simulator is not running, so there is no mailbox to show. Start the backend with
                  `npm start` (it starts the simulator), or pass graphUrl in the address.
                </MessageBarBody>
              </MessageBar>
            )}
            <ReadingPane
              item={state.current}
              notifications={state.notifications}
              count={state.selection.length}
            />
          </main>
          <aside aria-label="Touchbase task pane">
            <iframe
              key={`pane-${paneKey}`}
              className={styles.pane}
              title="Touchbase task pane"
              data-testid="taskpane-frame"
              src={frameUrl("harness-taskpane.html")}
            />
            <iframe
              key={`commands-${paneKey}`}
              className={styles.hidden}
              title="Touchbase commands"
              src={frameUrl("harness-commands.html")}
            />
          </aside>
        </div>
      </div>
    </FluentProvider>
  );
}
