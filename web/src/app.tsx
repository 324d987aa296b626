import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Text,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { WeatherMoon20Regular, WeatherSunny20Regular, Desktop20Regular } from "@fluentui/react-icons";
import { ApiError, type Session } from "./contract";
import { call, loadSession, signInUrl } from "./api";
import { ChooseVisibilityBanner } from "./choose-visibility-banner";
import { Link, RouterProvider, useLocation } from "./router";
import { isAdmin, SessionContext } from "./session";
import { ErrorState, LoadingRows, NotFound } from "./states";
import { ADMIN_SECTIONS } from "./admin-sections";

// The signed-in shell: header (workspace, theme, who, sign out), the navigation (admin links for admins only),
// and the page of the current path, each page its own chunk.

const CustomersPage = lazy(() => import(/* webpackChunkName: "customers" */ "./pages/customers"));
const ProfilePage = lazy(() => import(/* webpackChunkName: "profile" */ "./pages/customer-profile"));
const ConversationsPage = lazy(() => import(/* webpackChunkName: "conversations" */ "./pages/conversations"));
const MyEmailsPage = lazy(() => import(/* webpackChunkName: "my-emails" */ "./pages/my-emails"));
const AdminPage = lazy(() => import(/* webpackChunkName: "admin" */ "./pages/admin"));

type ThemeChoice = "system" | "light" | "dark";
const THEME_KEY = "touchbase.theme";

function useTheme(): [ThemeChoice, boolean, () => void] {
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  const [choice, setChoice] = useState<ThemeChoice>(
    () => (localStorage.getItem(THEME_KEY) as ThemeChoice | null) ?? "system",
  );
  const [systemDark, setSystemDark] = useState(media.matches);
  useEffect(() => {
    const update = () => setSystemDark(media.matches);
    media.addEventListener("change", update);
    return () => media.removeEventListener("change", update);
  }, [media]);
  const next = () => {
    const order: ThemeChoice[] = ["system", "light", "dark"];
    const value = order[(order.indexOf(choice) + 1) % order.length];
    localStorage.setItem(THEME_KEY, value);
    setChoice(value);
  };
  return [choice, choice === "dark" || (choice === "system" && systemDark), next];
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  return online;
}

const useStyles = makeStyles({
  // Fluent copies the provider's class onto every portal (menus, dialogs, tooltips): layout put on the provider
  // would make each popup a full-height layer over the page. The provider carries only the theme; `page` fills it.
  page: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground2 },
  skip: {
    position: "absolute",
    left: "-10000px",
    ":focus": { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM, zIndex: 10 },
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
    padding: tokens.spacingHorizontalS,
  },
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase500 },
  grow: { flexGrow: 1 },
  body: { display: "flex", minHeight: "calc(100vh - 53px)" },
  nav: {
    width: "200px",
    flexShrink: 0,
    padding: tokens.spacingVerticalM,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  navHeading: {
    marginTop: tokens.spacingVerticalL,
    padding: `0 ${tokens.spacingHorizontalS}`,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  navLink: {
    display: "block",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecoration: "none",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  current: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    fontWeight: tokens.fontWeightSemibold,
  },
  main: {
    flexGrow: 1,
    minWidth: 0,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    ":focus": { outline: "none" },
    // Every page's title keeps its distance from what follows: web.css (#main h1, a block), which no reset overrides.
  },
  // The offline and first-run bars keep their distance from the page below; with neither, no gap.
  banners: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
    ":empty": { display: "none" },
  },
});

/** The member's name once (the address is in the tooltip); the address when there is no name. */
const displayName = (user: { name: string; email: string }) => user.name.trim() || user.email;

function NavLink({ href, children, exact }: { href: string; children: ReactNode; exact?: boolean }) {
  const styles = useStyles();
  const { path } = useLocation();
  const current =
    (exact ? path === href : path === href || path.startsWith(`${href}/`)) ||
    (href === "/app/customers" && path.replace(/\/+$/, "") === "/app");
  return (
    <Link
      href={href}
      className={mergeClasses(styles.navLink, current && styles.current)}
      aria-current={current ? "page" : undefined}
    >
      {children}
    </Link>
  );
}

