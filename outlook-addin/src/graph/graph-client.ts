import type { GraphClient, GraphClientOptions } from "./graph-types";

export const GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";

/** A Graph client over fetch: ≤ 4 requests in flight, exponential backoff with full jitter on 429/503/504. */
export function createGraphClient(_options: GraphClientOptions): GraphClient {
  throw new Error("not yet");
}
