import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { identities, invitations, users, workspaceClaims, workspaces } from "../db/schema";
import { DEFAULT_USER_SETTINGS, type Caller, type UserRow } from "../data/workspaces";
import { type DataError, conflict, forbiddenTo, invalid, unauthenticated } from "../data/errors";
import { identityId } from "./identity-ids";
import type { VerifiedIdentity } from "./token-verifier";

// Who a verified identity is in Touchbase, in this order:
//   1. an identity row already links (provider, subject) to a user — the usual case, one indexed lookup;
//   2. a pending invitation for the verified address — accepted now, with the invitation's role;
//   3. a user with the verified address — the same person signing in from another client or provider;
//   4. a workspace that claims the token's Microsoft tenant or Google Workspace domain — its user with that address,
//      or a new member (just-in-time);
//   5. otherwise nobody: 403 with a sentence saying what to ask the admin for.
// The link is written once, so later sign-ins are step 1, and a deactivated user is refused at every step.

const PROVIDER_NAMES: Record<string, string> = { microsoft: "Microsoft", google: "Google" };
const providerName = (p: string) => PROVIDER_NAMES[p] ?? p.replace(/^oidc:/, "");

export function deactivatedError(): DataError {
  return forbiddenTo(
    "deactivated",
    "Your Touchbase account has been deactivated. Ask a workspace admin if you need access again.",
  );
}

async function callerOfUser(db: Db, userId: string): Promise<Caller | null> {
  const rows = await db
    .select({ user: users, workspace: workspaces })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0] ?? null;
}

function activeOrRefuse(caller: Caller | null): Caller {
  if (!caller) throw unauthenticated("invalid_token", "The account behind this sign-in no longer exists.");
  if (caller.user.deactivatedAt) throw deactivatedError();
  return caller;
}

/** The caller behind a verified identity; links, accepts an invitation or joins just in time on first sign-in. */
export async function callerForIdentity(
  db: Db,
  identity: VerifiedIdentity,
  now = new Date(),
): Promise<Caller> {
  const linked = await db
    .select({ user: users, workspace: workspaces })
    .from(identities)
    .innerJoin(users, eq(users.id, identities.userId))
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(identities.provider, identity.provider), eq(identities.subject, identity.subject)))
    .limit(1);
  if (linked[0]) return activeOrRefuse(linked[0]);
  const userId = await firstSignIn(db, identity, now);
  return activeOrRefuse(await callerOfUser(db, userId));
}

async function firstSignIn(db: Db, identity: VerifiedIdentity, now: Date): Promise<string> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const claim = await claimingWorkspace(tx, identity);
    const email = identity.email;
    // A claimed tenant vouches for its own users' addresses, but only inside the workspace that claims it.
    const trusted = (workspaceId: string) => identity.emailVerified || claim === workspaceId;
    let userId: string | null = null;

    if (email) {
      const open = await tx
        .select()
        .from(invitations)
        .where(
          and(
            eq(invitations.email, email),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .orderBy(desc(invitations.createdAt));
      const invitation = open.find((i) => trusted(i.workspaceId));
      if (invitation) {
        userId = await userInWorkspace(tx, invitation.workspaceId, email, identity, invitation.role);
        await tx
          .update(invitations)
          .set({ acceptedAt: now, acceptedUserId: userId })
          .where(eq(invitations.id, invitation.id));
      }
    }
    if (!userId && email) {
      const existing = await tx.select().from(users).where(eq(users.email, email)).orderBy(users.createdAt);
      const same =
        existing.find((u) => u.workspaceId === claim) ?? existing.find((u) => trusted(u.workspaceId));
      if (same) userId = same.id;
    }
    if (!userId && claim) {
      if (!email) {
        throw forbiddenTo(
          "no_email",
          `Your ${providerName(identity.provider)} account has no email address, so Touchbase cannot add you.`,
        );
      }
      userId = await userInWorkspace(tx, claim, email, identity, "member");
    }
    if (!userId) throw notAMember(identity);

    const inserted = await tx
      .insert(identities)
      .values({
        id: identityId("idn"),
        userId,
        provider: identity.provider,
        subject: identity.subject,
        email,
      })
      .onConflictDoNothing()
      .returning({ userId: identities.userId });
    if (inserted[0]) return userId;
    // Another request linked the same account at the same moment: its link wins.
    const [row] = await tx
      .select({ userId: identities.userId })
      .from(identities)
      .where(and(eq(identities.provider, identity.provider), eq(identities.subject, identity.subject)));
    return row.userId;
  });
}

