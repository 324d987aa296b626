import type { AsyncTransport, HttpResponse } from "../../../shared";
import type { TokenProvider } from "../graph";

// Every request to Touchbase carries the signed-in user's Microsoft access token for Touchbase's own API
// (`access_as_user`), asked from MSAL at the moment it is sent — MSAL answers from its cache until the token is
// about to expire, then renews it silently. When the server still finds it expired (a laptop that slept past it,
// a clock that drifted) the request is sent once more with a token MSAL must fetch afresh.

/** A 401 whose body says the token's lifetime is over: renewable without the user. */
function expired(response: HttpResponse): boolean {
  if (response.status !== 401) return false;
  try {
    return (JSON.parse(response.body) as { error?: { code?: unknown } }).error?.code === "token_expired";
  } catch {
    return false;
  }
}

/** A sign-in that cannot happen without the user, as the 401 the pane already shows as "signed out". */
function signInNeeded(error: unknown): HttpResponse {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "signin_required";
  const message =
    typeof e?.message === "string" && e.message
      ? e.message
      : "Sign in with your Microsoft work account to see your customers here.";
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
  const attempt = async (
    request: Parameters<AsyncTransport>[0],
    forceRefresh: boolean,
  ): Promise<HttpResponse> => {
    let token: string;
    try {
      token = await tokens.getGraphToken(forceRefresh ? { forceRefresh } : {});
    } catch (error) {
      return signInNeeded(error);
    }
    return send({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
  };
  return async (request) => {
    const first = await attempt(request, false);
    return expired(first) ? attempt(request, true) : first;
  };
}
