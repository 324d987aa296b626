import { createAsyncApi, type Me } from "../../../shared";
import { ApiError } from "../../../shared/api/api-error";
import type { TokenProvider } from "../graph";
import { fetchTransport } from "../sync/fetch-transport";
import { sha256Hex } from "../sync/sha256";
import type { SignedInSession } from "../sync/engine-types";
import { bearerTransport } from "./bearer-transport";
import { accountOfToken, type SignedInAccount } from "./signed-in-account";

// Signing in to Touchbase from Outlook, in named steps: get the user's token for Touchbase's API from MSAL
// (silently, or with the popup / dialog after a click), read who it is, ask the server whether it lets them in
// (`/me`: a deactivated user or an unclaimed tenant is refused here, with the server's sentence), and decide
// whether local data written under an API token of an older build is theirs.

export interface TouchbaseSignIn extends SignedInSession {
  account: SignedInAccount;
  /** The server's answer, or null when it could not be reached (the pane opens offline; the outbox waits). */
  me: Me | null;
}

export interface SignInDeps {
  serverUrl: string;
  /** MSAL for Touchbase's `access_as_user` scope (runtime-env.ts). */
  tokens: TokenProvider;
  /** From a click: MSAL may show its popup (or the Office dialog). */
  interactive: boolean;
  /** The API token an older build kept in the roaming settings, if any. */
  legacyApiToken?: string;
  fetch?: typeof fetch;
}

export async function signInToTouchbase(deps: SignInDeps): Promise<TouchbaseSignIn> {
  const token = await deps.tokens.getGraphToken({ interactive: deps.interactive });
  const account = accountOfToken(token);
  if (!account) {
    throw new ApiError(
      "signin_failed",
      "Microsoft returned a sign-in Touchbase cannot read. Ask your administrator to check the Entra app.",
      401,
    );
  }
  const transport = bearerTransport(fetchTransport(deps.fetch), deps.tokens);
  const me = await askServer(deps.serverUrl, transport);
  const adoptFrom = me ? await sameUserLegacyOwner(deps, me) : null;
  return { owner: account.owner, transport, adoptFrom, account, me };
}

/** `/me` with the new token; refusals (401, 403) end the sign-in, an unreachable server does not. */
async function askServer(
  serverUrl: string,
  transport: ReturnType<typeof bearerTransport>,
): Promise<Me | null> {
  try {
    return await createAsyncApi({ baseUrl: serverUrl, token: "" }, transport).me();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
    return null;
  }
}

/**
 * The owner key of the old API token's local data when that token still belongs to the user now signed in
 * (its queued uploads are theirs and are kept); null otherwise (the data goes, as for any other owner).
 */
async function sameUserLegacyOwner(deps: SignInDeps, me: Me): Promise<string | null> {
  const legacy = deps.legacyApiToken?.trim();
  if (!legacy) return null;
  try {
    const old = await createAsyncApi(
      { baseUrl: deps.serverUrl, token: legacy },
      fetchTransport(deps.fetch),
    ).me();
    return old.id === me.id ? `token:${await sha256Hex(legacy)}` : null;
  } catch {
    return null;
  }
}
