import { createHash } from "node:crypto";
import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../db/connect";
import { signInFlows, signInLinks, users, webSessions, workspaces } from "../db/schema";
import type { Caller } from "../data/workspaces";
import { hashToken } from "../data/ids";
import { type DataError, unauthenticated } from "../data/errors";
import { identityId, newSecret } from "./identity-ids";
import { deactivatedError } from "./membership";

// Server-side browser sessions, one-time sign-in links and OIDC requests in flight. The cookie carries a random
// token; the row keeps its SHA-256, so a database leak signs nobody in, and deleting the row revokes the session on
// the next request. The CSRF token is derived from the session token, so it needs no storage and changes with it.

export const SIGN_IN_LINK_MINUTES = 15;
const FLOW_MINUTES = 10;

export interface SessionTimeouts {
  idleMinutes: number;
  maxHours: number;
}

export type SessionRow = typeof webSessions.$inferSelect;

/** The CSRF token of a session: what its pages send back in `X-CSRF-Token`. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash("sha256").update(`touchbase-csrf:${sessionToken}`).digest("base64url");
}

export async function createSession(
  db: Db,
  userId: string,
  via: string,
  userAgent: string | undefined,
  timeouts: SessionTimeouts,
  now = new Date(),
): Promise<{ token: string; row: SessionRow }> {
  await db.delete(webSessions).where(lt(webSessions.expiresAt, now));
  const token = newSecret("tbs");
  const [row] = await db
    .insert(webSessions)
    .values({
      id: identityId("ses"),
      tokenHash: hashToken(token),
      userId,
      via,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + timeouts.maxHours * 3_600_000),
    })
    .returning();
  return { token, row };
}

export function sessionEnded(): DataError {
  return unauthenticated("session_expired", "Your Touchbase session has ended. Sign in again.");
}

/** The caller behind a session cookie; 401 when it is unknown, revoked or timed out, 403 when deactivated. */
export async function sessionCaller(
  db: Db,
  token: string,
  timeouts: SessionTimeouts,
  now = new Date(),
): Promise<{ caller: Caller; session: SessionRow }> {
  if (token.length > 200) throw sessionEnded();
  const [found] = await db
    .select({ session: webSessions, user: users, workspace: workspaces })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(webSessions.tokenHash, hashToken(token)))
    .limit(1);
  if (!found) throw sessionEnded();
  const idleUntil = found.session.lastSeenAt.getTime() + timeouts.idleMinutes * 60_000;
  if (found.session.expiresAt <= now || idleUntil <= now.getTime()) {
    await db.delete(webSessions).where(eq(webSessions.id, found.session.id));
    throw sessionEnded();
  }
  if (found.user.deactivatedAt) throw deactivatedError();
  // The idle clock moves at most once a minute: one small write per active minute, not per request.
  if (now.getTime() - found.session.lastSeenAt.getTime() > 60_000) {
    await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.id, found.session.id));
  }
  return { caller: { user: found.user, workspace: found.workspace }, session: found.session };
}

export async function deleteSession(db: Db, token: string): Promise<number> {
  const rows = await db
    .delete(webSessions)
    .where(eq(webSessions.tokenHash, hashToken(token)))
    .returning({ id: webSessions.id });
  return rows.length;
}

/** Sign out everywhere: every browser session of the user, and any sign-in link not used yet. */
export async function deleteAllSessions(db: Db, userId: string): Promise<number> {
  const rows = await db
    .delete(webSessions)
    .where(eq(webSessions.userId, userId))
    .returning({ id: webSessions.id });
  await db.delete(signInLinks).where(and(eq(signInLinks.userId, userId), isNull(signInLinks.usedAt)));
  return rows.length;
}

// ---- one-time sign-in links -----------------------------------------------------------------------------

/** A link token for the user: single use, valid 15 minutes, stored hashed. */
export async function mintSignInLink(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  await db.delete(signInLinks).where(or(lt(signInLinks.expiresAt, now), lt(signInLinks.usedAt, now)));
  const token = newSecret("tbl");
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  await db.insert(signInLinks).values({
    id: identityId("lnk"),
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Uses a link up (atomically: two clicks at once sign in once); returns its user id, or 401. */
export async function consumeSignInLink(db: Db, token: string, now = new Date()): Promise<string> {
  const [row] =
    token.length <= 200
      ? await db
          .update(signInLinks)
          .set({ usedAt: now })
          .where(
            and(
              eq(signInLinks.tokenHash, hashToken(token)),
              isNull(signInLinks.usedAt),
              gt(signInLinks.expiresAt, now),
            ),
          )
          .returning({ userId: signInLinks.userId })
      : [];
  if (!row) {
    throw unauthenticated(
      "link_used_or_expired",
      "This sign-in link has already been used or has expired. Ask for a new one (touchbase sign-in-link <email>).",
    );
  }
  return row.userId;
}

/** Whether a link token is still usable, without using it (for the confirmation page). */
export async function signInLinkUser(db: Db, token: string, now = new Date()) {
  if (token.length > 200) return null;
  const [row] = await db
    .select({ email: users.email, name: users.name, workspace: workspaces.name })
    .from(signInLinks)
    .innerJoin(users, eq(users.id, signInLinks.userId))
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(
      and(
        eq(signInLinks.tokenHash, hashToken(token)),
        isNull(signInLinks.usedAt),
        gt(signInLinks.expiresAt, now),
      ),
    );
  return row ?? null;
}

// ---- OIDC requests in flight ----------------------------------------------------------------------------

export async function saveFlow(
  db: Db,
  flow: { state: string; codeVerifier: string; nonce: string; returnTo: string },
  now = new Date(),
): Promise<void> {
  await db.delete(signInFlows).where(lt(signInFlows.expiresAt, now));
  await db.insert(signInFlows).values({
    id: identityId("flw"),
    stateHash: hashToken(flow.state),
    codeVerifier: flow.codeVerifier,
    nonce: flow.nonce,
    returnTo: flow.returnTo,
    createdAt: now,
    expiresAt: new Date(now.getTime() + FLOW_MINUTES * 60_000),
  });
}

/** Takes the flow a callback's `state` names (once); null when unknown, used or older than 10 minutes. */
export async function takeFlow(db: Db, state: string, now = new Date()) {
  if (state.length > 200) return null;
  const [row] = await db
    .delete(signInFlows)
    .where(and(eq(signInFlows.stateHash, hashToken(state)), gt(signInFlows.expiresAt, now)))
    .returning();
  return row ?? null;
}
