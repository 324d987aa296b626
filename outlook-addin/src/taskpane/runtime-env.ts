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
import { entraApp, harnessEnvironment } from "../auth/entra-app";

// Where tokens come from: MSAL (nested app authentication, or the Office dialog without it), for Touchbase's own
// API (the `access_as_user` scope) and for Graph (`Mail.Read`). In the harness too, against its simulated Entra:
// the fake Office puts a NAA bridge on the window and sets `touchbaseHarness` before this runs.

/** The sign-in dialog for Outlook clients without NAA, asked for one scope. */
function dialogOptions(scope?: string) {
  const url = new URL("auth-dialog.html", location.href);
  if (scope) url.searchParams.set("scope", scope);
  return {
    naaSupported: () => isSetSupported("1.1", "NestedAppAuth"),
    dialogUrl: url.href,
    openDialog: (dialogUrl: string) => openDialog(dialogUrl, { height: 60, width: 30 }),
  };
}

let touchbaseTokens: TokenProvider | null | undefined;

/**
 * Tokens for Touchbase's own API (`api://<host>/<client id>/access_as_user`), one provider per window so every
 * session of the pane shares MSAL's cache; null when this build has no Entra app (nobody can sign in).
 */
export function touchbaseTokensForEnvironment(): TokenProvider | null {
  if (touchbaseTokens !== undefined) return touchbaseTokens;
  const app = entraApp();
  touchbaseTokens = app
    ? createMsalTokenProvider({
        clientId: app.clientId,
        authority: app.authority,
        scopes: [app.touchbaseScope],
        purpose: "touchbase",
        ...dialogOptions(app.touchbaseScope),
      })
    : null;
  return touchbaseTokens;
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
    // With the simulated Entra, Graph's token comes through MSAL and the NAA bridge too, as in Outlook; without it
    // (a harness given only a simulator), from the simulator's token endpoint.
    const app = entraApp();
    const tokens = app
      ? createMsalTokenProvider({
          clientId: app.clientId,
          authority: app.authority,
          scopes: ["Mail.Read"],
          ...dialogOptions(),
        })
      : createSimulatorTokenProvider({ graphUrl: harness.graphUrl, mailbox: harness.mailbox });
    return { graph: createGraphClient({ baseUrl: harness.graphUrl, tokens, limiter }), tokens };
  }
  const clientId = entraClientId();
  if (!clientId) return null;
  const tokens = createMsalTokenProvider({
    clientId,
    authority: entraAuthority(),
    // Outlook clients without nested app authentication sign in through an Office dialog on this page.
    ...dialogOptions(),
  });
  return { graph: createGraphClient({ tokens, limiter }), tokens };
}
