import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchResult } from "../../../shared/index";
import { column, queryRows, type Db } from "../db/connect";
import { analyzeAfterWrite } from "../db/maintenance";
import { emailCustomers, emails, emailSyncs } from "../db/schema";
import { databaseMessage, isDataException, sqlState } from "../db/sql-state";
import { callerIndex, noteContactsAdded } from "./customer-index";
import { markNewThreadsPrivate } from "./email-visibility";
import { prepareBatch, settleDuplicates, type Accepted, type IngestOptions } from "./ingest-items";
import { runSideEffects, touchAndContactCtes, type IndexAdditions } from "./ingest-touch";
import { startReplyTexts } from "./reply-texts";
import { refreshThreads } from "./signals-upkeep";
import type { Caller } from "./workspaces";

/**
 * Stores a batch of emails as `caller` would see them. Each item is validated and re-classified with the shared
 * core on its own; the accepted ones are written in one transaction whose inserts are idempotent (unique key +
 * ON CONFLICT), so a retry or a colleague syncing the same email never duplicates it. Locks are taken in one
 * global order (emails by key, then customers, then the workspace row, then contacts) so that concurrent batches
 * on PostgreSQL never deadlock.
 */
export async function ingestEmails(
  db: Db,
  caller: Caller,
  items: readonly unknown[],
  options: IngestOptions = {},
): Promise<BatchResult[]> {
  const fillReplyTexts = options.dryRun || options.skipReplyText ? null : startReplyTexts(items);
  const { index } = await callerIndex(db, caller);
  const batch = prepareBatch(index, caller, items, options);
  if (options.dryRun) {
    for (const a of batch.accepted) {
      batch.results[a.position] = {
        messageId: a.input.messageId,
        status: "stored",
        customerIds: a.classification.customers.map((c) => c.customerId),
      };
    }
  } else if (batch.accepted.length > 0) {
    await fillReplyTexts?.(batch.accepted);
    await storeAccepted(db, caller, batch.accepted, batch.results);
    const stored = batch.results.filter((r) => r?.status === "stored").length;
    await analyzeAfterWrite(db, { emails: stored, email_customers: stored, email_syncs: stored });
  }
  return settleDuplicates(batch, items);
}

type Outcome = Map<string, { id: string; isNew: boolean }>;

async function writeAccepted(db: Db, caller: Caller, accepted: Accepted[]): Promise<Outcome> {
  const workspaceId = caller.workspace.id;
  const sorted = [...accepted].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const side: { added: IndexAdditions | null } = { added: null };
  const stored = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const outcome = new Map<string, { id: string; isNew: boolean }>();
    let pending = sorted;
    // A concurrent delete can remove a conflicting row between the insert and the select: insert those again.
    for (let attempt = 0; pending.length > 0 && attempt < 3; attempt++) {
      const inserted = await insertEmails(tx, workspaceId, pending);
      for (const r of inserted) outcome.set(r.key, { id: r.id, isNew: true });
      const missing = pending.filter((a) => !outcome.has(a.key)).map((a) => a.key);
      if (missing.length > 0) {
        const existing = await tx
          .select({ id: emails.id, key: emails.messageKey })
          .from(emails)
          .where(and(eq(emails.workspaceId, workspaceId), inArray(emails.messageKey, missing)));
        for (const r of existing) outcome.set(r.key, { id: r.id, isNew: false });
      }
      pending = pending.filter((a) => !outcome.has(a.key));
    }
    if (pending.length > 0) throw new Error("emails kept vanishing while being stored");

    const fresh = sorted.filter((a) => outcome.get(a.key)?.isNew);
    const links = fresh.flatMap((a) =>
      a.classification.customers.map((c) => [
        a.row.id as string,
        c.customerId,
        a.row.sentAt.toISOString(),
        a.row.direction as string,
      ]),
    );
    const idOf = (a: Accepted) => (outcome.get(a.key) as { id: string }).id;
    // Links, syncs, lastTouchAt and new contacts in one round trip (the embedded database pays per statement).
    const linkCte = links.length
      ? [
          [
            "links",
            sql`insert into ${emailCustomers} (email_id, customer_id, sent_at, direction)
                select * from unnest(${column(links.map((l) => l[0]))}::text[], ${column(links.map((l) => l[1]))}::text[],
                                     ${column(links.map((l) => l[2]))}::timestamptz[], ${column(links.map((l) => l[3]))}::text[])
                on conflict do nothing returning 1`,
          ] as [string, SQL],
        ]
      : [];
    side.added = await runSideEffects(tx, [
      ...linkCte,
      [
        "syncs",
        sql`insert into ${emailSyncs} (email_id, user_id)
            select id, ${caller.user.id} from unnest(${column(sorted.map(idOf))}::text[]) as u(id)
            on conflict do nothing returning 1`,
      ],
      ...touchAndContactCtes(workspaceId, sorted),
    ]);
    // "New syncs private": in the same transaction, so no colleague ever reads the email before its thread is.
    if (caller.user.settings.newSyncsPrivate) await markNewThreadsPrivate(tx, caller, fresh.map(idOf));
    // Last, after every other lock: the signal rows of the threads that gained an email (per-thread locks).
    await refreshThreads(
      tx,
      workspaceId,
      fresh.map((a) => a.row.threadKey),
    );
    return outcome;
  });
  // Committed: the contacts it created go straight into this process's index cache (no read-back next batch).
  if (side.added) noteContactsAdded(db, caller.workspace, side.added);
  return stored;
}

