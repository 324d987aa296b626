import type { AsyncTransport, HttpResponse } from "../../../shared";
import type { TokenProvider } from "../graph";
import { SIGN_IN_REQUIRED } from "./sentences";

// Every request to Touchbase carries the signed-in user's Microsoft access token for Touchbase's own API
// (`access_as_user`), asked from MSAL at the moment it is sent — MSAL answers from its cache until the token is
// about to expire, then renews it silently. When the server still refuses the token (expired: a laptop that slept
// past it, a clock that drifted; or signed with a key the issuer no longer publishes) the request is sent once
// more with a token MSAL must fetch afresh, as Microsoft advises for a 401 from an API. A 403 (the person is
// refused, whatever the token) is never retried.

const refusedToken = (response: HttpResponse) => response.status === 401;

/** A sign-in that cannot happen without the user, as the 401 the pane already shows as "signed out". */
function signInNeeded(error: unknown): HttpResponse {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "signin_required";
  const message = typeof e?.message === "string" && e.message ? e.message : SIGN_IN_REQUIRED;
  return {
    status: 401,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: { code, message } }),
  };
}

export function bearerTransport(
  send: AsyncTransport,
  tokens: Pick<TokenProvider, "getGraphToken">,
): AsyncTransport {
  /** The server's answer, or null when MSAL could not give a token without the user. */
  const attempt = async (request: Parameters<AsyncTransport>[0], forceRefresh: boolean) => {
    let token: string;
    try {
      token = await tokens.getGraphToken(forceRefresh ? { forceRefresh } : {});
    } catch (error) {
      return { response: signInNeeded(error), fromServer: false };
    }
    const response = await send({
      ...request,
      headers: { ...request.headers, authorization: `Bearer ${token}` },
    });
    return { response, fromServer: true };
  };
  return async (request) => {
    const first = await attempt(request, false);
    if (!first.fromServer || !refusedToken(first.response)) return first.response;
    return (await attempt(request, true)).response;
  };
}
