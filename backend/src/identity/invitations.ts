import { and, desc, eq, isNull } from "drizzle-orm";
import type { Invitation } from "../../../shared/index";
import type { Db } from "../db/connect";
import { invitations, users } from "../db/schema";
import type { Caller } from "../data/workspaces";
import { normalizeAddressOrThrow } from "../data/normalize";
import { conflict, notFound } from "../data/errors";
import { identityId } from "./identity-ids";

// Invitations by address: the invited person's first verified sign-in (any provider that vouches for the address)
// accepts it and makes them a user with the invited role (see membership.ts).

type InvitationRow = typeof invitations.$inferSelect;

export function invitationView(row: InvitationRow, now = new Date()): Invitation {
  const status = row.acceptedAt
    ? "accepted"
    : row.revokedAt
      ? "revoked"
      : row.expiresAt <= now
        ? "expired"
        : "pending";
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status,
    invitedBy: row.invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
  };
}

export async function createInvitation(
  db: Db,
  caller: Caller,
  input: { email: string; role: "admin" | "member"; expiresInDays: number },
  now = new Date(),
): Promise<InvitationRow> {
  const email = normalizeAddressOrThrow(input.email);
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, caller.workspace.id), eq(users.email, email)));
  if (member) throw conflict("user_exists", `${email} is already a member of this workspace.`);
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    // Inviting the same address again replaces the open invitation (new role, new expiry).
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.workspaceId, caller.workspace.id),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        id: identityId("inv"),
        workspaceId: caller.workspace.id,
        email,
        role: input.role,
        invitedBy: caller.user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      })
      .returning();
    return row;
  });
}

export async function listInvitations(db: Db, caller: Caller): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(eq(invitations.workspaceId, caller.workspace.id))
    .orderBy(desc(invitations.createdAt))
    .limit(500);
}

export async function revokeInvitation(db: Db, caller: Caller, id: string, now = new Date()): Promise<void> {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.workspaceId, caller.workspace.id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  if (!row) throw notFound("That open invitation");
}
