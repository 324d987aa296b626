import { GraphError } from "./graph-error";
import type { TokenProvider } from "./graph-types";

/**
 * Tokens from the Graph simulator's token endpoint (`POST <origin>/token` with `{ mailbox }`), for the harness
 * and tests where there is no Entra ID. Tokens are cached until a minute before they expire.
 */
export function createSimulatorTokenProvider(options: {
  /** The simulator's Graph base, e.g. `http://127.0.0.1:4100/v1.0`. */
  graphUrl: string;
  mailbox: string;
  fetch?: typeof fetch;
}): TokenProvider {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const tokenUrl = `${new URL(options.graphUrl).origin}/token`;
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    let response: Response;
    try {
      response = await doFetch(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mailbox: options.mailbox }),
      });
    } catch {
      throw new GraphError("graph_unreachable", "The Graph simulator could not be reached.", 0);
    }
    const body = (await response.json().catch(() => null)) as {
      access_token?: string;
      expires_in?: number;
    } | null;
    if (!response.ok || !body?.access_token) {
      throw new GraphError(
        "signin_failed",
        "The Graph simulator refused to sign in this mailbox.",
        response.status,
      );
    }
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 - 60_000 };
    return body.access_token;
  }

  return {
    method: "simulator",
    async getGraphToken() {
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      pending ??= fetchToken().finally(() => (pending = null));
      return pending;
    },
    async hasSession() {
      return true;
    },
  };
}
