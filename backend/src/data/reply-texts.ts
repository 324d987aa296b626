import { sql } from "drizzle-orm";
import { column, queryRows, type Db } from "../db/connect";
import { emails } from "../db/schema";
import { replyPool } from "../reply/reply-pool";
import { snippetOf } from "./email-row";
import { withoutNul } from "./email-values";
import type { Accepted } from "./ingest-items";
import { refreshThreadsOfEmails } from "./signals-upkeep";
import { normalizeAddress, noiseOf, parseAddressList } from "../../../shared/index";

// Reply text at ingest, and the backfill of emails stored before it existed. Every snippet is the reply text's
// start, so history, lookup and the Gmail card show what the sender wrote, not the quoted history; an email with
// nothing new (a bare forward, an all-quoted reply) keeps its body's start.

function snippetFor(reply: string, text: string | null | undefined, html: string | null | undefined): string {
  return reply ? snippetOf(reply, undefined) : snippetOf(text ?? undefined, html ?? undefined);
}

const bodyOf = (item: unknown) => {
  const { text, html } = (item ?? {}) as { text?: unknown; html?: unknown };
  return { text: typeof text === "string" ? text : null, html: typeof html === "string" ? html : null };
};

/**
 * Starts extracting the reply texts of a batch's items in the reply worker, before they are validated and
 * classified, so the worker works while this thread does; returns the step that fills each accepted row's reply
 * text and snippet (the rows are inserted with them: storing reply text costs no statement of its own).
 */
export function startReplyTexts(items: readonly unknown[]): (accepted: Accepted[]) => Promise<void> {
  const pending = replyPool.extract(items.map(bodyOf));
  return async (accepted) => {
    const extracted = await pending;
    for (const a of accepted) {
      // Read before validation dropped NUL characters from the bodies: dropped here too.
      const reply = withoutNul(extracted[a.position].reply);
      a.row.replyText = reply;
      a.row.snippet = snippetFor(reply, a.input.text, a.input.html);
    }
  };
}

const BACKFILL_CHUNK = 200;

interface Pending {
  id: string;
  workspace_id: string;
  from_header: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
}

/**
 * Computes reply text, snippet and sender of every email stored before migration 0050, then rebuilds the signal
 * rows of their threads. Chunked (short transactions, keyset on id), restartable: it picks up the emails whose
 * reply text is still null. Returns how many emails it filled. Stored emails kept no headers, so their noise stays
 * unknown (null): they passed the workspace's filters when they were stored.
 */
export async function backfillReplyTexts(
  db: Db,
  options: { onProgress?: (done: number) => void; shouldStop?: () => boolean } = {},
): Promise<number> {
  let done = 0;
  let after = "";
  while (!options.shouldStop?.()) {
    const rows = await queryRows<Pending>(
      db,
      sql`select id, workspace_id, from_header, subject, text_body, html_body from ${emails}
          where reply_text is null and id > ${after} order by id limit ${BACKFILL_CHUNK}`,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const replies = await replyPool.replies(rows.map((r) => ({ text: r.text_body, html: r.html_body })));
    const senders = rows.map((r) =>
      parseAddressList(r.from_header).flatMap((p) => normalizeAddress(p.address) ?? []),
    );
    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await tx.execute(sql`
        update ${emails} e set reply_text = v.reply, snippet = v.snippet,
               from_address = coalesce(e.from_address, v.sender),
               noise = coalesce(e.noise, v.noise)
        from unnest(${column(rows.map((r) => r.id))}::text[], ${column(replies)}::text[],
                    ${column(rows.map((r, i) => snippetFor(replies[i], r.text_body, r.html_body)))}::text[],
                    ${column(senders.map((s) => s[0] ?? null))}::text[],
                    ${column(rows.map((r, i) => (senders[i].length ? noiseOf({ from: r.from_header, subject: r.subject }, senders[i]) : null)))}::text[])
          as v(id, reply, snippet, sender, noise)
        where e.id = v.id`);
      const byWorkspace = new Map<string, string[]>();
      for (const r of rows)
        byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.id]);
      for (const [workspaceId, ids] of byWorkspace) await refreshThreadsOfEmails(tx, workspaceId, ids);
    });
    done += rows.length;
    options.onProgress?.(done);
  }
  return done;
}
