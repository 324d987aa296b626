import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/connect";
import { contacts, emailCustomers, emails, emailSyncs } from "../db/schema";
import { HttpError, notFound } from "../http/http-error";
import type { Caller } from "./workspaces";

// Deleting really deletes: the email row and its bodies go (links and syncs cascade), and the contacts' lastTouchAt
// that pointed at it is recomputed from what is left (a customer's is read off its history anyway).

interface Affected {
  addresses: string[];
}

async function affectedBy(db: Db, emailIds: string[]): Promise<Affected> {
  if (emailIds.length === 0) return { addresses: [] };
  const rows = await queryRows<{ participants: string[] }>(
    db,
    sql`select e.participants from ${emails} e where e.id in ${emailIds}`,
  );
  const addresses = new Set<string>();
  for (const r of rows) for (const p of r.participants ?? []) if (!p.startsWith("@")) addresses.add(p);
  return { addresses: [...addresses] };
}

async function recomputeLastTouch(db: Db, workspaceId: string, affected: Affected): Promise<void> {
  if (affected.addresses.length > 0) {
    await db.execute(sql`
      update ${contacts} ct set last_touch_at =
        (select max(e.sent_at) from ${emails} e
          where e.workspace_id = ct.workspace_id and e.participants ? ct.address
            and exists (select 1 from ${emailCustomers} ec where ec.email_id = e.id and ec.customer_id = ct.customer_id))
      where ct.workspace_id = ${workspaceId} and ct.address in ${affected.addresses}`);
  }
}

/**
 * Removes the given users' syncs of `emailIds` (all syncs when `userId` is null) and deletes every email left
 * with no syncer. Returns how many syncs were removed and how many emails were deleted.
 */
export async function removeSyncs(
  db: Db,
  workspaceId: string,
  emailIds: string[],
  userId: string | null,
): Promise<{ syncs: number; emails: number }> {
  let syncs = 0;
  let deleted = 0;
  for (let i = 0; i < emailIds.length; i += 500) {
    const chunk = emailIds.slice(i, i + 500);
    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const affected = await affectedBy(tx, chunk);
      if (userId !== null) {
        const removed = await tx
          .delete(emailSyncs)
          .where(and(inArray(emailSyncs.emailId, chunk), eq(emailSyncs.userId, userId)))
          .returning({ id: emailSyncs.emailId });
        syncs += removed.length;
        const gone = await tx
          .delete(emails)
          .where(
            and(
              inArray(emails.id, chunk),
              eq(emails.workspaceId, workspaceId),
              sql`not exists (select 1 from ${emailSyncs} s where s.email_id = ${emails.id})`,
            ),
          )
          .returning({ id: emails.id });
        deleted += gone.length;
      } else {
        const gone = await tx
          .delete(emails)
          .where(and(inArray(emails.id, chunk), eq(emails.workspaceId, workspaceId)))
          .returning({ id: emails.id });
        deleted += gone.length;
        syncs += gone.length;
      }
      await recomputeLastTouch(tx, workspaceId, affected);
    });
  }
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
    throw new HttpError(403, "not_synced_by_you", "You can only remove emails that you synced yourself.");
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

/** Stored emails with a participant matching an exclusion value (an address, or `@domain` for a domain). */
export async function emailsMatching(
  db: Db,
  workspaceId: string,
  key: string,
  syncedBy: string | null,
): Promise<string[]> {
  const bySyncer = syncedBy
    ? sql`and exists (select 1 from ${emailSyncs} s where s.email_id = e.id and s.user_id = ${syncedBy})`
    : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select e.id from ${emails} e where e.workspace_id = ${workspaceId} and e.participants ? ${key} ${bySyncer}`,
  );
  return rows.map((r) => r.id);
}
