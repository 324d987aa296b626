import { useEffect, useMemo, useState } from "react";
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowLeft20Regular, LockClosedRegular } from "@fluentui/react-icons";
import { emailTitle, type EmailDetail } from "../../../../shared";
import { addressesForDisplay, formatDate } from "../format";
import { describeError } from "../../sync/error-sentence";
import { plainTextDocument, sanitizeEmailHtml } from "../../../../ui/email/sanitize-email";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    height: "100%",
    minHeight: "420px",
    gap: tokens.spacingVerticalS,
  },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  lock: { marginRight: tokens.spacingHorizontalXS, verticalAlign: "middle" },
  frame: {
    flexGrow: 1,
    minHeight: "360px",
    width: "100%",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: "#ffffff",
  },
  reply: {
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

export interface EmailViewerProps {
  /** Fetches the stored email (`GET /emails/{id}`). */
  load: () => Promise<EmailDetail>;
  onBack: () => void;
}

/**
 * One stored email. Its HTML is sanitized with DOMPurify and shown in a frame without scripts (sandbox without
 * `allow-scripts`) under a strict Content-Security-Policy; remote images stay blocked until the user asks.
 */
export default function EmailViewer({ load, onBack }: EmailViewerProps) {
  const styles = useStyles();
  const [email, setEmail] = useState<EmailDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [allowRemote, setAllowRemote] = useState(false);
  const [showQuoted, setShowQuoted] = useState(false);

  useEffect(() => {
    let live = true;
    load().then(
      (detail) => live && setEmail(detail),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [load]);

  const rendered = useMemo(() => {
    if (!email) return null;
    if (email.html) return sanitizeEmailHtml(email.html, allowRemote);
    return plainTextDocument(email.text ?? "");
  }, [email, allowRemote]);

  // Older servers send no replyText; an email with nothing but its reply is shown whole, as before.
  const replyFirst = Boolean(email?.replyText && email.hasQuotedText);
  // Below full access (issue 12) the server sent no body at all: say why instead of an empty frame.
  const bodyHidden = email?.access !== undefined && email.access !== "full";
  const showBody = !bodyHidden && (!replyFirst || showQuoted);

  return (
    <div className={styles.root} data-testid="email-viewer">
      <div>
        <Button appearance="subtle" icon={<ArrowLeft20Regular />} onClick={onBack}>
          Back
        </Button>
      </div>
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!email && !error && <Spinner label="Opening the email…" />}
      {email && rendered && (
        <>
          <div className={styles.header}>
            <Subtitle2 data-testid="email-title">
              {/* A private thread carries the lock here too, as in the history (issue 12). */}
              {email.private && (
                <LockClosedRegular
                  className={styles.lock}
                  aria-label="Private thread"
                  data-testid="email-lock"
                />
              )}
              {emailTitle(email)}
            </Subtitle2>
            {email.from !== undefined && (
              <Body1 data-testid="email-from">From {addressesForDisplay(email.from)}</Body1>
            )}
            <Caption1 data-testid="email-meta">
              {email.to !== undefined && `To ${email.to || "—"}`}
              {email.cc ? ` · Cc ${email.cc}` : ""}
              {email.to !== undefined && " · "}
              {formatDate(email.sentAt, true)}
            </Caption1>
          </div>
          {bodyHidden && (
            <MessageBar intent="info" layout="multiline" data-testid="body-hidden">
              <MessageBarBody>Only the teammates who synced this email can read it.</MessageBarBody>
            </MessageBar>
          )}
          {/* What the sender wrote comes first; the whole email (quoted history, signature) on request, in
              its place: the whole email starts with that same reply, which would otherwise show twice. */}
          {replyFirst && (
            <>
              {!showQuoted && (
                <Body1 as="p" block className={styles.reply} data-testid="reply-text">
                  {email.replyText}
                </Body1>
              )}
              <div>
                <Button
                  size="small"
                  appearance="secondary"
                  aria-expanded={showQuoted}
                  data-testid="show-quoted"
                  onClick={() => setShowQuoted((v) => !v)}
                >
                  {showQuoted ? "Hide quoted text" : "Show quoted text"}
                </Button>
              </div>
            </>
          )}
          {showBody && rendered.blockedRemote > 0 && !allowRemote && (
            <MessageBar intent="info" layout="multiline" data-testid="remote-blocked">
              <MessageBarBody>Remote images are blocked to protect your privacy.</MessageBarBody>
              <MessageBarActions>
                <Button size="small" onClick={() => setAllowRemote(true)}>
                  Show images
                </Button>
              </MessageBarActions>
            </MessageBar>
          )}
          {showBody && (
            <iframe
              className={styles.frame}
              title={`Email: ${emailTitle(email)}`}
              data-testid="email-frame"
              // No allow-scripts and no allow-same-origin: the email runs nothing and cannot reach the pane. A link
              // opens a new window (rel="noopener noreferrer") that keeps this sandbox: a page reached from a
              // customer's email never runs with the pane's rights (no allow-popups-to-escape-sandbox).
              sandbox="allow-popups"
              referrerPolicy="no-referrer"
              srcDoc={rendered.srcdoc}
            />
          )}
        </>
      )}
    </div>
  );
}
