import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Member, MemberPatch } from "../../../shared/index";
import type { Db } from "../db/connect";
import { users } from "../db/schema";
import { conflict, forbidden, missing, notFound } from "./errors";
import type { Caller, UserRow } from "./workspaces";

// The workspace's members: who they are, their role, and whether an admin deactivated them. A deactivated member
// is kept (their syncs and history stay) and refused on every request until reactivated.

export function memberView(row: UserRow): Member {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}

export async function listMembers(db: Db, caller: Caller): Promise<Member[]> {
  const rows = await db
    .select()
    .from(users)
    .where(eq(users.workspaceId, caller.workspace.id))
    .orderBy(asc(users.createdAt), asc(users.id));
  return rows.map(memberView);
}

const activeAdmin = (u: { role: string; deactivatedAt: Date | null }) =>
  u.role === "admin" && !u.deactivatedAt;

/**
 * Changes a member's name, role or activation (admins only). The workspace keeps at least one active admin: the
 * active admins' rows are locked first, so two admins demoting each other at once cannot both succeed.
 */
export async function updateMember(db: Db, caller: Caller, id: string, patch: MemberPatch): Promise<Member> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [target] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, id), eq(users.workspaceId, caller.workspace.id)));
    // Another workspace's id is a 404 for everyone; only then does the role matter.
    if (!target) throw notFound("That user");
    if (caller.user.role !== "admin") throw forbidden("Only a workspace admin can change a member.");
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(eq(users.workspaceId, caller.workspace.id), eq(users.role, "admin"), isNull(users.deactivatedAt)),
      )
      .orderBy(asc(users.id))
      .for("update");
    const after = {
      role: patch.role ?? target.role,
      deactivatedAt:
        patch.deactivated === undefined
          ? target.deactivatedAt
          : patch.deactivated
            ? (target.deactivatedAt ?? new Date())
            : null,
    };
    if (activeAdmin(target) && !activeAdmin(after) && admins.length <= 1) {
      throw conflict(
        "last_admin",
        `${target.email} is the workspace's only active admin: make another member an admin first.`,
      );
    }
    const [row] = await tx
      .update(users)
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        role: after.role,
        deactivatedAt: after.deactivatedAt,
      })
      .where(eq(users.id, id))
      .returning();
    return memberView(row);
  });
}

/** A member by id or address (the CLI names people by address). */
export async function findMember(db: Db, caller: Caller, idOrEmail: string): Promise<UserRow> {
  const key = idOrEmail.trim();
  const [row] = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.workspaceId, caller.workspace.id),
        sql`(${users.id} = ${key} or ${users.email} = lower(${key}))`,
      ),
    )
    .limit(1);
  if (!row) throw missing("not_found", `${key} is not a user of the workspace "${caller.workspace.name}".`);
  return row;
}
