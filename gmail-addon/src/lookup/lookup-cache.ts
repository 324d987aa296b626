// A short-lived per-user cache of /lookup answers, so reopening a message costs no UrlFetch. Keys hold the
// participants and the message (and the config's generation, bumped by the user's own actions); values must
// fit CacheService's 100 KB limit or are not cached at all.
import { LookupResponseSchema, stableHash, utf8Length, type LookupResponse } from "../../../shared";

export const LOOKUP_TTL_SECONDS = 120;
export const CACHE_VALUE_LIMIT = 100 * 1024;

export function lookupCacheKey_(generation: string, participants: string[], messageId: string): string {
  return `tb:lookup:${generation}:${stableHash([...participants].sort().join(",") + "|" + messageId)}`;
}

export function cachedLookup_(key: string): LookupResponse | null {
  const raw = CacheService.getUserCache()?.get(key);
  if (!raw) return null;
  try {
    return LookupResponseSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function cacheLookup_(key: string, lookup: LookupResponse): boolean {
  const value = JSON.stringify(lookup);
  if (utf8Length(value) > CACHE_VALUE_LIMIT) return false;
  CacheService.getUserCache()?.put(key, value, LOOKUP_TTL_SECONDS);
  return true;
}
