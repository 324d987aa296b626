import { useEffect, useRef, useState } from "react";
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
import { formatSummary, type FolderSyncProgress, type FolderSyncSummary } from "../../sync";
import type { FolderChoice } from "../../office";
import type { FoldersPort } from "../ports";

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

type Run =
  | { status: "idle" }
  | { status: "running"; label: string; progress: FolderSyncProgress | null }
  | { status: "done"; label: string; summaries: FolderSyncSummary[] }
  | { status: "failed"; label: string; message: string; code: string | null };

const PHASES: Record<FolderSyncProgress["phase"], string> = {
  listing: "Reading the folder…",
  bodies: "Fetching customer emails…",
  uploading: "Uploading…",
  done: "Finishing…",
};

function total(summaries: FolderSyncSummary[]): FolderSyncSummary {
  const sum = (k: keyof FolderSyncSummary) => summaries.reduce((n, s) => n + (s[k] as number), 0);
  return {
    folderId: summaries.map((s) => s.folderId).join(","),
    scanned: sum("scanned"),
    customer: sum("customer"),
    uploaded: sum("uploaded"),
    alreadySynced: sum("alreadySynced"),
    skipped: sum("skipped"),
    removed: sum("removed"),
    queued: sum("queued"),
    complete: summaries.every((s) => s.complete),
    graphRequests: sum("graphRequests"),
    durationMs: sum("durationMs"),
  };
}

export interface FolderSyncPanelProps {
  folders: FoldersPort | null;
  /** The open message's REST id, to sync the folder it sits in. */
  restId: string | null;
  chosen: FolderChoice[];
  lookbackDays: number;
  describeError: (error: unknown) => string;
  /** Called after a run, so the pane can show the open message's new state. */
  onFinished?: () => void;
}

/**
 * "Sync folder" from the pane: the same engine as the ribbon button, with a progress bar and the same counts.
 * A run the ribbon stopped at its 5-minute limit continues here from its saved cursor.
 */
export function FolderSyncPanel({
  folders,
  restId,
  chosen,
  lookbackDays,
  describeError,
  onFinished,
}: FolderSyncPanelProps) {
  const styles = useStyles();
  const [run, setRun] = useState<Run>({ status: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  if (!folders) {
    return (
      <section className={styles.root} data-testid="folder-sync">
        <Subtitle2>Sync a folder</Subtitle2>
        <Caption1>
          Folder sync needs Microsoft Graph, which this Outlook does not offer to Touchbase.
        </Caption1>
      </section>
    );
  }

  const start = async (label: string, folderIds: () => Promise<string[]>) => {
    const controller = new AbortController();
    abort.current = controller;
    setRun({ status: "running", label, progress: null });
    const summaries: FolderSyncSummary[] = [];
    try {
      for (const folderId of await folderIds()) {
        const summary = await folders.run(folderId, {
          lookbackDays,
          signal: controller.signal,
          onProgress: (progress) => {
            const before = summaries.length ? total(summaries) : null;
            setRun({
              status: "running",
              label,
              progress: before ? { ...progress, ...addCounts(before, progress) } : progress,
            });
          },
        });
        summaries.push(summary);
        if (controller.signal.aborted) break;
      }
      setRun({ status: "done", label, summaries });
      onFinished?.();
    } catch (error) {
      const code =
        error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : null;
      setRun({ status: "failed", label, message: describeError(error), code });
    } finally {
      abort.current = null;
    }
  };

  const syncThis = () => restId && start("This folder", async () => [await folders.folderOf(restId)]);
  const syncChosen = () => start(chosen.map((f) => f.name).join(", "), async () => chosen.map((f) => f.id));
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
          label={`${run.label}: ${run.progress ? PHASES[run.progress.phase] : "Starting…"}`}
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
          <Button size="small" onClick={() => abort.current?.abort()}>
            Stop (it continues from here next time)
          </Button>
        </div>
      )}
      {run.status === "done" && (
        <MessageBar
          intent={total(run.summaries).complete ? "success" : "info"}
          layout="multiline"
          data-testid="folder-sync-summary"
        >
          <MessageBarBody>
            {total(run.summaries).complete
              ? `${run.label} is up to date: `
              : `${run.label} stopped part-way: `}
            {formatSummary(total(run.summaries))}.
            {total(run.summaries).complete ? "" : " Sync again to continue where it stopped."}
          </MessageBarBody>
        </MessageBar>
      )}
      {run.status === "failed" && (
        <MessageBar intent="error" layout="multiline" data-testid="folder-sync-error">
          <MessageBarBody>{run.message}</MessageBarBody>
          {run.code === "signin_required" && (
            <MessageBarActions>
              <Button
                size="small"
                onClick={() =>
                  folders.signIn().then(
                    () => setRun({ status: "idle" }),
                    (e: unknown) => setRun({ ...run, message: describeError(e) }),
                  )
                }
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

function addCounts(before: FolderSyncSummary, now: FolderSyncProgress) {
  return {
    scanned: before.scanned + now.scanned,
    customer: before.customer + now.customer,
    uploaded: before.uploaded + now.uploaded,
    alreadySynced: before.alreadySynced + now.alreadySynced,
    skipped: before.skipped + now.skipped,
    removed: before.removed + now.removed,
    queued: before.queued + now.queued,
  };
}

/** Listing has no known end (delta pages), so the bar is indeterminate; uploading runs against the customer count. */
function progressValue(progress: FolderSyncProgress | null): number | undefined {
  if (!progress || progress.phase === "listing" || progress.customer === 0) return undefined;
  const done = progress.uploaded + progress.alreadySynced + progress.queued;
  return Math.min(1, done / progress.customer);
}
