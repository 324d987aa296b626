import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Exclusion, ExclusionCreated } from "../../../shared/index";
import type { Db } from "../db/connect";
import { exclusions } from "../db/schema";
import { forbidden, notFound } from "../http/http-error";
import { addTombstones } from "./customer-index";
import { emailsMatching, removeSyncs } from "./email-delete";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import { normalizeAddressOrThrow, normalizeDomainOrThrow } from "./normalize";
import type { Caller } from "./workspaces";

type ExclusionRow = typeof exclusions.$inferSelect;

function view(row: ExclusionRow): Exclusion {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    scope: row.userId ? "user" : "workspace",
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
  };
}

const visibleTo = (caller: Caller) =>
  and(
    eq(exclusions.workspaceId, caller.workspace.id),
    or(isNull(exclusions.userId), eq(exclusions.userId, caller.user.id)),
  );

export async function listExclusions(db: Db, caller: Caller): Promise<Exclusion[]> {
  const rows = await db.select().from(exclusions).where(visibleTo(caller)).orderBy(asc(exclusions.createdAt));
  return rows.map(view);
}

/**
 * Adds an exclusion (members: their own; admins: also the workspace's). Adding one that exists returns it.
 * With `purge`, stored emails the exclusion now rejects go: a workspace exclusion deletes them, a personal one
 * removes the caller's syncs of them (deleting those nobody else synced).
 */
export async function createExclusion(
  db: Db,
  caller: Caller,
  input: { kind: "address" | "domain"; value: string; scope: "user" | "workspace"; purge: boolean },
): Promise<{ exclusion: ExclusionCreated; created: boolean }> {
  if (input.scope === "workspace" && caller.user.role !== "admin") {
    throw forbidden("Only a workspace admin can add an exclusion for the whole workspace.");
  }
  const value =
    input.kind === "address" ? normalizeAddressOrThrow(input.value) : normalizeDomainOrThrow(input.value);
  const userId = input.scope === "user" ? caller.user.id : null;
  const { row, created } = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const seq = await bumpIndexSeq(tx, caller.workspace.id);
    const inserted = await tx
      .insert(exclusions)
      .values({ id: newId("exc"), workspaceId: caller.workspace.id, userId, kind: input.kind, value, seq })
      .onConflictDoNothing()
      .returning();
    if (inserted[0]) return { row: inserted[0], created: true };
    const [existing] = await tx
      .select()
      .from(exclusions)
      .where(
        and(
          eq(exclusions.workspaceId, caller.workspace.id),
          sql`coalesce(${exclusions.userId}, '') = ${userId ?? ""}`,
          eq(exclusions.kind, input.kind),
          eq(exclusions.value, value),
        ),
      );
    return { row: existing, created: false };
  });
  let purged = 0;
  if (input.purge) {
    const key = input.kind === "address" ? value : `@${value}`;
    const ids = await emailsMatching(db, caller.workspace.id, key, userId);
    const removed = await removeSyncs(db, caller.workspace.id, ids, userId);
    purged = userId ? removed.syncs : removed.emails;
  }
  return { exclusion: { ...view(row), purged }, created };
}

export async function deleteExclusion(db: Db, caller: Caller, id: string): Promise<void> {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .select()
      .from(exclusions)
      .where(and(eq(exclusions.id, id), visibleTo(caller)));
    if (!row) throw notFound("That exclusion");
    if (row.userId === null && caller.user.role !== "admin") {
      throw forbidden("Only a workspace admin can remove a workspace exclusion.");
    }
    const seq = await bumpIndexSeq(tx, caller.workspace.id);
    await tx.delete(exclusions).where(eq(exclusions.id, id));
    await addTombstones(tx, caller.workspace.id, seq, "exclusion", [id], row.userId);
  });
}