function notAMember(identity: VerifiedIdentity): DataError {
  const who = identity.email ?? "This account";
  const org =
    identity.provider === "microsoft"
      ? "to claim your Microsoft tenant"
      : identity.provider === "google" && identity.organization
        ? `to claim the domain ${identity.organization}`
        : null;
  const verifiedNote =
    identity.email && !identity.emailVerified
      ? ` (${providerName(identity.provider)} does not vouch for the address, so an invitation alone is not enough)`
      : "";
  return forbiddenTo(
    "not_a_member",
    `${who} is not a member of a Touchbase workspace${verifiedNote}. Ask a workspace admin for an invitation` +
      (org ? ` or ${org}.` : "."),
  );
}

async function claimingWorkspace(db: Db, identity: VerifiedIdentity): Promise<string | null> {
  const kind =
    identity.provider === "microsoft"
      ? "microsoft-tenant"
      : identity.provider === "google"
        ? "google-domain"
        : null;
  if (!kind || !identity.organization) return null;
  const [row] = await db
    .select({ workspaceId: workspaceClaims.workspaceId })
    .from(workspaceClaims)
    .where(and(eq(workspaceClaims.kind, kind), eq(workspaceClaims.value, identity.organization)));
  return row?.workspaceId ?? null;
}

/** The workspace's user with this address, or a new one with the given role. */
async function userInWorkspace(
  db: Db,
  workspaceId: string,
  email: string,
  identity: VerifiedIdentity,
  role: "admin" | "member",
): Promise<string> {
  const [created] = await db
    .insert(users)
    .values({
      id: identityId("usr"),
      workspaceId,
      email,
      name: identity.name?.trim() || email.slice(0, email.indexOf("@")),
      role,
      settings: DEFAULT_USER_SETTINGS,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (created) return created.id;
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.email, email)));
  return existing.id;
}

// ---- claims ---------------------------------------------------------------------------------------------

export interface ClaimsPatch {
  microsoftTenantIds?: string[];
  googleDomains?: string[];
}

export async function workspaceClaimsOf(db: Db, workspaceId: string) {
  const rows = await db
    .select({ kind: workspaceClaims.kind, value: workspaceClaims.value })
    .from(workspaceClaims)
    .where(eq(workspaceClaims.workspaceId, workspaceId))
    .orderBy(workspaceClaims.value);
  return {
    microsoftTenantIds: rows.filter((r) => r.kind === "microsoft-tenant").map((r) => r.value),
    googleDomains: rows.filter((r) => r.kind === "google-domain").map((r) => r.value),
  };
}

/** Replaces the given lists; a tenant or domain another workspace already claims is a 409 naming it. */
export async function setWorkspaceClaims(db: Db, workspaceId: string, patch: ClaimsPatch): Promise<void> {
  const lists = [
    ["microsoft-tenant", patch.microsoftTenantIds?.map((v) => v.toLowerCase())],
    ["google-domain", patch.googleDomains?.map(googleDomain)],
  ] as const;
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    for (const [kind, values] of lists) {
      if (!values) continue;
      const unique = [...new Set(values)];
      if (unique.length > 0) {
        const taken = await tx
          .select({ value: workspaceClaims.value })
          .from(workspaceClaims)
          .where(
            and(
              eq(workspaceClaims.kind, kind),
              inArray(workspaceClaims.value, unique),
              sql`${workspaceClaims.workspaceId} <> ${workspaceId}`,
            ),
          );
        if (taken[0]) {
          throw conflict(
            "already_claimed",
            `${taken[0].value} is already claimed by another Touchbase workspace.`,
          );
        }
      }
      await tx
        .delete(workspaceClaims)
        .where(and(eq(workspaceClaims.workspaceId, workspaceId), eq(workspaceClaims.kind, kind)));
      if (unique.length > 0) {
        await tx.insert(workspaceClaims).values(unique.map((value) => ({ kind, value, workspaceId })));
      }
    }
  });
}

function googleDomain(value: string): string {
  const v = value.trim().toLowerCase().replace(/^@/, "");
  if (!/^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(v)) {
    throw invalid("invalid_domain", `"${value.slice(0, 100)}" is not a Google Workspace domain.`);
  }
  if (v === "gmail.com" || v === "googlemail.com") {
    throw invalid("invalid_domain", `${v} is Google's consumer mail domain; no workspace can claim it.`);
  }
  return v;
}

export type { UserRow };
