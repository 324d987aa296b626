import {
  createGraphClient,
  createMsalTokenProvider,
  createSimulatorTokenProvider,
  sharedGraphLimiter,
  type GraphClient,
  type TokenProvider,
} from "../graph";
import { currentViewer } from "../office";

// Where Graph tokens come from: MSAL nested app authentication in Outlook, or the Graph simulator when the
// harness has installed its fake Office (it sets `touchbaseHarness` on the pane's window before this runs).

declare const __TOUCHBASE_ENTRA_CLIENT_ID__: string | undefined;

/** What the harness tells the pane about its simulated world. Production never sets it. */
export interface HarnessEnvironment {
  graphUrl: string | null;
  mailbox: string;
  storeName: string;
}

export function harnessEnvironment(): HarnessEnvironment | null {
  const env = (globalThis as { touchbaseHarness?: HarnessEnvironment }).touchbaseHarness;
  return env && typeof env.mailbox === "string" ? env : null;
}

export function entraClientId(): string {
  return typeof __TOUCHBASE_ENTRA_CLIENT_ID__ === "string" ? __TOUCHBASE_ENTRA_CLIENT_ID__ : "";
}

/**
 * A Graph client for this environment, or null when there is no way to get tokens (no Entra app configured).
 * Every client of one mailbox in this window — the pane's and the ribbon command's — shares one limiter, so
 * together they stay within Graph's 4 concurrent requests per mailbox.
 */
export function graphForEnvironment(): { graph: GraphClient; tokens: TokenProvider } | null {
  const harness = harnessEnvironment();
  const mailbox = harness?.mailbox ?? currentViewer().addresses[0] ?? "";
  const limiter = sharedGraphLimiter(`touchbase-graph:${mailbox.toLowerCase()}`);
  if (harness) {
    if (!harness.graphUrl) return null;
    const tokens = createSimulatorTokenProvider({ graphUrl: harness.graphUrl, mailbox: harness.mailbox });
    return { graph: createGraphClient({ baseUrl: harness.graphUrl, tokens, limiter }), tokens };
  }
  const clientId = entraClientId();
  if (!clientId) return null;
  const tokens = createMsalTokenProvider({ clientId });
  return { graph: createGraphClient({ tokens, limiter }), tokens };
}
