import { createEngine, type TouchbaseEngine } from "../sync";
import { currentViewer, type AddinSettings } from "../office";
import { signInToTouchbase } from "../auth/sign-in";
import { notConfiguredError } from "../auth/sign-in-errors";
import { harnessEnvironment } from "../auth/entra-app";
import { graphForEnvironment, touchbaseTokensForEnvironment } from "./runtime-env";
import type { ConnectOptions } from "./ports";

/**
 * Signs in (silently, or interactively from a click) and opens the sync engine for the saved server (its own
 * chunk: the engine, idb, MSAL on demand and the shared core).
 */
export async function connectEngine(
  settings: AddinSettings,
  options: ConnectOptions,
): Promise<TouchbaseEngine> {
  const tokens = touchbaseTokensForEnvironment();
  if (!tokens) throw notConfiguredError();
  const signIn = await signInToTouchbase({
    serverUrl: settings.serverUrl,
    tokens,
    interactive: options.interactive,
    legacyApiToken: settings.apiToken,
  });
  const graph = graphForEnvironment();
  return createEngine({
    storeName: harnessEnvironment()?.storeName,
    serverUrl: settings.serverUrl,
    signedIn: signIn,
    viewer: currentViewer(),
    graph: graph?.graph ?? null,
    graphTokens: graph?.tokens ?? null,
    // Folders synced once keep syncing while the pane is open: a round now, then every few minutes (Settings).
    continuousSync: true,
    syncEveryMinutes: settings.syncEveryMinutes,
    // The customer index is checked as the pane opens and then on a timer, never because a message was opened.
    keepIndexFresh: true,
  });
}
