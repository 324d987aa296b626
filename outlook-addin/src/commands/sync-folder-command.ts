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
import type { SignedInSession } from "../sync";

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
  /** The command's time budget (default COMMAND_BUDGET_MS); tests shorten it. */
  budgetMs?: number;
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

type Outcome = { ok: boolean; message: string };

/** What the command found before syncing: the session, Graph and the open message's folder. */
interface Prepared {
  settings: AddinSettings;
  session: SignedInSession;
  graph: GraphClient;
  folderId: string;
}

/** Signed in, Graph configured, the message's folder found; or the sentence that says what is missing. */
async function prepare(deps: SyncFolderDeps): Promise<Prepared | Outcome> {
  const settings = loadSettings();
  const session =
    settings.serverUrl && !settings.signedOut ? await deps.signIn(settings).catch(() => null) : null;
  if (!session) return { ok: false, message: "Open the Touchbase pane and sign in first." };
  const graph = deps.graph();
  if (!graph) {
    const message = "Folder sync needs a Microsoft sign-in that this Touchbase build is not set up for.";
    return { ok: false, message };
  }
  const item = await readCurrentItem(null, { headers: false });
  if (!item.restId)
    throw new OfficeError("no_rest_id", "Outlook did not give this message an id Touchbase can use.");
  await showProgress(KEY, withPrefix("finding this message's folder…"));
  const folderId = await graph.messageFolderId(item.restId);
  return { settings, session, graph, folderId };
}

/**
 * Progress in the notification bar, at most every PROGRESS_EVERY_MS (each update is an Office call); a throttle's
 * "resuming at 14:05" at once, whenever it comes.
 */
function progressReporter(now: () => number): (progress: FolderSyncProgress) => void {
  const shown = { at: 0 };
  return (progress) => {
    const throttled = progress.resumeAt ? throttleSentence(progress.resumeAt, Date.now()) : null;
    if (!throttled && now() - shown.at < PROGRESS_EVERY_MS) return;
    shown.at = now();
    const text = throttled ?? `${formatSummary(progress)}…`;
    void showProgress(KEY, withPrefix(text)).catch(() => undefined);
  };
}

/**
 * Runs the folder's sync until it is done or the command's budget ends; returns the summary sentence. The deadline
 * is checked between pages; the abort signal also ends a wait on Graph's throttle (a 429 is retried for as long as
 * Graph asks), which would otherwise outlast Outlook's limit on ribbon functions.
 */
async function syncFolder(deps: SyncFolderDeps, prepared: Prepared, deadline: number): Promise<string> {
  const now = deps.now ?? Date.now;
  const engine = await createEngine({
    storeName: deps.storeName,
    serverUrl: prepared.settings.serverUrl,
    signedIn: prepared.session,
    viewer: currentViewer(),
    graph: prepared.graph,
    startOutbox: false,
    now,
  });
  try {
    const summary = await engine.folders!.run(prepared.folderId, {
      deadline,
      signal: AbortSignal.timeout(Math.max(0, deadline - now())),
      lookbackDays: prepared.settings.lookbackDays,
      onProgress: progressReporter(now),
    });
    return summary.complete
      ? `${formatSummary(summary)}.`
      : `${formatSummary(summary)} so far. Click Sync folder again to continue.`;
  } finally {
    await engine.close();
  }
}

/**
 * The ribbon's "Sync folder": resolves the open message's folder through Graph, runs folder sync within the
 * command's time budget and reports progress and the summary in the message's notification bar. Never throws.
 */
export async function runSyncFolder(deps: SyncFolderDeps): Promise<Outcome> {
  const deadline = (deps.now ?? Date.now)() + (deps.budgetMs ?? COMMAND_BUDGET_MS);
  const outcome: Outcome = { ok: false, message: "" };
  try {
    const prepared = await prepare(deps);
    if ("ok" in prepared) {
      await showError(KEY, withPrefix(prepared.message));
      return prepared;
    }
    outcome.message = await syncFolder(deps, prepared, deadline);
    outcome.ok = true;
    await clearNotification(KEY);
    await showInfo(KEY, withPrefix(outcome.message));
  } catch (error) {
    outcome.message = sentence(error);
    // Busy is no failure: the sync the user wants is running (in the pane), so it reads as information.
    const show = error instanceof FolderBusyError ? showInfo : showError;
    await clearNotification(KEY);
    await show(KEY, withPrefix(outcome.message)).catch(() => undefined);
  }
  return outcome;
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
