import { useState } from "react";
import { Badge, Body1, Button, Caption1, Spinner, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowSyncRegular, DeleteRegular } from "@fluentui/react-icons";
import type { MessageModel, MessageState } from "../pane-model";
import { reasonSentence } from "../format";
import { ConfirmDialog } from "./ConfirmDialog";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  line: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

const BADGES: Record<
  MessageState["kind"],
  { label: string; color: "success" | "informative" | "warning" | "subtle" | "danger" }
> = {
  checking: { label: "Checking…", color: "subtle" },
  synced: { label: "Synced", color: "success" },
  pending: { label: "Waiting to upload", color: "warning" },
  "not-synced": { label: "Not synced", color: "informative" },
  "not-customer": { label: "Not a customer email", color: "subtle" },
  excluded: { label: "Excluded", color: "danger" },
};

function explanation(state: MessageState): string {
  switch (state.kind) {
    case "checking":
      return "Asking Touchbase whether this email is stored…";
    case "synced":
      return state.syncedByMe
        ? "You synced this email to Touchbase."
        : "A colleague already synced this email.";
    case "pending":
      return "It is in the outbox on this computer.";
    case "not-synced":
      return "This customer email is not in Touchbase yet.";
    case "not-customer":
      return reasonSentence(state.reason);
    case "excluded":
      return "The sender or their domain is excluded, so Touchbase does not store this email.";
  }
}

export interface MessageStatusProps {
  model: MessageModel;
  busy: string | null;
  onSync: () => void;
  onRemove: (emailId: string) => void;
}

/** The message's state (synced / not synced / not a customer email and why / excluded) and its action. */
export function MessageStatus({ model, busy, onSync, onRemove }: MessageStatusProps) {
  const styles = useStyles();
  const { state } = model;
  const badge = BADGES[state.kind];
  const storedId = "emailId" in state ? state.emailId : null;
  const [confirming, setConfirming] = useState(false);
  return (
    <section className={styles.root} data-testid="message-status" data-state={state.kind} aria-live="polite">
      <div className={styles.line}>
        <Badge appearance="filled" color={badge.color} data-testid="message-state">
          {badge.label}
        </Badge>
        {state.kind === "checking" && <Spinner size="extra-tiny" />}
      </div>
      <Body1 data-testid="message-state-reason">{explanation(state)}</Body1>
      <div className={styles.line}>
        {state.kind === "not-synced" && (
          <Button
            appearance="primary"
            icon={<ArrowSyncRegular />}
            onClick={onSync}
            disabled={busy !== null}
            data-testid="sync-message"
          >
            {busy === "sync" ? "Syncing…" : "Sync"}
          </Button>
        )}
        {storedId && (
          <Button
            icon={<DeleteRegular />}
            onClick={() => setConfirming(true)}
            disabled={busy !== null}
            data-testid="remove-message"
          >
            {busy === "remove" ? "Removing…" : "Remove from Touchbase"}
          </Button>
        )}
        {state.kind === "synced" && !storedId && <Caption1>Stored in Touchbase.</Caption1>}
      </div>
      <ConfirmDialog
        open={confirming && storedId !== null}
        title="Remove this email from Touchbase?"
        action="Remove"
        testId="remove-confirm"
        onConfirm={() => storedId && onRemove(storedId)}
        onCancel={() => setConfirming(false)}
      >
        Touchbase deletes its copy, so your colleagues no longer see it in the customer&apos;s history. The
        email stays in Outlook, and Sync puts it back.
      </ConfirmDialog>
    </section>
  );
}
