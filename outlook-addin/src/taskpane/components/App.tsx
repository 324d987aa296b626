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
import type { ConnectFn, HostPort } from "../ports";
import type { TouchbaseEngine } from "../../sync";
import { describeError } from "../../sync/error-sentence";
import { isRefused, needsSignIn } from "../../auth/sign-in-errors";
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
  | { status: "signed-out"; message?: string; refused?: boolean }
  | { status: "connecting"; interactive: boolean }
  | { status: "ready"; touchbase: TouchbaseEngine }
  | { status: "failed"; message: string };

/** The session wanted: none after Sign out (or without a server URL), else one, silently unless from a click. */
const wanted = (s: AddinSettings) => s.serverUrl.trim() !== "" && !s.signedOut;

function failedSession(error: unknown): Session {
  return needsSignIn(error)
    ? { status: "signed-out", message: describeError(error), refused: isRefused(error) }
    : { status: "failed", message: describeError(error) };
}

/**
 * Signs in and opens (and closes) a Touchbase session for the saved server. Only the server and being signed out
 * identify the session: saving other settings (folders, lookback) keeps it, and a folder sync it runs goes on.
 * `markInteractive()` makes the next attempt come from a click (Sign in): MSAL may then show its sign-in.
 */
function useSession(connect: ConnectFn, settings: AddinSettings, attempt: number) {
  const [session, setSession] = useState<Session>(() =>
    wanted(settings) ? { status: "connecting", interactive: false } : { status: "signed-out" },
  );
  const { serverUrl, signedOut } = settings;
  const latest = useRef(settings);
  const interactiveNext = useRef(false);
  useEffect(() => {
    latest.current = settings;
  });
  useEffect(() => {
    const interactive = interactiveNext.current;
    interactiveNext.current = false;
    if (!wanted({ ...latest.current, serverUrl, signedOut })) {
      setSession(
        serverUrl.trim()
          ? { status: "signed-out" }
          : { status: "signed-out", message: "Enter your Touchbase server URL in Settings, then sign in." },
      );
      return;
    }
    let live = true;
    let opened: TouchbaseEngine | null = null;
    setSession({ status: "connecting", interactive });
    connect({ ...latest.current, serverUrl, signedOut }, { interactive }).then(
      (touchbase) => {
        opened = touchbase;
        if (live) setSession({ status: "ready", touchbase });
        else void touchbase.close();
      },
      (error: unknown) => live && setSession(failedSession(error)),
    );
    return () => {
      live = false;
      if (opened) void opened.close();
    };
  }, [connect, serverUrl, signedOut, attempt]);
  return { session, markInteractive: () => (interactiveNext.current = true) };
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
  const { session, markInteractive } = useSession(connect, settings, attempt);

  const schedule = session.status === "ready" ? session.touchbase.schedule : null;
  const save = useCallback(
    async (next: AddinSettings) => {
      const saved = await host.saveSettings(next);
      schedule?.setEveryMinutes(saved.syncEveryMinutes); // the session stays: its schedule takes the new interval
      setSettings(saved);
      setEditing(false);
    },
    [host, schedule],
  );
  const folders = session.status === "ready" ? session.touchbase.folders : null;
  // Sign-out: what this session kept on the computer is deleted, and the pane stops resuming the session by itself.
  const signOut = useCallback(async () => {
    if (session.status === "ready") await session.touchbase.deleteLocalData();
    const saved = await host.saveSettings({ signedOut: true, apiToken: "" });
    setSettings(saved);
    setEditing(false);
  }, [host, session]);
  const signIn = useCallback(async () => {
    if (!settings.serverUrl.trim()) return setEditing(true);
    markInteractive();
    if (settings.signedOut) setSettings(await host.saveSettings({ signedOut: false }));
    else setAttempt((n) => n + 1);
  }, [host, settings.serverUrl, settings.signedOut, markInteractive]);
  // A token an older build kept in the roaming settings is dropped once the user is signed in without it.
  const legacyToken = session.status === "ready" && settings.apiToken !== "";
  useEffect(() => {
    if (legacyToken) void host.saveSettings({ apiToken: "" }).then(setSettings, () => undefined);
  }, [host, legacyToken]);

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
              signInNeeded={folders ? folders.signInNeeded : null}
              signInMethod={folders?.signInMethod ?? null}
              account={session.status === "ready" ? session.touchbase.account : null}
              onSignOut={session.status === "ready" ? signOut : null}
              schedule={schedule}
              onSave={save}
              onCancel={() => setEditing(false)}
            />
          </Suspense>
        ) : session.status === "signed-out" ? (
          <SignedOutView message={session.message} refused={session.refused} onSignIn={() => void signIn()} />
        ) : session.status === "connecting" ? (
          <LoadingView label={session.interactive ? "Signing in…" : "Connecting to Touchbase…"} />
        ) : session.status === "failed" ? (
          <ErrorView message={session.message} onRetry={() => setAttempt((n) => n + 1)} />
        ) : (
          <MainPane
            host={host}
            touchbase={session.touchbase}
            settings={settings}
            onSignIn={() => void signIn()}
          />
        )}
      </main>
    </FluentProvider>
  );
}
