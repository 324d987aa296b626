import type { TokenProvider } from "./graph-types";

/**
 * Tokens from the Graph simulator's token endpoint (`POST <graphOrigin>/token` with `{ mailbox }`), for the
 * harness and tests where there is no Entra ID. Tokens are cached until shortly before they expire.
 */
export function createSimulatorTokenProvider(_options: {
  /** The simulator's Graph base, e.g. `http://127.0.0.1:4100/v1.0`. */
  graphUrl: string;
  mailbox: string;
  fetch?: typeof fetch;
}): TokenProvider {
  throw new Error("not yet");
}
