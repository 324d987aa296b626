// What the sign-in dialog page does (Office dialog API, hosts without nested app authentication): finish a
// redirect sign-in if this load is its return, else use the account the cache already has, else start one, and
// tell the task pane the result. Microsoft's NAA samples fall back the same way.
import type { AuthDialogResult } from "../graph/msal-token-provider";

/** The slice of a standard MSAL PublicClientApplication this page uses. */
export interface RedirectPca {
  handleRedirectPromise(): Promise<{
    accessToken: string;
    expiresOn?: Date | null;
    account?: unknown;
  } | null>;
  getActiveAccount(): unknown;
  getAllAccounts(): unknown[];
  setActiveAccount(account: never): void;
  acquireTokenSilent(request: {
    scopes: string[];
    account: never;
  }): Promise<{ accessToken: string; expiresOn?: Date | null; account?: unknown }>;
  acquireTokenRedirect(request: { scopes: string[]; redirectUri: string; prompt?: string }): Promise<void>;
}

export async function runAuthDialog(deps: {
  pca: RedirectPca;
  scopes: string[];
  /** This page's address, without query or hash: where Microsoft sends the user back. */
  redirectUri: string;
  /** `Office.context.ui.messageParent`. */
  send: (message: string) => void;
}): Promise<"sent" | "redirecting"> {
  const { pca, scopes, send } = deps;
  const reply = (result: AuthDialogResult) => send(JSON.stringify(result));
  const withToken = (result: { accessToken: string; expiresOn?: Date | null; account?: unknown }) => {
    if (result.account) pca.setActiveAccount(result.account as never);
    reply({ accessToken: result.accessToken, expiresOn: result.expiresOn?.getTime() });
    return "sent" as const;
  };
  try {
    const returned = await pca.handleRedirectPromise();
    if (returned?.accessToken) return withToken(returned);
  } catch (error) {
    reply({ error: (error as { errorCode?: string }).errorCode ?? "signin_failed" });
    return "sent";
  }
  const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
  if (account) {
    try {
      return withToken(await pca.acquireTokenSilent({ scopes, account: account as never }));
    } catch {
      // the cached session expired: sign in again below
    }
  }
  await pca.acquireTokenRedirect({ scopes, redirectUri: deps.redirectUri, prompt: "select_account" });
  return "redirecting";
}
