import type { TokenProvider } from "./graph-types";

/** The slice of MSAL's `IPublicClientApplication` the provider uses (a fake implements it in tests). */
export interface NestablePca {
  getActiveAccount(): unknown;
  getAllAccounts(): unknown[];
  setActiveAccount(account: unknown): void;
  acquireTokenSilent(request: {
    scopes: string[];
    account?: unknown;
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

/** Tokens through MSAL nested app authentication: silent first, popup fallback (only when interactive). */
export function createMsalTokenProvider(_options: MsalTokenProviderOptions): TokenProvider {
  throw new Error("not yet");
}
