// Microsoft Graph for the add-in: tokens (MSAL nested app authentication, or the simulator's for the harness),
// a throttling-aware client (≤ 4 mailbox requests at once, batch members counted, backoff with jitter on 429/503/504, `$batch` of ≤ 20), folders.
export * from "./graph-types";
export { GraphError } from "./graph-error";
export { createGraphClient, GRAPH_BASE_URL } from "./graph-client";
export {
  createMsalTokenProvider,
  type MsalTokenProviderOptions,
  type NestablePca,
} from "./msal-token-provider";
export { createSimulatorTokenProvider } from "./simulator-token-provider";
export {
  memoryLimiter,
  webLocksLimiter,
  sharedGraphLimiter,
  MAILBOX_CONCURRENCY,
  type GraphLimiter,
  type LockManagerLike,
} from "./graph-limiter";
