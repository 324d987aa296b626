// The harness page (dist/outlook-addin/harness.html, served at http://localhost:3000/ by `npm start`): a
// simulated Outlook around the real task pane and ribbon command, for trying every flow without Outlook.
import { createRoot } from "react-dom/client";
import { serveFramesOverWindow } from "./fake-office/frame-bridge";
import { loadHarnessConfig } from "./harness-config";
import { HarnessApp } from "./HarnessApp";
import { connectRoaming, localRoamingStorage, MailboxHost } from "./mailbox-host";
import { SimulatorClient } from "./simulator-client";

/**
 * The add-in frames talk to the page only by postMessage either way. With `?isolate=1` they also load from the
 * other loopback name (localhost ↔ 127.0.0.1): another site, so Chromium runs them in their own process, as
 * Outlook's add-in frames run. That needs third-party storage allowed (IndexedDB in a cross-site frame), which
 * browsers often block by default, so it is opt-in (the benchmark uses it).
 */
function addinOrigin(location: Location): string {
  const other = { localhost: "127.0.0.1", "127.0.0.1": "localhost" }[location.hostname];
  if (!other || new URLSearchParams(location.search).get("isolate") !== "1") return location.origin;
  return `${location.protocol}//${other}${location.port ? `:${location.port}` : ""}`;
}

async function start(): Promise<void> {
  const root = createRoot(document.getElementById("root")!);
  try {
    const config = await loadHarnessConfig(window.location);
    const roaming = localRoamingStorage(config.mailbox);
    connectRoaming(roaming, config.apiUrl);
    const sim = config.graphUrl ? new SimulatorClient(config.graphUrl, config.mailbox) : null;
    const host = new MailboxHost(config, sim, roaming);
    const frameOrigin = addinOrigin(window.location);
    serveFramesOverWindow(host, frameOrigin);
    // Tests and the bench drive the simulated Outlook through the same object as the page.
    Object.assign(window, { touchbaseHarnessControl: host });
    await host.loadFolders();
    root.render(<HarnessApp host={host} frameOrigin={frameOrigin} />);
  } catch (error) {
    const p = document.createElement("p");
    p.style.cssText = "font: 14px 'Segoe UI', sans-serif; padding: 16px";
    p.textContent = error instanceof Error ? error.message : String(error);
    document.body.replaceChildren(p);
  }
}

void start();
