import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Skeleton,
  SkeletonItem,
  Subtitle1,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ApiError, userMessage } from "./contract";
import { Link } from "./router";

// Every page's states in one place: loading (a skeleton), empty (with the next step), error (a sentence and
// Retry), forbidden and not found. `useLoad` gives a page its data, its state and a way to load again.

const useStyles = makeStyles({
  block: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXL} 0`,
    maxWidth: "40rem",
    // The block's gap spaces the title from its sentence; the heading's own browser margins would add to it.
    "& > h2": { margin: 0 },
  },
  rows: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

export type Loaded<T> =
  { state: "loading" } | { state: "error"; error: unknown } | { state: "ready"; data: T };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void, (t: T) => void] {
  const [value, setValue] = useState<Loaded<T>>({ state: "loading" });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the load depends on
  const stableLoad = useCallback(load, deps);
  const loadedFor = useRef<unknown>(null);
  useEffect(() => {
    const mine = ++latest.current;
    // A reload (after a change on the page) keeps what is on screen until the fresh data arrives; new inputs
    // (another customer, other filters) show the skeleton.
    const refresh = loadedFor.current === stableLoad;
    loadedFor.current = stableLoad;
    if (!refresh) setValue({ state: "loading" });
    stableLoad().then(
      (data) => mine === latest.current && setValue({ state: "ready", data }),
      (error: unknown) => mine === latest.current && setValue({ state: "error", error }),
    );
  }, [stableLoad, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setValue({ state: "ready", data }), []);
  return [value, reload, set];
}

export function LoadingRows({ rows = 6, label = "Loading…" }: { rows?: number; label?: string }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" aria-label={label} className={styles.rows} data-testid="loading">
      <Skeleton aria-hidden>
        {Array.from({ length: rows }, (_, i) => (
          <SkeletonItem key={i} size={24} style={{ marginBottom: 8 }} />
        ))}
      </Skeleton>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.block} data-testid="empty">
      <Subtitle1 as="h2">{title}</Subtitle1>
      {children && <div>{children}</div>}
    </div>
  );
}

/** A failed load: forbidden and not found get their own pages; anything else a sentence and Retry. */
export function ErrorState({ error, retry }: { error: unknown; retry: () => void }) {
  if (error instanceof ApiError && error.status === 403) return <Forbidden />;
  if (error instanceof ApiError && error.status === 404) return <NotFound message={error.message} />;
  const offline = error instanceof ApiError && error.status === 0;
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error">
      <MessageBarBody>
        <MessageBarTitle>{offline ? "Touchbase is out of reach" : "This did not load"}</MessageBarTitle>
        {userMessage(error)}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={retry}>Retry</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function Forbidden() {
  return (
    <EmptyState title="This page is for workspace admins">
      Your account is a member of this workspace; an admin can change your role.{" "}
      <Link href="/app">Go to Customers</Link>
    </EmptyState>
  );
}

export function NotFound({ message }: { message?: string }) {
  return (
    <EmptyState title="Nothing here">
      {message ?? "This page does not exist in Touchbase."} <Link href="/app">Go to Customers</Link>
    </EmptyState>
  );
}

/** A short-lived action's failure, beside the action: a sentence, no stack. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>{userMessage(error)}</MessageBarBody>
    </MessageBar>
  );
}
