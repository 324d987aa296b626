import { entraAuthority, entraClientId, touchbaseApiScope } from "../graph/entra-client-id";

// The Entra app the add-in signs in with, wherever it runs: the one compiled in (TOUCHBASE_ENTRA_CLIENT_ID,
// TOUCHBASE_ENTRA_AUTHORITY, TOUCHBASE_ENTRA_API_SCOPE), or in the harness the simulated Entra's app and tenant,
// configured as production configures the real one (only the broker and Entra's endpoints are simulated). The task
// pane, the ribbon command and the sign-in dialog page all ask here, so they cannot disagree.

/** What the harness tells the add-in about its simulated world. Production never sets it. */
export interface HarnessEnvironment {
  graphUrl: string | null;
  mailbox: string;
  storeName: string;
  /** The simulated Entra's app and tenant (the backend's local issuer stands behind it). */
  entra?: { clientId: string; tenantId: string } | null;
}

export function harnessEnvironment(): HarnessEnvironment | null {
  const env = (globalThis as { touchbaseHarness?: HarnessEnvironment }).touchbaseHarness;
  return env && typeof env.mailbox === "string" ? env : null;
}

export interface EntraApp {
  clientId: string;
  authority: string;
  /** Touchbase's own API scope, `api://<host>/<client id>/access_as_user` unless configured otherwise. */
  touchbaseScope: string;
}

/** The app to sign in with here; null when there is none (a build without an Entra app, a harness without one). */
export function entraApp(): EntraApp | null {
  const harness = harnessEnvironment();
  if (harness) {
    const entra = harness.entra;
    return entra
      ? {
          clientId: entra.clientId,
          authority: `https://login.microsoftonline.com/${entra.tenantId}`,
          touchbaseScope: `api://${location.host}/${entra.clientId}/access_as_user`,
        }
      : null;
  }
  const clientId = entraClientId();
  const touchbaseScope = touchbaseApiScope();
  return clientId && touchbaseScope ? { clientId, authority: entraAuthority(), touchbaseScope } : null;
}
