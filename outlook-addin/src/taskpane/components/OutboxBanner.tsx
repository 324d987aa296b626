import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import type { OutboxStatus } from "../../sync";

function emails(n: number): string {
  return `${n} email${n === 1 ? "" : "s"}`;
}

/** "1 email waits on this computer and uploads when …" / "2 emails wait … and upload when …". */
const waitLine = (n: number, when: string) =>
  `${emails(n)} ${n === 1 ? "waits on this computer and uploads" : "wait on this computer and upload"} ${when}.`;

/** The outbox's state says Touchbase cannot be reached right now (the browser is offline, or a send failed). */
export function serverUnreachable(status: OutboxStatus): boolean {
  return !status.online || (status.pending > 0 && status.lastError !== null);
}

/**
 * The one place the pane speaks of the connection: offline, the server unreachable (with Retry), or uploading.
 * Nothing when all is sent. Other parts of the pane only say what is true of the open message.
 */
export function OutboxBanner({ status, onRetry }: { status: OutboxStatus; onRetry: () => void }) {
  if (!status.online) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="state-offline">
        <MessageBarBody>
          <MessageBarTitle>You are offline</MessageBarTitle>
          {status.pending
            ? waitLine(status.pending, "when you are back online")
            : "Touchbase shows what it has on this computer; changes upload when you are back online."}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (status.pending === 0) return null;
  const retryAt = status.nextAttemptAt
    ? ` Next try at ${new Date(status.nextAttemptAt).toLocaleTimeString(undefined, { timeStyle: "short" })}.`
    : "";
  const title = status.draining
    ? "Uploading"
    : status.lastError
      ? "Touchbase is unreachable"
      : "Waiting to upload";
  const text = status.lastError
    ? `${status.lastError.message} ${waitLine(status.pending, "when it answers")}${retryAt}`
    : `${emails(status.pending)} in the outbox.`;
  return (
    <MessageBar
      intent={status.lastError ? "warning" : "info"}
      layout="multiline"
      data-testid="outbox-banner"
      data-pending={status.pending}
    >
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {text}
      </MessageBarBody>
      {!status.draining && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry} data-testid="outbox-retry">
            Retry now
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
