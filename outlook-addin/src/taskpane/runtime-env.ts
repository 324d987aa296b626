import {
  createGraphClient,
  createMsalTokenProvider,
  createSimulatorTokenProvider,
  sharedGraphLimiter,
  type GraphClient,
  type TokenProvider,
} from "../graph";
import { currentViewer, isSetSupported, openDialog } from "../office";
import { entraAuthority, entraClientId } from "../graph/entra-client-id";

// Where Graph tokens come from: MSAL nested app authentication in Outlook, or the Graph simulator when the
// harness has installed its fake Office (it sets `touchbaseHarness` on the pane's window before this runs).

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

export { entraClientId };

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
  const tokens = createMsalTokenProvider({
    clientId,
    authority: entraAuthority(),
    // Outlook clients without nested app authentication sign in through an Office dialog on this page.
    naaSupported: () => isSetSupported("1.1", "NestedAppAuth"),
    dialogUrl: new URL("auth-dialog.html", location.href).href,
    openDialog: (url) => openDialog(url, { height: 60, width: 30 }),
  });
  return { graph: createGraphClient({ tokens, limiter }), tokens };
}
