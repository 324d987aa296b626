import { createEngine } from "../sync";
import { currentViewer, type AddinSettings } from "../office";
import { enginePort } from "./engine-port";
import { graphForEnvironment, harnessEnvironment } from "./runtime-env";
import type { TouchbasePort } from "./ports";

/** Opens the sync engine for saved settings (its own chunk: the engine, idb and the shared core). */
export async function connectEngine(settings: AddinSettings): Promise<TouchbasePort> {
  const graph = graphForEnvironment();
  const engine = await createEngine({
    storeName: harnessEnvironment()?.storeName,
    serverUrl: settings.serverUrl,
    apiToken: settings.apiToken,
    viewer: currentViewer(),
    graph: graph?.graph ?? null,
    // Folders synced once keep syncing while the pane is open: a round now, then every 5 minutes.
    continuousSync: true,
  });
  return enginePort(engine, graph?.tokens ?? null);
}
