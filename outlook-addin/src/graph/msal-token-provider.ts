import { GraphError } from "./graph-error";
import type { TokenProvider } from "./graph-types";

/** The slice of MSAL's `IPublicClientApplication` the provider uses (a fake implements it in tests). */
export interface NestablePca {
  getActiveAccount(): unknown;
  getAllAccounts(): unknown[];
  setActiveAccount(account: never): void;
  acquireTokenSilent(request: {
    scopes: string[];
    account?: never;
  }): Promise<{ accessToken: string; account?: unknown }>;
  acquireTokenPopup(request: { scopes: string[] }): Promise<{ accessToken: string; account?: unknown }>;
}

export interface MsalTokenProviderOptions {
  /** The Entra app (client) id; set at build time from TOUCHBASE_ENTRA_CLIENT_ID. */
  clientId: string;
  /** Default `https://login.microsoftonline.com/common`. */
  authority?: string;
  /** Default `["Mail.Read"]`. */
  scopes?: string[];
  /** For tests: builds the PCA instead of `createNestablePublicClientApplication`. */
  createPca?: () => Promise<NestablePca>;
}

const notConfigured = () =>
  new GraphError(
    "graph_not_configured",
    "Folder sync is not set up: this Touchbase build has no Microsoft Entra app id. Ask your administrator.",
    0,
  );
const signInRequired = () =>
  new GraphError("signin_required", "Sign in with your Microsoft account to sync folders.", 401);
const signInFailed = () =>
  new GraphError(
    "signin_failed",
    "Microsoft sign-in did not finish. Try again, and allow the sign-in window.",
    401,
  );

async function defaultPca(clientId: string, authority: string): Promise<NestablePca> {
  // Loaded on first use so the task pane's first paint does not pay for MSAL.
  const msal = await import("@azure/msal-browser");
  const pca = await msal.createNestablePublicClientApplication({ auth: { clientId, authority } });
  return pca as unknown as NestablePca;
}

/**
 * Tokens through MSAL nested app authentication (`createNestablePublicClientApplication`, which falls back to a
 * standard PCA on hosts without NAA): silent first; a popup only when the call is interactive (a user gesture),
 * because popups opened otherwise are blocked.
 */
export function createMsalTokenProvider(options: MsalTokenProviderOptions): TokenProvider {
  const scopes = options.scopes ?? ["Mail.Read"];
  const authority = options.authority ?? "https://login.microsoftonline.com/common";
  let pcaPromise: Promise<NestablePca> | null = null;

  const pca = (): Promise<NestablePca> => {
    if (!options.clientId && !options.createPca) return Promise.reject(notConfigured());
    pcaPromise ??= (options.createPca ?? (() => defaultPca(options.clientId, authority)))().catch((error) => {
      pcaPromise = null; // a failed initialisation is retried on the next call
      throw error;
    });
    return pcaPromise;
  };

  const remember = (app: NestablePca, account: unknown) => {
    if (account) app.setActiveAccount(account as never);
  };

  async function silent(app: NestablePca): Promise<string | null> {
    const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
    try {
      // Under NAA the host knows the signed-in user, so silent works even without a cached account.
      const result = await app.acquireTokenSilent({
        scopes,
        ...(account ? { account: account as never } : {}),
      });
      remember(app, result.account);
      return result.accessToken || null;
    } catch {
      return null;
    }
  }

  return {
    async getGraphToken(request = {}) {
      let app: NestablePca;
      try {
        app = await pca();
      } catch (error) {
        throw error instanceof GraphError ? error : signInFailed();
      }
      const token = await silent(app);
      if (token) return token;
      if (!request.interactive) throw signInRequired();
      try {
        const result = await app.acquireTokenPopup({ scopes });
        remember(app, result.account);
        if (!result.accessToken) throw signInFailed();
        return result.accessToken;
      } catch {
        throw signInFailed();
      }
    },
    async hasSession() {
      try {
        return (await silent(await pca())) !== null;
      } catch {
        return false;
      }
    },
  };
}
