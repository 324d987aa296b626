import { userMessage, ApiError } from "../../../shared";
import type { GraphClient } from "../graph";
import { GraphError } from "../graph";
import {
  clearNotification,
  currentViewer,
  loadSettings,
  OfficeError,
  readCurrentItem,
  showError,
  showInfo,
  showProgress,
} from "../office";
import { createEngine, FolderBusyError, formatSummary, type FolderSyncProgress } from "../sync";
import { throttleSentence } from "../sync/folder-summary";
import type { AddinSettings } from "../office";
import type { SignedInSession } from "../sync/engine-types";

const KEY = "touchbase-sync-folder";
/** Outlook gives a ribbon function about 5 minutes; stop with a margin and continue on the next click. */
export const COMMAND_BUDGET_MS = 4 * 60_000 + 30_000;
/** Notification updates at most this often (each is an Office call). */
const PROGRESS_EVERY_MS = 1500;

export interface SyncFolderDeps {
  /** Graph for this host (MSAL NAA in Outlook, the simulator in the harness); null when not configured. */
  graph(): GraphClient | null;
  /**
   * The user's Touchbase session, silently (a ribbon command cannot show a sign-in): auth/sign-in.ts in Outlook.
   * Rejects when the user must sign in in the pane first.
   */
  signIn(settings: AddinSettings): Promise<SignedInSession>;
  storeName?: string;
  now?: () => number;
}

function sentence(error: unknown): string {
  if (
    error instanceof OfficeError ||
    error instanceof GraphError ||
    error instanceof ApiError ||
    error instanceof FolderBusyError
  )
    return error.message;
  return userMessage(error);
}

const withPrefix = (text: string) => `Touchbase: ${text}`;

/**
 * The ribbon's "Sync folder": resolves the open message's folder through Graph, runs folder sync within the
 * command's time budget and reports progress and the summary in the message's notification bar. Never throws.
 */
export async function runSyncFolder(deps: SyncFolderDeps): Promise<{ ok: boolean; message: string }> {
  const now = deps.now ?? Date.now;
  const deadline = now() + COMMAND_BUDGET_MS;
  let message: string;
  let ok = false;
  try {
    const settings = loadSettings();
    const session =
      settings.serverUrl && !settings.signedOut ? await deps.signIn(settings).catch(() => null) : null;
    if (!session) {
      message = "Open the Touchbase pane and sign in first.";
      await showError(KEY, withPrefix(message));
      return { ok, message };
    }
    const graph = deps.graph();
    if (!graph) {
      message = "Folder sync needs a Microsoft sign-in that this Touchbase build is not set up for.";
      await showError(KEY, withPrefix(message));
      return { ok, message };
    }
    const item = await readCurrentItem(null, { headers: false });
    if (!item.restId)
      throw new OfficeError("no_rest_id", "Outlook did not give this message an id Touchbase can use.");
    await showProgress(KEY, withPrefix("finding this message's folder…"));
    const folderId = await graph.messageFolderId(item.restId);
    const engine = await createEngine({
      storeName: deps.storeName,
      serverUrl: settings.serverUrl,
      signedIn: session,
      viewer: currentViewer(),
      graph,
      startOutbox: false,
      now,
    });
    try {
      let shownAt = 0;
      const onProgress = (p: FolderSyncProgress) => {
        const throttled = p.resumeAt ? throttleSentence(p.resumeAt, Date.now()) : null;
        if (!throttled && now() - shownAt < PROGRESS_EVERY_MS) return;
        shownAt = now();
        const text = throttled ?? `${formatSummary(p)}…`;
        void showProgress(KEY, withPrefix(text)).catch(() => undefined);
      };
      const summary = await engine.folders!.run(folderId, {
        deadline,
        lookbackDays: settings.lookbackDays,
        onProgress,
      });
      ok = true;
      message = summary.complete
        ? `${formatSummary(summary)}.`
        : `${formatSummary(summary)} so far. Click Sync folder again to continue.`;
    } finally {
      await engine.close();
    }
    await clearNotification(KEY);
    await showInfo(KEY, withPrefix(message));
  } catch (error) {
    message = sentence(error);
    // Busy is no failure: the sync the user wants is running (in the pane), so it reads as information.
    const show = error instanceof FolderBusyError ? showInfo : showError;
    await clearNotification(KEY);
    await show(KEY, withPrefix(message)).catch(() => undefined);
  }
  return { ok, message };
}

/** The ExecuteFunction handler: always completes the event, whatever happened. */
export function syncFolderHandler(deps: SyncFolderDeps) {
  return async (event: Office.AddinCommands.Event): Promise<void> => {
    try {
      await runSyncFolder(deps);
    } finally {
      event.completed();
    }
  };
}
