import { useState, useSyncExternalStore } from "react";
import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { FolderArrowRightRegular, FolderSyncRegular } from "@fluentui/react-icons";
import { describeError } from "../../sync/error-sentence";
import { formatSummary, throttleSentence } from "../../sync/folder-summary";
import type { FolderSyncProgress } from "../../sync";
import type { FolderChoice } from "../../office";
import type { EngineFolders } from "../../sync";
import type { FolderSyncController } from "../../sync/folder-run-controller";
import { finishedSentence, folderListLabel } from "../folder-run-sentence";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

const PHASES: Record<FolderSyncProgress["phase"], string> = {
  listing: "Reading the folder…",
  bodies: "Fetching customer emails…",
  uploading: "Uploading…",
  done: "Finishing…",
};

export interface FolderSyncPanelProps {
  folders: EngineFolders | null;
  /** The session's folder sync: it keeps running while this panel is away (an email or Settings open). */
  controller: FolderSyncController | null;
  /** The open message's REST id, to sync the folder it sits in. */
  restId: string | null;
  chosen: FolderChoice[];
  lookbackDays: number;
}

/**
 * "Sync folder" from the pane: the same engine as the ribbon button, with a progress bar and the same counts.
 * A run the ribbon stopped at its 5-minute limit continues here from its saved cursor.
 */
const idle = { status: "idle" } as const;
const noSubscription = () => () => undefined;

export function FolderSyncPanel({ folders, controller, restId, chosen, lookbackDays }: FolderSyncPanelProps) {
  const styles = useStyles();
  const run = useSyncExternalStore(
    controller?.subscribe ?? noSubscription,
    controller?.snapshot ?? (() => idle),
  );
  const [signInError, setSignInError] = useState<string | null>(null);

  if (!folders || !controller) {
    return (
      <section className={styles.root} data-testid="folder-sync">
        <Subtitle2>Sync a folder</Subtitle2>
        <Caption1>
          Folder sync needs Microsoft Graph, which this Outlook does not offer to Touchbase.
        </Caption1>
      </section>
    );
  }

  const start = (label: string, folderIds: () => Promise<string[]>) =>
    controller.start(label, folderIds, { lookbackDays });
  const syncThis = () => restId && start("This folder", async () => [await folders.folderOf(restId)]);
  const syncChosen = () =>
    start(folderListLabel(chosen.map((f) => f.name)), async () => chosen.map((f) => f.id));
  const running = run.status === "running";

  return (
    <section className={styles.root} data-testid="folder-sync" data-status={run.status}>
      <Subtitle2>Sync a folder</Subtitle2>
      <div className={styles.buttons}>
        <Button
          icon={<FolderSyncRegular />}
          disabled={running || !restId}
          onClick={syncThis}
          data-testid="sync-this-folder"
        >
          Sync this folder
        </Button>
        {chosen.length > 0 && (
          <Button
            icon={<FolderArrowRightRegular />}
            disabled={running}
            onClick={syncChosen}
            data-testid="sync-chosen-folders"
          >
            Sync {chosen.length === 1 ? chosen[0].name : `my ${chosen.length} folders`}
          </Button>
        )}
      </div>
      {run.status === "running" && (
        <Field
          label={`${run.label}: ${progressLabel(run.progress)}`}
          hint={run.progress ? formatSummary(run.progress) : "Looking for the folder…"}
          validationState="none"
        >
          <ProgressBar
            data-testid="folder-sync-progress"
            value={progressValue(run.progress)}
            thickness="large"
          />
        </Field>
      )}
      {running && (
        <div>
          <Button size="small" onClick={() => controller.stop()}>
            Stop (it continues from here next time)
          </Button>
        </div>
      )}
      {run.status === "done" && (
        <MessageBar
          intent={finishedSentence(run.label, run.summaries).intent}
          layout="multiline"
          data-testid="folder-sync-summary"
        >
          <MessageBarBody>{finishedSentence(run.label, run.summaries).text}</MessageBarBody>
        </MessageBar>
      )}
      {run.status === "failed" && (
        <MessageBar
          intent={run.code === "folder_busy" ? "info" : "error"}
          layout="multiline"
          data-testid="folder-sync-error"
          data-code={run.code ?? ""}
        >
          <MessageBarBody>{signInError ?? run.message}</MessageBarBody>
          {run.code === "signin_required" && (
            <MessageBarActions>
              <Button
                size="small"
                onClick={() => {
                  setSignInError(null);
                  folders.signIn().then(
                    () => controller.reset(),
                    (e: unknown) => setSignInError(describeError(e)),
                  );
                }}
              >
                Sign in to Microsoft
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      {run.status === "idle" && (
        <Body1>
          Uploads only the customer emails of the folder; the first run looks back {lookbackDays} days.
        </Body1>
      )}
    </section>
  );
}

/** The step the sync is at, or the throttle it waits out (it goes on by itself). */
function progressLabel(progress: FolderSyncProgress | null): string {
  if (!progress) return "Starting…";
  const throttled = progress.resumeAt ? throttleSentence(progress.resumeAt, Date.now()) : null;
  return throttled ?? PHASES[progress.phase];
}

/** Listing has no known end (delta pages), so the bar is indeterminate; uploading runs against the customer count. */
function progressValue(progress: FolderSyncProgress | null): number | undefined {
  if (!progress || progress.phase === "listing" || progress.customer === 0) return undefined;
  const done = progress.uploaded + progress.alreadySynced + progress.queued;
  return Math.min(1, done / progress.customer);
}
