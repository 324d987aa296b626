import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import {
  Button,
  FluentProvider,
  Subtitle1,
  Tooltip,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { SettingsRegular } from "@fluentui/react-icons";
import type { AddinSettings } from "../../office";
import type { ConnectFn, HostPort, TouchbasePort } from "../ports";
import { describeError } from "../errors";
import { ErrorView, LoadingView, SignedOutView } from "./StateViews";

// The first paint needs only React, Fluent and this shell; the message pane (with the shared core) and the
// settings form load in parallel as separate chunks.
const MainPane = lazy(() =>
  import(/* webpackChunkName: "main-pane" */ "./MainPane").then((m) => ({ default: m.MainPane })),
);
const SettingsPanel = lazy(() => import(/* webpackChunkName: "settings" */ "../settings/SettingsPanel"));

const useStyles = makeStyles({
  // Fluent copies the provider's class onto every portal (menus, dialogs, tooltips): layout put here would make
  // each popup a full-height layer over the pane. The provider carries only the theme; `main` fills the page.
  root: {
    minHeight: "100vh",
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground1,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
  },
  header: { display: "flex", alignItems: "center", justifyContent: "space-between" },
});

type Session =
  | { status: "signed-out" }
  | { status: "connecting" }
  | { status: "ready"; touchbase: TouchbasePort }
  | { status: "failed"; message: string };

const configured = (s: AddinSettings) => s.serverUrl.trim() !== "" && s.apiToken.trim() !== "";

/**
 * Opens (and closes) a Touchbase session for the saved server and token. Only they identify the session: saving
 * other settings (folders, lookback) keeps it, and a folder sync it runs goes on.
 */
function useSession(connect: ConnectFn, settings: AddinSettings, attempt: number): Session {
  const [session, setSession] = useState<Session>(() =>
    configured(settings) ? { status: "connecting" } : { status: "signed-out" },
  );
  const { serverUrl, apiToken } = settings;
  const latest = useRef(settings);
  useEffect(() => {
    latest.current = settings;
  });
  useEffect(() => {
    if (!configured({ ...latest.current, serverUrl, apiToken })) {
      setSession({ status: "signed-out" });
      return;
    }
    let live = true;
    let opened: TouchbasePort | null = null;
    setSession({ status: "connecting" });
    connect({ ...latest.current, serverUrl, apiToken }).then(
      (touchbase) => {
        opened = touchbase;
        if (live) setSession({ status: "ready", touchbase });
        else void touchbase.close();
      },
      (error: unknown) => live && setSession({ status: "failed", message: describeError(error) }),
    );
    return () => {
      live = false;
      if (opened) void opened.close();
    };
  }, [connect, serverUrl, apiToken, attempt]);
  return session;
}

/** Follows Office's theme: read at start, and again on OfficeThemeChanged (Mailbox 1.14). */
function useOfficeTheme(host: HostPort) {
  const [dark, setDark] = useState(() => host.theme().isDark);
  useEffect(() => host.onThemeChanged(() => setDark(host.theme().isDark)), [host]);
  return dark ? webDarkTheme : webLightTheme;
}

export interface AppProps {
  host: HostPort;
  connect: ConnectFn;
}

export function App({ host, connect }: AppProps) {
  const styles = useStyles();
  const theme = useOfficeTheme(host);
  const [settings, setSettings] = useState<AddinSettings>(() => host.loadSettings());
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState(false);
  const session = useSession(connect, settings, attempt);

  const save = useCallback(
    async (next: AddinSettings) => {
      const saved = await host.saveSettings(next);
      setSettings(saved);
      setEditing(false);
    },
    [host],
  );
  const folders = session.status === "ready" ? session.touchbase.folders : null;
  // Sign-out: what this session kept on the computer is deleted, then the token is forgotten.
  const signOut = useCallback(async () => {
    if (session.status === "ready") await session.touchbase.deleteLocalData();
    const saved = await host.saveSettings({ apiToken: "" });
    setSettings(saved);
    setEditing(false);
  }, [host, session]);

  return (
    <FluentProvider theme={theme} data-theme={theme === webDarkTheme ? "dark" : "light"}>
      <main className={styles.root}>
        <header className={styles.header}>
          <Subtitle1 as="h1">Touchbase</Subtitle1>
          {!editing && (
            <Tooltip content="Settings" relationship="label">
              <Button
                appearance="subtle"
                icon={<SettingsRegular />}
                onClick={() => setEditing(true)}
                data-testid="open-settings"
              />
            </Tooltip>
          )}
        </header>
        {editing ? (
          <Suspense fallback={<LoadingView label="Opening settings…" />}>
            <SettingsPanel
              initial={settings}
              loadFolders={folders ? folders.tree : null}
              onSignIn={folders ? folders.signIn : null}
              signInMethod={folders?.signInMethod ?? null}
              onSignOut={configured(settings) ? signOut : null}
              onSave={save}
              onCancel={() => setEditing(false)}
              describeError={describeError}
            />
          </Suspense>
        ) : session.status === "signed-out" ? (
          <SignedOutView onOpenSettings={() => setEditing(true)} />
        ) : session.status === "connecting" ? (
          <LoadingView label="Connecting to Touchbase…" />
        ) : session.status === "failed" ? (
          <ErrorView message={session.message} onRetry={() => setAttempt((n) => n + 1)} />
        ) : (
          <MainPane
            host={host}
            touchbase={session.touchbase}
            settings={settings}
            onOpenSettings={() => setEditing(true)}
          />
        )}
      </main>
    </FluentProvider>
  );
}
