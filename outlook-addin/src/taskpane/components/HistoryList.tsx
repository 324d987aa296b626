import { createContext, useContext, useState } from "react";
import { Body1, Caption1, Link, SkeletonItem, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowReplyRegular, LockClosedRegular, MailRegular } from "@fluentui/react-icons";
import { emailTitle, privacyActionLabel, type EmailSummary } from "../../../../shared";
import { displayName, formatRelative, threadEmails } from "../format";

/**
 * "Make private" / "Share with team" on the caller's own synced emails (issue 12). Provided by the pane; absent
 * (no action shown) where the port cannot change privacy.
 */
export const EmailPrivacyAction = createContext<((emailId: string, makePrivate: boolean) => void) | null>(
  null,
);

const useStyles = makeStyles({
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  thread: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  item: {
    display: "grid",
    // minmax(0, …): a one-line snippet is cut with an ellipsis instead of widening the pane.
    gridTemplateColumns: "16px minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalS,
    alignItems: "start",
  },
  nested: { paddingLeft: tokens.spacingHorizontalXL, listStyleType: "none", margin: 0 },
  text: { minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3 },
  lock: { marginRight: tokens.spacingHorizontalXXS, verticalAlign: "middle" },
  snippet: {
    color: tokens.colorNeutralForeground2,
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
    display: "block",
  },
});

function EmailLine({ email, onOpen }: { email: EmailSummary; onOpen: (id: string) => void }) {
  const styles = useStyles();
  const setPrivate = useContext(EmailPrivacyAction);
  return (
    <div className={styles.item}>
      {email.direction === "outbound" ? (
        <ArrowReplyRegular aria-label="Sent" data-testid="history-direction" />
      ) : (
        // A colleague's private thread does not say which way it went (issue 12): no "Received" then.
        <MailRegular
          aria-label={email.direction === "inbound" ? "Received" : "Email"}
          data-testid="history-direction"
        />
      )}
      <div className={styles.text}>
        {email.private && (
          <LockClosedRegular className={styles.lock} aria-label="Private thread" data-testid="history-lock" />
        )}
        <Link onClick={() => onOpen(email.id)} data-testid="history-item">
          {emailTitle(email)}
        </Link>
        <Caption1 className={styles.meta} block data-testid="history-meta">
          {email.from ? `${displayName(email.from)} · ` : ""}
          {formatRelative(email.sentAt)}
          {setPrivate && email.syncedByMe && (
            <>
              {" · "}
              <Link onClick={() => setPrivate(email.id, !email.private)} data-testid="history-privacy" inline>
                {privacyActionLabel(Boolean(email.private))}
              </Link>
            </>
          )}
        </Caption1>
        {email.snippet && (
          <Caption1 className={styles.snippet} data-testid="history-snippet">
            {email.snippet}
          </Caption1>
        )}
      </div>
    </div>
  );
}

/** The customer's recent emails grouped by thread, newest thread first; a thread expands to its emails. */
export function HistoryList({
  emails,
  loading,
  onOpen,
}: {
  emails: EmailSummary[];
  loading: boolean;
  onOpen: (id: string) => void;
}) {
  const styles = useStyles();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  if (loading) {
    return (
      <div aria-label="Loading recent emails">
        <SkeletonItem size={16} />
        <SkeletonItem size={16} />
      </div>
    );
  }
  const threads = threadEmails(emails);
  if (threads.length === 0)
    return <Body1 data-testid="history-empty">No emails with this customer in Touchbase yet.</Body1>;
  return (
    <ul className={styles.list} data-testid="history">
      {threads.map((thread) => {
        const open = expanded.has(thread.key);
        const more = thread.emails.length - 1;
        return (
          <li key={thread.key} className={styles.thread} data-testid="history-thread">
            <EmailLine email={thread.newest} onOpen={onOpen} />
            {more > 0 && (
              <Link
                appearance="subtle"
                onClick={() =>
                  setExpanded((prev) => {
                    const next = new Set(prev);
                    if (open) next.delete(thread.key);
                    else next.add(thread.key);
                    return next;
                  })
                }
              >
                {open ? "Hide earlier emails" : `${more} earlier in this thread`}
              </Link>
            )}
            {open && (
              <ul className={styles.nested}>
                {thread.emails.slice(1).map((email) => (
                  <li key={email.id}>
                    <EmailLine email={email} onOpen={onOpen} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
