import { and, asc, count, eq, gt, isNull, or } from "drizzle-orm";
import { MAX_TOKEN_DAYS, type AccessToken, type AccessTokenCreated } from "../../../shared/index";
import type { Db } from "../db/connect";
import { apiTokens, users } from "../db/schema";
import { conflict, forbidden, invalid, notFound } from "./errors";
import { hashToken, newId, newToken } from "./ids";
import type { Caller } from "./workspaces";

// Personal access tokens: each belongs to one user, has a name, an optional expiry and the time it was last used.
// Only the SHA-256 of the secret is stored; the secret is in the answer to its creation and nowhere else.

type TokenRow = typeof apiTokens.$inferSelect;

/** More live tokens than anyone scripts with; a cap so a member cannot fill the table. */
export const MAX_TOKENS_PER_USER = 50;
const DAY_MS = 86_400_000;

function view(row: TokenRow, userEmail: string, currentTokenId?: string): AccessToken {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    userId: row.userId,
    userEmail,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    current: row.id === currentTokenId,
  };
}

/** The caller's tokens, or with `scope: "workspace"` (admins) every member's, oldest first. */
export async function listTokens(
  db: Db,
  caller: Caller,
  options: { scope?: "mine" | "workspace"; currentTokenId?: string } = {},
): Promise<AccessToken[]> {
  const everyone = options.scope === "workspace";
  if (everyone && caller.user.role !== "admin") {
    throw forbidden("Only a workspace admin can list every member's tokens.");
  }
  const rows = await db
    .select({ token: apiTokens, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(everyone ? eq(users.workspaceId, caller.workspace.id) : eq(apiTokens.userId, caller.user.id))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  return rows.map((r) => view(r.token, r.email, options.currentTokenId));
}

/** When a token should stop working, from an ISO date or a number of days; null for never. */
export function tokenExpiry(
  input: { expiresAt?: string; expiresInDays?: number },
  now = new Date(),
): Date | null {
  if (input.expiresAt !== undefined && input.expiresInDays !== undefined) {
    throw invalid("invalid_expiry", "Give the expiry as a date or as a number of days, not both.");
  }
  if (input.expiresInDays !== undefined) {
    const days = input.expiresInDays;
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
      throw invalid("invalid_expiry", `A token is valid for 1 to ${MAX_TOKEN_DAYS} days.`);
    }
    return new Date(now.getTime() + days * DAY_MS);
  }
  if (input.expiresAt === undefined) return null;
  const at = new Date(input.expiresAt);
  if (Number.isNaN(at.getTime())) {
    throw invalid("invalid_expiry", `"${input.expiresAt}" is not a date.`);
  }
  if (at.getTime() <= now.getTime()) {
    throw invalid("invalid_expiry", "The expiry must lie in the future.");
  }
  if (at.getTime() > now.getTime() + MAX_TOKEN_DAYS * DAY_MS) {
    throw invalid("invalid_expiry", "A token can be valid for at most ten years.");
  }
  return at;
}

/** A new personal access token for the caller; the answer holds the secret, shown this once. */
export async function createToken(
  db: Db,
  caller: Caller,
  input: { name: string; expiresAt?: string; expiresInDays?: number },
  now = new Date(),
): Promise<AccessTokenCreated> {
  const name = input.name.trim();
  if (!name || name.length > 100) {
    throw invalid("invalid_name", "A token needs a name of 1 to 100 characters.");
  }
  const expiresAt = tokenExpiry(input, now);
  const [{ live }] = await db
    .select({ live: count() })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.userId, caller.user.id),
        eq(apiTokens.kind, "api"),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (live >= MAX_TOKENS_PER_USER) {
    throw conflict(
      "too_many_tokens",
      `You already have ${live} tokens; revoke ones you no longer use before creating another.`,
    );
  }
  const secret = newToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      id: newId("tok"),
      userId: caller.user.id,
      tokenHash: hashToken(secret),
      kind: "api",
      name,
      expiresAt,
    })
    .returning();
  return { ...view(row, caller.user.email), token: secret };
}

/**
 * Revokes a token: one's own, or (admins) any member's in the workspace. Another workspace's token, and for a
 * member a colleague's, is a 404: its existence is not the caller's business. Effective on the next request: the
 * gate looks every token up anew.
 */
export async function revokeToken(db: Db, caller: Caller, id: string): Promise<AccessToken> {
  const [found] = await db
    .select({ token: apiTokens, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.id, id), eq(users.workspaceId, caller.workspace.id)));
  if (!found || (found.token.userId !== caller.user.id && caller.user.role !== "admin")) {
    throw notFound("That token");
  }
  await db.delete(apiTokens).where(eq(apiTokens.id, id));
  return view(found.token, found.email);
}
