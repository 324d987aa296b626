import { eq, sql } from "drizzle-orm";
import type { MailMessage } from "../../../shared/index";
import { fromJson, queryRows, type Db } from "../db/connect";
import { emailSyncs, workspaces } from "../db/schema";
import { callerIndex, workspaceIndex } from "./customer-index";
import { removeSyncs } from "./email-delete";
import type { Caller } from "./workspaces";

// `POST /exclusions` with `purge`: stored emails the new rules reject go. Only candidates that name the new entry
// (GIN index on participants) are read, and each is classified again with the new rules, once per user who synced
// it, exactly as a sync would now be: a user's sync goes only when, as that user sees it, the email is
// `excluded` (the viewer's own address is never excluded). An email left with no syncer is deleted.

interface Candidate {
  id: string;
  from_header: string;
  to_header: string;
  cc_header: string;
  participants: string[] | string;
  syncers: { userId: string; email: string }[] | string | null;
}

const list = <T>(v: T[] | string | null): T[] => fromJson(v) ?? [];

/** The stored email as the classifier reads it; Bcc is not stored, its addresses are in `participants`. */
function messageOf(c: Candidate): MailMessage {
  const addresses = list(c.participants).filter((p) => !p.startsWith("@"));
  return { from: c.from_header, to: c.to_header, cc: c.cc_header, bcc: addresses.join(", ") };
}

/**
 * Removes what the rules now reject among the stored emails naming `key` (an address, or `@domain`). A user's
 * exclusion looks at that user's syncs with their own rules; a workspace's at everybody's with the workspace's.
 * Returns the syncs removed (user scope) or the emails deleted (workspace scope).
 */
export async function purgeExcluded(
  db: Db,
  caller: Caller,
  key: string,
  scope: "user" | "workspace",
): Promise<number> {
  // The exclusion was committed after the caller's workspace row was read: classify with the current version.
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, caller.workspace.id));
  const current: Caller = { user: caller.user, workspace };
  const mine = scope === "user";
  const candidates = await queryRows<Candidate>(
    db,
    sql`select e.id, e.from_header, e.to_header, e.cc_header, e.participants,
               (select json_agg(json_build_object('userId', s.user_id, 'email', u.email))
                  from ${emailSyncs} s join users u on u.id = s.user_id
                 where s.email_id = e.id ${mine ? sql`and s.user_id = ${caller.user.id}` : sql``}) as syncers
        from emails e
        where e.workspace_id = ${workspace.id} and e.participants ? ${key}
          ${mine ? sql`and exists (select 1 from ${emailSyncs} s where s.email_id = e.id and s.user_id = ${caller.user.id})` : sql``}`,
  );
  const index = mine ? (await callerIndex(db, current)).index : (await workspaceIndex(db, current)).index;
  const byUser = new Map<string | null, string[]>();
  const remove = (userId: string | null, emailId: string) => {
    const ids = byUser.get(userId) ?? [];
    ids.push(emailId);
    byUser.set(userId, ids);
  };
  for (const c of candidates) {
    const message = messageOf(c);
    const syncers = list(c.syncers);
    // An email nobody synced any more (its users were removed) is judged with no viewer at all.
    if (syncers.length === 0) {
      if (index.classify(message, { addresses: [] }).reason === "excluded") remove(null, c.id);
      continue;
    }
    for (const s of syncers) {
      if (index.classify(message, { addresses: [s.email] }).reason === "excluded") remove(s.userId, c.id);
    }
  }
  let purged = 0;
  for (const [userId, ids] of byUser) {
    const removed = await removeSyncs(db, workspace.id, ids, userId);
    purged += mine ? removed.syncs : removed.emails;
  }
  return purged;
}
