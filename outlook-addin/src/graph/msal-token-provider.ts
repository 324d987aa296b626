import { GraphError } from "./graph-error";
import type { TokenProvider } from "./graph-types";
import { SIGN_IN_REQUIRED } from "../auth/sentences";

/** The slice of MSAL's `IPublicClientApplication` the provider uses (a fake implements it in tests). */
export interface NestablePca {
  getActiveAccount(): unknown;
  getAllAccounts(): unknown[];
  setActiveAccount(account: never): void;
  acquireTokenSilent(request: {
    scopes: string[];
    account?: never;
    forceRefresh?: boolean;
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
  /**
   * What the token is for, which picks the sentences a user sees: `graph` (default; folder sync) or `touchbase`
   * (Touchbase's own API, the `access_as_user` scope).
   */
  purpose?: "graph" | "touchbase";
  /** For tests: builds the PCA instead of `createNestablePublicClientApplication`. */
  createPca?: () => Promise<NestablePca>;
  /**
   * Whether this Outlook offers nested app authentication: `isSetSupported("NestedAppAuth", "1.1")`. Default
   * true. Without it, sign-in goes through the Office dialog, as Microsoft's NAA samples fall back.
   */
  naaSupported?: () => boolean;
  /** The sign-in dialog page (`auth-dialog.html`), registered as an SPA redirect URI of the Entra app. */
  dialogUrl?: string;
  /** Opens the dialog page with the Office dialog API and resolves with the message it sends back. */
  openDialog?: (url: string) => Promise<string>;
  /**
   * Without NAA: a standard PCA over the same browser cache as the dialog page (localStorage of this origin), so
   * a sign-in made in the dialog gives silent tokens here too — the ribbon command included. For tests.
   */
  createStandardPca?: () => Promise<NestablePca>;
  now?: () => number;
}

/** What the dialog page sends back (`messageParent`), as JSON. */
export interface AuthDialogResult {
  accessToken?: string;
  /** ms since epoch */
  expiresOn?: number;
  error?: string;
}

const SENTENCES = {
  graph: {
    notConfigured:
      "Folder sync is not set up: this Touchbase build has no Microsoft Entra app id. Ask your administrator.",
    required: "Sign in with your Microsoft account to sync folders.",
    consent:
      "Microsoft needs your consent before Touchbase can read your mail folders. Sign in to Microsoft once to give it; folder sync works right after.",
    interaction:
      "Microsoft asks you to sign in again before Touchbase can read your mail folders (the session expired, or your organization requires it).",
  },
  touchbase: {
    notConfigured:
      "Sign-in is not set up: this Touchbase build has no Microsoft Entra app id. Ask your administrator.",
    required: SIGN_IN_REQUIRED,
    consent: "Microsoft needs your consent before Touchbase can sign you in. Sign in to give it.",
    interaction: SIGN_IN_REQUIRED,
  },
} as const;
const signInFailed = () =>
  new GraphError(
    "signin_failed",
    "Microsoft sign-in did not finish. Try again, and allow the sign-in window.",
    401,
  );
const signInCancelled = () =>
  new GraphError("signin_cancelled", "Sign-in was cancelled. Sign in again when you are ready.", 401);

async function defaultPca(clientId: string, authority: string): Promise<NestablePca> {
  // Loaded on first use so the task pane's first paint does not pay for MSAL.
  const msal = await import("@azure/msal-browser");
  const pca = await msal.createNestablePublicClientApplication({ auth: { clientId, authority } });
  return pca as unknown as NestablePca;
}

async function defaultStandardPca(clientId: string, authority: string, redirectUri: string) {
  const msal = await import("@azure/msal-browser");
  const pca = await msal.createStandardPublicClientApplication({
    auth: { clientId, authority, redirectUri },
    // The dialog page signs in with this cache; sharing it gives this frame silent tokens afterwards.
    cache: { cacheLocation: "localStorage" },
  });
  return pca as unknown as NestablePca;
}

const errorCodeOf = (error: unknown) => (error as { errorCode?: unknown } | null)?.errorCode;
/** MSAL reports a popup that could not open (older Outlook clients cannot show `about:blank`). */
const popupBlocked = (error: unknown) => errorCodeOf(error) === "popup_window_error";
/** The user closed the sign-in (NAA's USER_CANCEL becomes MSAL's `user_canceled`; a closed popup `user_cancelled`). */
const cancelled = (error: unknown) =>
  ["user_canceled", "user_cancelled"].includes(String(errorCodeOf(error)));
/**
 * MSAL says only the user can go on: InteractionRequiredAuthError (NAA's USER_INTERACTION_REQUIRED becomes one,
 * with Entra's code: consent_required, interaction_required, login_required). Anything else (offline, a
 * throttled broker) is not fixed by a sign-in button.
 */
const INTERACTION_CODES = new Set(["interaction_required", "consent_required", "login_required"]);
const interactionRequired = (error: unknown) =>
  (error as { name?: unknown } | null)?.name === "InteractionRequiredAuthError" ||
  INTERACTION_CODES.has(String(errorCodeOf(error)));

type SilentResult = { token: string } | { token: null; error: unknown };

/**
 * Microsoft Graph tokens with MSAL. Where Outlook offers nested app authentication (NestedAppAuth 1.1) it
 * brokers them (`createNestablePublicClientApplication`): silent first, a popup only from a user gesture (and
 * the Office dialog when the popup cannot open). Where it does not, sign-in happens in an Office dialog on
 * `auth-dialog.html` (redirect flow), whose tokens and cache this frame then uses silently.
 */
export function createMsalTokenProvider(options: MsalTokenProviderOptions): TokenProvider {
  const scopes = options.scopes ?? ["Mail.Read"];
  const authority = options.authority ?? "https://login.microsoftonline.com/common";
  const now = options.now ?? Date.now;
  const sentences = SENTENCES[options.purpose ?? "graph"];
  const notConfigured = () => new GraphError("graph_not_configured", sentences.notConfigured, 0);
  const signInRequired = () => new GraphError("signin_required", sentences.required, 401);
  const nested = options.naaSupported?.() ?? true;
  let pcaPromise: Promise<NestablePca> | null = null;
  let dialogToken: { token: string; expiresAt: number } | null = null;

  const configured = () => Boolean(options.clientId || options.createPca || options.createStandardPca);
  const pca = (): Promise<NestablePca> => {
    if (!configured()) return Promise.reject(notConfigured());
    const create = nested
      ? (options.createPca ?? (() => defaultPca(options.clientId, authority)))
      : (options.createStandardPca ??
        (() =>
          // The redirect URI is the dialog page's address without its query (the scope it is asked for).
          defaultStandardPca(
            options.clientId,
            authority,
            (options.dialogUrl ?? location.href).split(/[?#]/)[0],
          )));
    pcaPromise ??= create().catch((error) => {
      pcaPromise = null; // a failed initialisation is retried on the next call
      throw error;
    });
    return pcaPromise;
  };

  const remember = (app: NestablePca, account: unknown) => {
    if (account) app.setActiveAccount(account as never);
  };

  async function trySilent(app: NestablePca, forceRefresh = false): Promise<SilentResult> {
    const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
    // Without NAA, silent needs an account the dialog left in the cache; under NAA the host knows the user.
    if (!nested && !account) return { token: null, error: { errorCode: "login_required" } };
    try {
      const result = await app.acquireTokenSilent({
        scopes,
        ...(account ? { account: account as never } : {}),
        ...(forceRefresh ? { forceRefresh } : {}),
      });
      remember(app, result.account);
      return result.accessToken ? { token: result.accessToken } : { token: null, error: null };
    } catch (error) {
      return { token: null, error };
    }
  }

  const silent = async (app: NestablePca, forceRefresh = false) => (await trySilent(app, forceRefresh)).token;

  async function viaDialog(): Promise<string> {
    if (!options.openDialog || !options.dialogUrl) throw signInFailed();
    let answer: AuthDialogResult;
    try {
      answer = JSON.parse(await options.openDialog(options.dialogUrl)) as AuthDialogResult;
    } catch (error) {
      // The dialog's own sentence (closed by the user, blocked…) says more than a generic one.
      if (error instanceof Error && "code" in error && typeof error.code === "string") {
        throw new GraphError(error.code, error.message, 401);
      }
      throw signInFailed();
    }
    if (answer.error && cancelled({ errorCode: answer.error })) throw signInCancelled();
    if (!answer.accessToken) throw signInFailed();
    const expiresAt = (answer.expiresOn ?? now() + 3_600_000) - 60_000;
    dialogToken = { token: answer.accessToken, expiresAt };
    pcaPromise = null; // the dialog wrote the cache: read it afresh next time
    return answer.accessToken;
  }

  async function app(): Promise<NestablePca> {
    try {
      return await pca();
    } catch (error) {
      throw error instanceof GraphError ? error : signInFailed();
    }
  }

  return {
    method: nested ? "nested" : "dialog",
    async getGraphToken(request = {}) {
      if (!configured()) throw notConfigured();
      if (request.forceRefresh) dialogToken = null;
      if (!nested && dialogToken && dialogToken.expiresAt > now()) return dialogToken.token;
      const client = await app();
      const token = await silent(client, request.forceRefresh);
      if (token) return token;
      if (!request.interactive) throw signInRequired();
      if (!nested) return viaDialog();
      try {
        const result = await client.acquireTokenPopup({ scopes });
        remember(client, result.account);
        if (!result.accessToken) throw signInFailed();
        return result.accessToken;
      } catch (error) {
        if (popupBlocked(error) && options.openDialog) return viaDialog();
        if (cancelled(error)) throw signInCancelled();
        throw signInFailed();
      }
    },
    async interactionNeeded() {
      if (!configured()) return null;
      if (!nested && dialogToken && dialogToken.expiresAt > now()) return null;
      let client: NestablePca;
      try {
        client = await pca();
      } catch {
        return null;
      }
      const result = await trySilent(client);
      if (result.token !== null || !interactionRequired(result.error)) return null;
      // Entra's refresh-token answer puts it in `suberror` (invalid_grant / consent_required); NAA in the code.
      const subError = (result.error as { subError?: unknown } | null)?.subError;
      return errorCodeOf(result.error) === "consent_required" || subError === "consent_required"
        ? new GraphError("consent_required", sentences.consent, 401)
        : new GraphError("interaction_required", sentences.interaction, 401);
    },
    async hasSession() {
      if (!nested && dialogToken && dialogToken.expiresAt > now()) return true;
      try {
        return (await silent(await pca())) !== null;
      } catch {
        return false;
      }
    },
  };
}
