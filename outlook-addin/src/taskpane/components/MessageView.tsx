import { Caption1, MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";
import type { MessageModel } from "../pane-model";
import { CustomerCard } from "./CustomerCard";
import { MessageStatus } from "./MessageStatus";
import { SenderMenu } from "./SenderMenu";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  subject: { color: tokens.colorNeutralForeground2 },
});

export interface MessageViewProps {
  model: MessageModel;
  lookupError: string | null;
  /** Offline or the server unreachable: the pane's outbox banner already says so, once. */
  offline?: boolean;
  busy: string | null;
  onSync: () => void;
  onRemove: (emailId: string) => void;
  onExclude: (input: { kind: "address" | "domain"; value: string; purge: boolean }) => void;
  onOpenEmail: (emailId: string) => void;
}

/** Everything about the open message: its state and action, the sender menu, and each customer it involves. */
export function MessageView({
  model,
  lookupError,
  offline = false,
  busy,
  onSync,
  onRemove,
  onExclude,
  onOpenEmail,
}: MessageViewProps) {
  const styles = useStyles();
  return (
    <div
      className={styles.root}
      data-testid="message-view"
      data-item-id={model.itemId}
      data-message-id={model.messageId}
    >
      <Caption1 className={styles.subject} truncate wrap={false} title={model.subject}>
        {model.subject || "(no subject)"}
      </Caption1>
      {model.sender && <SenderMenu sender={model.sender} busy={busy !== null} onExclude={onExclude} />}
      <MessageStatus model={model} busy={busy} onSync={onSync} onRemove={onRemove} />
      {lookupError && !offline && (
        <MessageBar intent="warning" layout="multiline" data-testid="lookup-error">
          <MessageBarBody>{lookupError} Showing what Touchbase knows on this computer.</MessageBarBody>
        </MessageBar>
      )}
      {model.customers.map((customer) => (
        <CustomerCard
          key={customer.id}
          customer={customer}
          profilesLoaded={model.profilesLoaded}
          unavailable={lookupError !== null && !model.profilesLoaded}
          onOpenEmail={onOpenEmail}
        />
      ))}
    </div>
  );
}