function Page() {
  const { path } = useLocation();
  const p = path.replace(/\/+$/, "");
  if (p === "/app" || p === "/app/customers") return <CustomersPage />;
  const profile = /^\/app\/customers\/([^/]+)$/.exec(p);
  if (profile) return <ProfilePage id={decodeURIComponent(profile[1])} />;
  if (p === "/app/conversations") return <ConversationsPage />;
  if (p === "/app/me" || p === "/app/me/emails") return <MyEmailsPage />;
  const admin = /^\/app\/admin(?:\/(block-list|team|settings|sync-health))?$/.exec(p);
  if (admin) return <AdminPage section={admin[1] ?? "block-list"} />;
  return <NotFound />;
}

function Shell({
  session,
  themeChoice,
  nextTheme,
}: {
  session: Session;
  themeChoice: ThemeChoice;
  nextTheme: () => void;
}) {
  const styles = useStyles();
  const online = useOnline();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const [signingOut, setSigningOut] = useState<string | null>(null);
  useEffect(() => {
    // After a navigation the keyboard continues in the page, not at the top of the navigation.
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);

  const signOut = async () => {
    setSigningOut("Signing out…");
    try {
      await call("DELETE", "/session", null);
      location.assign("/auth/sign-in?signedOut=1");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) location.assign("/auth/sign-in?signedOut=1");
      else setSigningOut("Signing out failed; try again.");
    }
  };
  const themeIcon =
    themeChoice === "dark" ? (
      <WeatherMoon20Regular />
    ) : themeChoice === "light" ? (
      <WeatherSunny20Regular />
    ) : (
      <Desktop20Regular />
    );
  const themeLabel = `Theme: ${themeChoice === "system" ? "system" : themeChoice} (change)`;
  return (
    <>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <span className={styles.brand}>Touchbase</span>
        <Text>{session.workspace.name}</Text>
        <span className={styles.grow} />
        <Tooltip content={themeLabel} relationship="label">
          <Button appearance="subtle" icon={themeIcon} onClick={nextTheme} data-testid="theme-toggle" />
        </Tooltip>
        {/* The address on hover (a native title: it needs no portal). */}
        <Text data-testid="who" title={`Signed in as ${session.user.email}`}>
          {displayName(session.user)}
        </Text>
        <Button onClick={signOut} disabled={signingOut === "Signing out…"}>
          Sign out
        </Button>
        {signingOut && signingOut !== "Signing out…" && <Text role="alert">{signingOut}</Text>}
      </header>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label="Touchbase">
          <NavLink href="/app/customers">Customers</NavLink>
          <NavLink href="/app/conversations">Conversations</NavLink>
          <NavLink href="/app/me/emails">My emails</NavLink>
          {isAdmin(session) && (
            <>
              <div className={styles.navHeading} role="heading" aria-level={2}>
                Admin
              </div>
              {ADMIN_SECTIONS.map((s) => (
                <NavLink href={`/app/admin/${s.id}`} key={s.id}>
                  {s.title}
                </NavLink>
              ))}
            </>
          )}
        </nav>
        <main id="main" ref={main} tabIndex={-1} className={styles.main}>
          <div className={styles.banners}>
            {!online && (
              <MessageBar intent="warning" data-testid="offline">
                <MessageBarBody>
                  You are offline. Touchbase shows what it loaded; changes wait until the connection is back.
                </MessageBarBody>
              </MessageBar>
            )}
            {isAdmin(session) && <ChooseVisibilityBanner />}
          </div>
          <Suspense fallback={<LoadingRows label="Loading the page…" />}>
            <Page />
          </Suspense>
        </main>
      </div>
    </>
  );
}

export function App() {
  const styles = useStyles();
  const [themeChoice, dark, nextTheme] = useTheme();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    setError(null);
    loadSession().then(setSession, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) location.assign(signInUrl());
      else setError(e);
    });
  }, [round]);
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? "dark" : "light";
  }, [dark]);
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <div className={styles.page}>
        {session ? (
          <SessionContext.Provider value={session}>
            <RouterProvider>
              <Shell session={session} themeChoice={themeChoice} nextTheme={nextTheme} />
            </RouterProvider>
          </SessionContext.Provider>
        ) : (
          <main className={styles.main} id="main">
            <h1>Touchbase</h1>
            {error ? (
              <ErrorState error={error} retry={() => setRound((r) => r + 1)} />
            ) : (
              <LoadingRows label="Signing in…" />
            )}
          </main>
        )}
      </div>
    </FluentProvider>
  );
}
