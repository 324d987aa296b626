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

/** Offline and "waiting to upload" states of the outbox; nothing when all is sent. */
export function OutboxBanner({ status, onRetry }: { status: OutboxStatus; onRetry: () => void }) {
  if (!status.online) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="state-offline">
        <MessageBarBody>
          <MessageBarTitle>You are offline</MessageBarTitle>
          {status.pending
            ? `${emails(status.pending)} will upload when you are back online.`
            : "Touchbase shows what it has cached; changes upload when you are back online."}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (status.pending === 0) return null;
  const retryAt = status.nextAttemptAt
    ? ` Next try at ${new Date(status.nextAttemptAt).toLocaleTimeString(undefined, { timeStyle: "short" })}.`
    : "";
  return (
    <MessageBar intent={status.lastError ? "warning" : "info"} layout="multiline" data-testid="outbox-banner">
      <MessageBarBody>
        <MessageBarTitle>{status.draining ? "Uploading" : "Waiting to upload"}</MessageBarTitle>
        {`${emails(status.pending)} in the outbox.`}
        {status.lastError ? ` ${status.lastError.message}${retryAt}` : ""}
      </MessageBarBody>
      {!status.draining && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            Retry now
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
