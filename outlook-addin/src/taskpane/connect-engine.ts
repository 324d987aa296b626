import { createEngine } from "../sync";
import { currentViewer, type AddinSettings } from "../office";
import { signInToTouchbase } from "../auth/sign-in";
import { notConfiguredError } from "../auth/sign-in-errors";
import { enginePort } from "./engine-port";
import { graphForEnvironment, harnessEnvironment, touchbaseTokensForEnvironment } from "./runtime-env";
import type { ConnectOptions, TouchbasePort } from "./ports";

/**
 * Signs in (silently, or interactively from a click) and opens the sync engine for the saved server (its own
 * chunk: the engine, idb, MSAL on demand and the shared core).
 */
export async function connectEngine(
  settings: AddinSettings,
  options: ConnectOptions,
): Promise<TouchbasePort> {
  const tokens = touchbaseTokensForEnvironment();
  if (!tokens) throw notConfiguredError();
  const signIn = await signInToTouchbase({
    serverUrl: settings.serverUrl,
    tokens,
    interactive: options.interactive,
    legacyApiToken: settings.apiToken,
  });
  const graph = graphForEnvironment();
  const engine = await createEngine({
    storeName: harnessEnvironment()?.storeName,
    serverUrl: settings.serverUrl,
    signedIn: signIn,
    viewer: currentViewer(),
    graph: graph?.graph ?? null,
    // Folders synced once keep syncing while the pane is open: a round now, then every few minutes (Settings).
    continuousSync: true,
    syncEveryMinutes: settings.syncEveryMinutes,
  });
  return enginePort(engine, graph?.tokens ?? null, signIn.account);
}
