import { and, eq, sql } from "drizzle-orm";
import { fromJson, queryRows, type Db } from "../db/connect";
import { analyzeAfterWrite, yieldToEventLoop } from "../db/maintenance";
import { contacts, emailCustomers, emails, emailSyncs } from "../db/schema";
import { forbiddenTo, notFound } from "./errors";
import { refreshThreads } from "./signals-upkeep";
import { vacuumAfterDelete } from "./vacuum";
import type { Caller } from "./workspaces";

// Deleting really deletes: the email row and its bodies go (links and syncs cascade), and the contacts' lastTouchAt
// that pointed at it is recomputed from what is left (a customer's is read off its history anyway).
//
// Big deletes (a member's "remove everything I synced", a purge) run as many short transactions of CHUNK emails,
// oldest first, each leaving the database consistent, so the embedded database's single connection is never held
// for long and a crash half way loses nothing. Oldest first also makes the lastTouchAt upkeep linear: a contact's
// lastTouchAt can only change in the chunk holding its newest deleted email, so each chunk recomputes only the
// contacts it names whose lastTouchAt is not newer than everything it deleted, and each such recomputation reads
// just that contact's emails (GIN index on participants).

const CHUNK = 500;

/** The given ids that exist in the workspace, oldest first. */
async function oldestFirst(db: Db, workspaceId: string, emailIds: string[]): Promise<string[]> {
  if (emailIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select e.id from ${emails} e
        where e.workspace_id = ${workspaceId} and e.id = any(${sql.param(emailIds)}::text[])
        order by e.sent_at, e.id`,
  );
  return rows.map((r) => r.id);
}

interface Deleted {
  thread_key: string;
  sent_at: Date | string;
  participants: string[] | string;
}

/** Recomputes lastTouchAt of the contacts the deleted emails named, where one of them may have been the newest. */
async function recomputeLastTouch(tx: Db, workspaceId: string, deleted: Deleted[]): Promise<void> {
  if (deleted.length === 0) return;
  const addresses = new Set<string>();
  let newest = 0;
  for (const d of deleted) {
    newest = Math.max(newest, new Date(d.sent_at).getTime());
    for (const p of fromJson(d.participants) ?? []) if (!p.startsWith("@")) addresses.add(p);
  }
  if (addresses.size === 0) return;
  await tx.execute(sql`
    update ${contacts} ct set last_touch_at =
      (select max(e.sent_at) from ${emails} e
        join ${emailCustomers} ec on ec.email_id = e.id and ec.customer_id = ct.customer_id
        where e.workspace_id = ct.workspace_id and e.participants ? ct.address)
    where ct.workspace_id = ${workspaceId} and ct.address = any(${sql.param([...addresses])}::text[])
      and ct.last_touch_at <= ${new Date(newest).toISOString()}::timestamptz`);
}

/**
 * Removes the given user's syncs of `emailIds` (all syncs when `userId` is null) and deletes every email left
 * with no syncer. Returns how many syncs were removed and how many emails were deleted.
 */
export async function removeSyncs(
  db: Db,
  workspaceId: string,
  emailIds: string[],
  userId: string | null,
): Promise<{ syncs: number; emails: number }> {
  const ordered = await oldestFirst(db, workspaceId, emailIds);
  let syncs = 0;
  let deleted = 0;
  for (let i = 0; i < ordered.length; i += CHUNK) {
    // Between two short transactions, let waiting requests in (PGlite would otherwise run the loop to its end).
    if (i > 0) await yieldToEventLoop();
    const chunk = sql.param(ordered.slice(i, i + CHUNK));
    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      let gone: Deleted[];
      if (userId !== null) {
        const removed = await queryRows<{ id: string }>(
          tx,
          sql`delete from ${emailSyncs} where email_id = any(${chunk}::text[]) and user_id = ${userId} returning email_id as id`,
        );
        syncs += removed.length;
        gone = await queryRows<Deleted>(
          tx,
          sql`delete from ${emails} e
              where e.id = any(${chunk}::text[]) and e.workspace_id = ${workspaceId}
                and not exists (select 1 from ${emailSyncs} s where s.email_id = e.id)
              returning e.thread_key, e.sent_at, e.participants`,
        );
      } else {
        gone = await queryRows<Deleted>(
          tx,
          sql`delete from ${emails} e where e.id = any(${chunk}::text[]) and e.workspace_id = ${workspaceId}
              returning e.thread_key, e.sent_at, e.participants`,
        );
        syncs += gone.length;
      }
      deleted += gone.length;
      await recomputeLastTouch(tx, workspaceId, gone);
      await refreshThreads(
        tx,
        workspaceId,
        gone.map((g) => g.thread_key),
      );
    });
  }
  await vacuumAfterDelete(db, deleted);
  await analyzeAfterWrite(db, { emails: deleted, email_customers: deleted, email_syncs: syncs });
  return { syncs, emails: deleted };
}

/** `DELETE /emails/:id`: the caller's sync goes; an admin deletes the email outright. */
export async function deleteEmail(db: Db, caller: Caller, id: string): Promise<void> {
  const [row] = await db
    .select({
      id: emails.id,
      mine: sql<boolean>`exists(select 1 from ${emailSyncs} s where s.email_id = ${emails.id} and s.user_id = ${caller.user.id})`,
    })
    .from(emails)
    .where(and(eq(emails.id, id), eq(emails.workspaceId, caller.workspace.id)));
  if (!row) throw notFound("That email");
  if (caller.user.role === "admin") {
    await removeSyncs(db, caller.workspace.id, [id], null);
    return;
  }
  if (!row.mine) {
    throw forbiddenTo("not_synced_by_you", "You can only remove emails that you synced yourself.");
  }
  await removeSyncs(db, caller.workspace.id, [id], caller.user.id);
}

/** `DELETE /me/emails`: everything the caller synced; returns how many of their syncs were removed. */
export async function deleteMyEmails(db: Db, caller: Caller): Promise<number> {
  const rows = await db
    .select({ id: emailSyncs.emailId })
    .from(emailSyncs)
    .where(eq(emailSyncs.userId, caller.user.id));
  const { syncs } = await removeSyncs(
    db,
    caller.workspace.id,
    rows.map((r) => r.id),
    caller.user.id,
  );
  return syncs;
}
