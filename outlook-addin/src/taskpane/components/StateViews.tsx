import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Skeleton,
  SkeletonItem,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { MailRegular, PlugDisconnectedRegular } from "@fluentui/react-icons";
import { SIGN_IN_REQUIRED } from "../../auth/sentences";

// The pane's designed non-content states: loading, nothing open, an error, signed out.

const useStyles = makeStyles({
  centered: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    textAlign: "center",
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
  },
  icon: { fontSize: "40px", color: tokens.colorBrandForeground1 },
  skeleton: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalS,
  },
  row: {
    display: "grid",
    gridTemplateColumns: "40px 1fr",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
  },
});

export function LoadingView({ label = "Loading customer…" }: { label?: string }) {
  const styles = useStyles();
  return (
    <div data-testid="state-loading" aria-busy="true" aria-label={label}>
      <Skeleton className={styles.skeleton} aria-label={label}>
        <div className={styles.row}>
          <SkeletonItem shape="circle" size={40} />
          <SkeletonItem size={16} />
        </div>
        <SkeletonItem size={12} />
        <SkeletonItem size={12} />
        <SkeletonItem size={72} />
        <SkeletonItem size={12} />
        <SkeletonItem size={12} />
      </Skeleton>
    </div>
  );
}

export function EmptyView() {
  const styles = useStyles();
  return (
    <div className={styles.centered} data-testid="state-empty">
      <MailRegular className={styles.icon} />
      <Subtitle2>Open an email</Subtitle2>
      <Body1>Select a message to see which customer it belongs to, their profile and recent history.</Body1>
    </div>
  );
}

export function ErrorView({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline" data-testid="state-error">
      <MessageBarBody>
        <MessageBarTitle>Touchbase could not load this</MessageBarTitle>
        {message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            Try again
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/**
 * Not signed in (never, signed out, sign-in cancelled or expired), or signed in to Microsoft but refused by
 * Touchbase (`refused`: a deactivated member, someone not invited): the sentence says which, Sign in starts over.
 */
export function SignedOutView({
  message,
  refused = false,
  onSignIn,
}: {
  message?: string;
  refused?: boolean;
  onSignIn: () => void;
}) {
  const styles = useStyles();
  return (
    <div className={styles.centered} data-testid={refused ? "state-refused" : "state-signed-out"}>
      <PlugDisconnectedRegular className={styles.icon} />
      <Subtitle2>{refused ? "Touchbase did not let you in" : "Sign in to Touchbase"}</Subtitle2>
      <Body1 data-testid="signed-out-message">{message ?? SIGN_IN_REQUIRED}</Body1>
      <Button appearance="primary" onClick={onSignIn} data-testid="sign-in">
        {refused ? "Try again" : "Sign in"}
      </Button>
      {!refused && (
        <Caption1>
          Touchbase uses the Microsoft account you use in Outlook; there is nothing to paste.
        </Caption1>
      )}
    </div>
  );
}