/**
 * Writes the accepted items in one transaction. Validation keeps out every value known to be unstorable; should
 * the database still refuse one (SQLSTATE class 22, a data exception), the batch is written again item by item
 * so only the item at fault comes back `invalid` and the others are stored.
 */
export async function storeAccepted(
  db: Db,
  caller: Caller,
  accepted: Accepted[],
  results: BatchResult[],
): Promise<void> {
  const record = (items: Accepted[], stored: Map<string, { id: string; isNew: boolean }>) => {
    for (const a of items) {
      const outcome = stored.get(a.key) as { id: string; isNew: boolean };
      results[a.position] = {
        messageId: a.input.messageId,
        status: outcome.isNew ? "stored" : "duplicate",
        emailId: outcome.id,
        customerIds: a.classification.customers.map((c) => c.customerId),
      };
    }
  };
  try {
    record(accepted, await withDeadlockRetry(() => writeAccepted(db, caller, accepted)));
    return;
  } catch (error) {
    if (!isDataException(error)) throw error;
    if (accepted.length === 1) {
      results[accepted[0].position] = refused(accepted[0], error);
      return;
    }
  }
  for (const a of accepted) {
    try {
      record([a], await withDeadlockRetry(() => writeAccepted(db, caller, [a])));
    } catch (error) {
      if (!isDataException(error)) throw error;
      results[a.position] = refused(a, error);
    }
  }
}

function refused(a: Accepted, error: unknown): BatchResult {
  const why = databaseMessage(error);
  return {
    messageId: a.input.messageId,
    status: "invalid",
    reason: `a value in this email cannot be stored${why ? ` (${why})` : ""}`,
  };
}

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

/** The lock order makes deadlocks rare; should PostgreSQL still pick this batch as a victim, it is redone whole. */
async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 8 || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
      // Two servers that deadlocked once would collide again at once: wait a random, growing moment first.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * The batch's rows as one INSERT over column arrays (`unnest`): a handful of parameters instead of one per
 * value, which is most of the cost of a 100-row statement. Rows keep their (key-sorted) order.
 */
async function insertEmails(
  tx: Db,
  workspaceId: string,
  items: Accepted[],
): Promise<{ id: string; key: string }[]> {
  const rows = items.map((a) => a.row);
  const col = <K extends keyof (typeof rows)[number]>(k: K) => column(rows.map((r) => r[k]));
  return queryRows<{ id: string; key: string }>(
    tx,
    sql`insert into ${emails} (id, workspace_id, message_key, message_id, thread_key, subject, from_header, to_header,
                               cc_header, sent_at, direction, snippet, text_body, html_body, source, participants,
                               reply_text, from_address, noise)
        select u.id, ${workspaceId}, u.message_key, u.message_id, u.thread_key, u.subject, u.from_header, u.to_header,
               u.cc_header, u.sent_at, u.direction, u.snippet, u.text_body, u.html_body, u.source, u.participants::jsonb,
               u.reply_text, u.from_address, u.noise
        from unnest(${col("id")}::text[], ${col("messageKey")}::text[], ${col("messageId")}::text[],
                    ${col("threadKey")}::text[], ${col("subject")}::text[], ${col("from")}::text[], ${col("to")}::text[],
                    ${col("cc")}::text[], ${column(rows.map((r) => r.sentAt.toISOString()))}::timestamptz[],
                    ${col("direction")}::text[], ${col("snippet")}::text[], ${col("text")}::text[], ${col("html")}::text[],
                    ${col("source")}::text[], ${column(rows.map((r) => JSON.stringify(r.participants)))}::text[],
                    ${col("replyText")}::text[], ${col("fromAddress")}::text[], ${col("noise")}::text[])
          as u(id, message_key, message_id, thread_key, subject, from_header, to_header, cc_header, sent_at, direction,
               snippet, text_body, html_body, source, participants, reply_text, from_address, noise)
        on conflict (workspace_id, message_key) do nothing
        returning id, message_key as key`,
  );
}
