import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { apiTokens } from "../db/schema";
import type { Caller, TokenInfo } from "../data/workspaces";
import { HttpError } from "./http-error";

// What decides whether a resolved API token may proceed, and the cheap record of its last use. Kept apart from
// auth.ts so the sign-in credentials (ID tokens, web sessions) can share `deactivatedError` without this file.

/** A deactivated member's requests, whatever credential they hold. */
export function deactivatedError(): HttpError {
  return new HttpError(
    403,
    "deactivated",
    "Your Touchbase account was deactivated by a workspace admin; ask an admin to reactivate it.",
  );
}

/** Why a token that exists may not be used now, or null when it may. */
export function tokenRefusal(
  found: { caller: Caller; token: TokenInfo },
  now = new Date(),
): HttpError | null {
  if (found.caller.user.deactivatedAt) return deactivatedError();
  if (found.token.expiresAt && found.token.expiresAt.getTime() <= now.getTime()) {
    return new HttpError(
      401,
      "token_expired",
      `This API token expired on ${found.token.expiresAt.toISOString().slice(0, 10)}; create a new one ` +
        "(`touchbase tokens create` or POST /api/v1/tokens) and use it instead.",
    );
  }
  return null;
}

/** Last use is kept to the minute: at most one write per token per minute, per process and in the database. */
export const LAST_USED_GRANULARITY_MS = 60_000;
const written = new Map<string, number>();

/**
 * Records that a token was used, without delaying the request (the update is not awaited), and only when the
 * stored time is older than a minute: at most one small write per token a minute, however many servers run.
 */
export function noteTokenUse(db: Db, token: TokenInfo, now = Date.now()): Promise<void> | null {
  if (!token.id) return null;
  if (token.lastUsedAt && now - token.lastUsedAt.getTime() < LAST_USED_GRANULARITY_MS) return null;
  const last = written.get(token.id);
  if (last !== undefined && now - last < LAST_USED_GRANULARITY_MS) return null;
  if (written.size > 10_000) written.clear();
  written.set(token.id, now);
  const cutoff = new Date(now - LAST_USED_GRANULARITY_MS);
  return (async () => {
    try {
      await db
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, cutoff))),
        );
    } catch {
      // A lost last-used time is not worth a failed request (the database may be closing).
    }
  })();
}
