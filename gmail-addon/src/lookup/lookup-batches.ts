// Splits addresses into /lookup requests that Apps Script will send: at most 100 addresses (the contract's
// MAX_LOOKUP_EMAILS) and a URL under UrlFetchApp's 2 KB limit.
import { buildRequest, MAX_LOOKUP_EMAILS, type ApiConfig } from "../../../shared";

export const MAX_URL_LENGTH = 2000;

function lookupUrl_(config: ApiConfig, emails: string[], messageIdSha256?: string): string {
  return buildRequest(config, "lookup", { emails, messageIdSha256 }).url;
}

/**
 * Greedy batches in the given order; an address too long to fit any URL on its own is dropped (and reported).
 * The first batch leaves room for the message's hash when one is given.
 */
export function lookupBatches_(
  config: ApiConfig,
  addresses: string[],
  messageIdSha256?: string,
): { batches: string[][]; dropped: string[] } {
  const batches: string[][] = [];
  const dropped: string[] = [];
  let current: string[] = [];
  for (const address of addresses) {
    const candidate = [...current, address];
    const fits =
      candidate.length <= MAX_LOOKUP_EMAILS &&
      lookupUrl_(config, candidate, batches.length === 0 ? messageIdSha256 : undefined).length <=
        MAX_URL_LENGTH;
    if (fits) {
      current = candidate;
      continue;
    }
    if (current.length) batches.push(current);
    current = [address];
    if (lookupUrl_(config, current).length > MAX_URL_LENGTH) {
      dropped.push(address);
      current = [];
    }
  }
  if (current.length) batches.push(current);
  return { batches, dropped };
}
