import { and, eq, sql, type SQL } from "drizzle-orm";
import { emailAccess, visibleEmailFields, type EmailAccess, type EmailPrivacy } from "../../../shared/index";
import { fromJson, queryRows, type Db } from "../db/connect";
import { emails, emailSyncs, privateThreads } from "../db/schema";
import { forbiddenTo, notFound } from "./errors";
import type { Caller } from "./workspaces";

// Who sees what (issue 12), the server's one gate. Every read of an email's fields — history, lookup, email detail,
// conversations, the profile's threads and thread emails, awaiting-reply signals — selects `visibilityColumns`
// next to the email and passes each item through `shownTo` before it is answered: fields the caller may not see
// are removed from the object (absent from the JSON, never blanked). The rule itself is the core's (`emailAccess`,
// `visibleEmailFields` in shared/visibility); the tier is read off the caller's workspace row at every request, so
// changing it applies at once. Counts, Last Touch and per-week figures read no field of an email and stay whole.

/** The three facts the rule needs about one email, as `visibilityColumns` selects them. */
export interface VisibilityRow {
  vis_private: boolean | null;
  vis_mine: boolean | null;
  vis_syncers: string[] | string | null;
}

/**
 * The columns to select beside an email aliased `alias`: its thread's privacy, whether the caller synced it, and
 * (only on a private thread) its syncers' names. No ORDER BY inside: a sort node per row would show in every list's
 * plan (backend/test/list-plans.test.ts); the names are sorted here instead.
 */
export function visibilityColumns(viewerId: string, alias = "e"): SQL {
  const e = sql.raw(alias);
  const isPrivate = threadIsPrivate(alias);
  return sql`${isPrivate} as vis_private,
    ${syncedBy(viewerId, alias)} as vis_mine,
    case when ${isPrivate} then (select json_agg(vu.name) from ${emailSyncs} vs
      join users vu on vu.id = vs.user_id where vs.email_id = ${e}.id) end as vis_syncers`;
}

function threadIsPrivate(alias: string): SQL {
  const e = sql.raw(alias);
  return sql`exists (select 1 from ${privateThreads} p
      where p.workspace_id = ${e}.workspace_id and p.thread_key = ${e}.thread_key)`;
}

function syncedBy(viewerId: string, alias: string): SQL {
  const e = sql.raw(alias);
  return sql`exists (select 1 from ${emailSyncs} vs where vs.email_id = ${e}.id and vs.user_id = ${viewerId})`;
}

/** A condition: the email is not a colleague's private one (for filters on fields a private email hides). */
export function notPrivateToViewer(viewerId: string, alias = "e"): SQL {
  return sql`(not ${threadIsPrivate(alias)} or ${syncedBy(viewerId, alias)})`;
}

/** What the caller sees of the email a row describes. */
export function accessOf(caller: Caller, row: VisibilityRow): EmailAccess {
  return emailAccess({
    tier: caller.workspace.visibility ?? "full",
    isPrivate: Boolean(row.vis_private),
    callerSynced: Boolean(row.vis_mine),
  });
}

const names = (v: VisibilityRow["vis_syncers"]): string[] =>
  (fromJson(v) ?? []).sort((a, b) => a.localeCompare(b));

/**
 * The item as the caller may see it: the fields their access allows, plus what a surface needs to draw the lock
 * and the toggle (`access`, `private`, `syncedByMe`, and on a private thread `privateSyncedBy`).
 */
export function shownTo<T extends object>(caller: Caller, row: VisibilityRow, item: T) {
  const access = accessOf(caller, row);
  const isPrivate = Boolean(row.vis_private);
  return {
    ...visibleEmailFields(item, access),
    access,
    private: isPrivate,
    syncedByMe: Boolean(row.vis_mine),
    ...(isPrivate ? { privateSyncedBy: names(row.vis_syncers) } : {}),
  };
}

/**
 * `PATCH /emails/{id}`: a syncer of the email makes its thread private or shares it again. Anyone else — admins
 * included — gets a 403 with a sentence: privacy belongs to the people whose mailbox it came from.
 */
export async function setEmailPrivate(
  db: Db,
  caller: Caller,
  emailId: string,
  isPrivate: boolean,
): Promise<EmailPrivacy> {
  const [row] = await queryRows<{ thread_key: string; mine: boolean }>(
    db,
    sql`select e.thread_key, exists (select 1 from ${emailSyncs} s
          where s.email_id = e.id and s.user_id = ${caller.user.id}) as mine
        from ${emails} e where e.id = ${emailId} and e.workspace_id = ${caller.workspace.id}`,
  );
  if (!row) throw notFound("That email");
  if (!row.mine) {
    throw forbiddenTo(
      "not_your_email",
      "Only a teammate who synced this email can make its thread private or share it.",
    );
  }
  const where = and(
    eq(privateThreads.workspaceId, caller.workspace.id),
    eq(privateThreads.threadKey, row.thread_key),
  );
  if (isPrivate) {
    await db
      .insert(privateThreads)
      .values({ workspaceId: caller.workspace.id, threadKey: row.thread_key, markedBy: caller.user.id })
      .onConflictDoNothing();
  } else {
    await db.delete(privateThreads).where(where);
  }
  return { id: emailId, threadKey: row.thread_key, private: isPrivate };
}

/**
 * "New syncs private by default": the threads that emails just stored by this user started (no other email of
 * the workspace is in them, nobody else synced them) become private. A thread colleagues already share stays as
 * it was.
 */
export async function markNewThreadsPrivate(db: Db, caller: Caller, emailIds: string[]): Promise<void> {
  if (emailIds.length === 0) return;
  await db.execute(
    sql`insert into ${privateThreads} (workspace_id, thread_key, marked_by)
        select distinct e.workspace_id, e.thread_key, ${caller.user.id}::text from ${emails} e
        where e.id in ${emailIds} and e.workspace_id = ${caller.workspace.id}
          and not exists (select 1 from ${emailSyncs} s where s.email_id = e.id and s.user_id <> ${caller.user.id})
          and not exists (select 1 from ${emails} o where o.workspace_id = e.workspace_id
                          and o.thread_key = e.thread_key and o.id not in ${emailIds})
        order by e.thread_key
        on conflict do nothing`,
  );
}
