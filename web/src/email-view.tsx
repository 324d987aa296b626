import { useMemo, useState } from "react";
import {
  Body1,
  Button,
  Caption1,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Dialog } from "./dialog";
import { LockClosed16Regular } from "@fluentui/react-icons";
import { emailTitle, privacyActionLabel, senderForDisplay, type EmailDetail } from "./contract";
import { plainTextDocument, sanitizeEmailHtml } from "../../ui/email/sanitize-email";
import { api } from "./api";
import { absoluteDate, Hosts } from "./format";
import { useSession } from "./session";
import { ActionError, ErrorState, LoadingRows, useLoad } from "./states";

// One stored email, as in the Outlook pane (ui/email): sanitised with DOMPurify, shown in a sandboxed frame (no
// scripts, no same origin) under its own Content-Security-Policy; remote images only when asked. Its syncers can
// remove it from Touchbase, after a confirmation.

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    // The gap spaces the subject from the From line; the heading's browser margins would add 20px on each side.
    "& > h4": { margin: 0 },
  },
  frame: {
    width: "100%",
    height: "360px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: "#ffffff",
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

export function EmailView({ id, onRemoved }: { id: string; onRemoved: () => void }) {
  const styles = useStyles();
  const session = useSession();
  const [email, reload] = useLoad<EmailDetail>(() => api.email(id), [id]);
  const [allowRemote, setAllowRemote] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const [privacyError, setPrivacyError] = useState<unknown>(null);
  const rendered = useMemo(() => {
    // Below full access (issue 12) the server sent no body: nothing to render.
    if (email.state !== "ready" || (email.data.access ?? "full") !== "full") return null;
    return email.data.html
      ? sanitizeEmailHtml(email.data.html, allowRemote)
      : plainTextDocument(email.data.text ?? "");
  }, [email, allowRemote]);

  if (email.state === "loading") return <LoadingRows rows={3} label="Opening the email…" />;
  if (email.state === "error") return <ErrorState error={email.error} retry={reload} />;
  const e = email.data;
  const mine = e.syncedBy.some((s) => s.userId === session.user.id);
  const remove = async () => {
    setRemoveError(null);
    try {
      await api.removeEmail(e.id);
      setConfirming(false);
      onRemoved();
    } catch (error) {
      setRemoveError(error);
    }
  };
  const togglePrivate = async () => {
    setPrivacyError(null);
    try {
      await api.setEmailPrivate({ id: e.id, private: !e.private });
      reload();
    } catch (error) {
      setPrivacyError(error);
    }
  };
  return (
    <div className={styles.root} data-testid="email-view" data-private={e.private ? "true" : undefined}>
      <Subtitle2 as="h4">
        {e.private && <LockClosed16Regular aria-label="Private thread" data-testid="email-lock" />}{" "}
        {emailTitle(e)}
      </Subtitle2>
      {e.from !== undefined && (
        <Body1>
          From <Hosts value={senderForDisplay(e.from)} />
        </Body1>
      )}
      <Caption1>
        {e.to !== undefined && `To ${e.to || "—"} · `}
        {e.cc ? `Cc ${e.cc} · ` : ""}
        {absoluteDate(e.sentAt)} · synced by {e.syncedBy.map((s) => s.email).join(", ") || "nobody"}
      </Caption1>
      {!rendered && (
        <MessageBar intent="info" data-testid="body-hidden">
          <MessageBarBody>Only the teammates who synced this email can read it.</MessageBarBody>
        </MessageBar>
      )}
      {rendered && rendered.blockedRemote > 0 && !allowRemote && (
        <MessageBar intent="info">
          <MessageBarBody>Remote images are blocked to protect your privacy.</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => setAllowRemote(true)}>
              Show images
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {rendered && (
        <iframe
          className={styles.frame}
          title={`Email: ${emailTitle(e)}`}
          // No scripts, no same origin. A link opens a new window (rel="noopener noreferrer") that keeps this
          // sandbox: a page reached from a customer's email never runs with rights (no
          // allow-popups-to-escape-sandbox), as in the Outlook pane.
          sandbox="allow-popups"
          referrerPolicy="no-referrer"
          srcDoc={rendered.srcdoc}
          data-testid="email-frame"
        />
      )}
      {mine && (
        <div className={styles.actions}>
          <Button onClick={() => void togglePrivate()} data-testid="privacy-toggle">
            {privacyActionLabel(Boolean(e.private))}
          </Button>
          <Button onClick={() => setConfirming(true)}>Remove from Touchbase</Button>
        </div>
      )}
      <ActionError error={privacyError} />
      {confirming && (
        <Dialog open onOpenChange={(_, d) => setConfirming(d.open)}>
          <DialogSurface aria-describedby={undefined}>
            <DialogBody>
              <DialogTitle>Remove this email from Touchbase?</DialogTitle>
              <DialogContent>
                <p>
                  “{emailTitle(e)}” leaves your synced emails.{" "}
                  {e.syncedBy.length > 1
                    ? "Colleagues who synced it keep it."
                    : "Nobody else synced it, so it is deleted from Touchbase."}{" "}
                  It stays in your mailbox.
                </p>
                <ActionError error={removeError} />
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
                <Button appearance="primary" onClick={remove}>
                  Remove
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}
