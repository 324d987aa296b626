import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Exclusion, ExclusionCreated } from "../../../shared/index";
import type { Db } from "../db/connect";
import { exclusions } from "../db/schema";
import { forbidden, invalid, notFound } from "./errors";
import { addTombstones } from "./customer-index";
import { purgeExcluded } from "./purge";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import { normalizeAddressOrThrow, normalizeDomainOrThrow } from "./normalize";
import type { Caller } from "./workspaces";
import { anyText, decodeCursor, encodeCursor, epochMicros } from "./keyset-cursor";

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

const createdMicros = sql<string>`(extract(epoch from ${exclusions.createdAt}) * 1000000)::bigint::text`;

/**
 * The exclusions the caller sees, oldest first, keyset-paged on (created_at, id): one range scan of
 * `exclusions_workspace_created` per page, in that index's order (no sort, however many the workspace has).
 */
export function exclusionPageQuery(db: Db, caller: Caller, options: { cursor?: string; limit: number }) {
  const conditions = [visibleTo(caller)];
  if (options.cursor) {
    const [micros, id] = decodeCursor(options.cursor, [epochMicros, anyText]);
    conditions.push(
      sql`(${exclusions.createdAt}, ${exclusions.id}) > (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id})`,
    );
  }
  return db
    .select({ row: exclusions, micros: createdMicros })
    .from(exclusions)
    .where(and(...conditions))
    .orderBy(asc(exclusions.createdAt), asc(exclusions.id))
    .limit(options.limit + 1);
}

export async function listExclusions(
  db: Db,
  caller: Caller,
  options: { cursor?: string; limit: number } = { limit: 500 },
): Promise<{ exclusions: Exclusion[]; nextCursor: string | null }> {
  const rows = await exclusionPageQuery(db, caller, options);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    exclusions: page.map((r) => view(r.row)),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.micros, last.row.id) : null,
  };
}

/**
 * Exclusions that would reject the workspace's own mail: the caller's address (the classifier never excludes the
 * viewer, so it would do nothing for them and, workspace-wide, hide them from their colleagues) and an internal
 * domain or a parent of one (every colleague's mail).
 */
function refuseSelfExclusion(caller: Caller, kind: "address" | "domain", value: string): void {
  if (kind === "address" && value === caller.user.email) {
    throw invalid(
      "own_address",
      "You cannot exclude your own address: your own mail is what Touchbase syncs. Exclude the other person instead.",
    );
  }
  if (kind === "domain") {
    const internal = caller.workspace.internalDomains.find((d) => d === value || d.endsWith(`.${value}`));
    if (internal) {
      throw invalid(
        "internal_domain",
        `${value} ${internal === value ? "is" : "contains"} this workspace's internal domain ${internal}: ` +
          `excluding it would hide every colleague's mail. Exclude the outside address or domain instead.`,
        { internalDomain: internal },
      );
    }
  }
}

/**
 * Adds an exclusion (members: their own; admins: also the workspace's). Adding one that exists returns it.
 * With `purge`, stored emails the new rules reject go (see purge.ts): a personal exclusion removes the caller's
 * syncs of them, a workspace one every user's sync that the rules now reject; an email left unsynced is deleted.
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
  refuseSelfExclusion(caller, input.kind, value);
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
  const purged = input.purge
    ? await purgeExcluded(db, caller, input.kind === "address" ? value : `@${value}`, input.scope)
    : 0;
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
