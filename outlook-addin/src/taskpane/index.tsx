// The task pane's wiring: Office.js ready → host port; saved settings → sync engine → Touchbase port → <App>.
import { createRoot } from "react-dom/client";
import { officeReady } from "../office";
import { App } from "./components/App";
import { createOfficeHost } from "./office-host";
import type { ConnectFn } from "./ports";
import { describeError } from "../sync/error-sentence";

const root = createRoot(document.getElementById("root")!);

// The engine and the shared core are a separate chunk, fetched while Office.js initialises.
const engineChunk = import(/* webpackChunkName: "engine" */ "./connect-engine");
const connect: ConnectFn = async (settings, options) => (await engineChunk).connectEngine(settings, options);

officeReady().then(
  () => root.render(<App host={createOfficeHost()} connect={connect} />),
  (error: unknown) => {
    // Opened outside Outlook: a sentence, not a blank page.
    const p = document.createElement("p");
    p.style.cssText = "font: 14px 'Segoe UI', sans-serif; padding: 16px";
    p.textContent = describeError(error);
    document.body.replaceChildren(p);
  },
);
