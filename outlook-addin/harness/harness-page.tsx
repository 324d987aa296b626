// The harness page (dist/outlook-addin/harness.html, served at http://localhost:3000/ by `npm start`): a
// simulated Outlook around the real task pane and ribbon command, for trying every flow without Outlook.
import { createRoot } from "react-dom/client";
import { HOST_GLOBAL } from "./fake-office/harness-host";
import { loadHarnessConfig } from "./harness-config";
import { HarnessApp } from "./HarnessApp";
import { connectRoaming, localRoamingStorage, MailboxHost } from "./mailbox-host";
import { SimulatorClient } from "./simulator-client";

async function start(): Promise<void> {
  const root = createRoot(document.getElementById("root")!);
  try {
    const config = await loadHarnessConfig(window.location);
    const roaming = localRoamingStorage(config.mailbox);
    connectRoaming(roaming, config.apiUrl, config.token);
    const sim = config.graphUrl ? new SimulatorClient(config.graphUrl, config.mailbox) : null;
    const host = new MailboxHost(config, sim, roaming);
    // Frames find the host here before their bundles run; tests and the bench drive it the same way.
    Object.assign(window, { [HOST_GLOBAL]: host, touchbaseHarnessControl: host });
    await host.loadFolders();
    root.render(<HarnessApp host={host} />);
  } catch (error) {
    const p = document.createElement("p");
    p.style.cssText = "font: 14px 'Segoe UI', sans-serif; padding: 16px";
    p.textContent = error instanceof Error ? error.message : String(error);
    document.body.replaceChildren(p);
  }
}

void start();
