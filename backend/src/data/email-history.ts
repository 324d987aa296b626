import { and, eq, sql, type SQL } from "drizzle-orm";
import type { EmailDetail, EmailPage, EmailSummary } from "../../../shared/index";
import { fromJson, queryRows, type Db } from "../db/connect";
import { emailCustomers, emails, emailSyncs, users } from "../db/schema";
import { notFound } from "./errors";
import { replyPool } from "../reply/reply-pool";
import { emailSummaryOf, type SummaryRow } from "./email-summary";
import { accessOf, shownTo, visibilityColumns, type VisibilityRow } from "./email-visibility";
import type { Caller } from "./workspaces";
import { anyText, decodeCursor, encodeCursor, isoInstant } from "./keyset-cursor";

interface HistoryRow extends SummaryRow {
  message_id: string;
  thread_count: number;
}

/** One history item as the caller may see it (issue 12: fields they may not see are absent). */
const historyItem = (caller: Caller, r: HistoryRow): EmailSummary =>
  emailSummaryOf(caller, r, { messageId: r.message_id, threadCount: Number(r.thread_count) });

const sentAtCursor = (cursor: string) => {
  const [sentAt, id] = decodeCursor(cursor, [isoInstant, anyText]);
  return { sentAt, id };
};

/**
 * A customer's emails, newest first, keyset-paged on (sent_at, id): one call of `touchbase_history_page`
 * (migration 0090), a range scan of `email_customers_history` per page reading only the page's rows, planned once
 * per connection. Null when the customer is not the workspace's. The EXPLAIN test (backend/test/list-plans.test.ts)
 * checks that function's queries.
 */
async function historyRows(
  db: Db,
  caller: Caller,
  customerId: string,
  limit: number,
  after?: { sentAt: string; id: string },
): Promise<HistoryRow[] | null> {
  const [row] = await queryRows<{ page: HistoryRow[] | string | null }>(
    db,
    sql`select touchbase_history_page(${caller.workspace.id}, ${customerId}, ${caller.user.id}, ${limit}::int,
                                      ${after?.sentAt ?? null}::timestamptz, ${after?.id ?? null}::text) as page`,
  );
  return fromJson(row?.page ?? null);
}

export async function customerEmails(
  db: Db,
  caller: Caller,
  customerId: string,
  options: { cursor?: string; limit: number },
): Promise<EmailPage> {
  const after = options.cursor ? sentAtCursor(options.cursor) : undefined;
  const rows = await historyRows(db, caller, customerId, options.limit + 1, after);
  if (!rows) throw notFound("That customer");
  const page = rows.slice(0, options.limit).map((r) => historyItem(caller, r));
  const last = page[page.length - 1];
  return {
    emails: page,
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.sentAt, last.id) : null,
  };
}

/** How many of each customer's newest emails `/lookup` shows. */
export const RECENT_EMAILS = 10;

/** `/lookup`'s recent emails of one customer, from the rows `touchbase_lookup_reads` answered. */
export const recentItems = (caller: Caller, rows: HistoryRow[] | null): EmailSummary[] =>
  (rows ?? []).map((r) => historyItem(caller, r));

export async function emailDetail(db: Db, caller: Caller, id: string): Promise<EmailDetail> {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.id, id), eq(emails.workspaceId, caller.workspace.id)));
  if (!row) throw notFound("That email");
  const [visibility] = await queryRows<VisibilityRow>(
    db,
    sql`select ${visibilityColumns(caller.user.id)} from ${emails} e where e.id = ${id}`,
  );
  const [links, syncs, thread, [parts]] = await Promise.all([
    db.select({ id: emailCustomers.customerId }).from(emailCustomers).where(eq(emailCustomers.emailId, id)),
    db
      .select({ userId: emailSyncs.userId, email: users.email, syncedAt: emailSyncs.syncedAt })
      .from(emailSyncs)
      .innerJoin(users, eq(users.id, emailSyncs.userId))
      .where(eq(emailSyncs.emailId, id))
      .orderBy(emailSyncs.syncedAt),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${emails}
          where workspace_id = ${caller.workspace.id} and thread_key = ${row.threadKey}`,
    ),
    // Whether there is quoted text to show (and the reply itself, for an email stored before migration 0050).
    // Never worked out for a caller who may not read the body.
    accessOf(caller, visibility) === "full"
      ? replyPool.extract([{ text: row.text, html: row.html }])
      : [{ reply: "", quoted: false }],
  ]);
  return shownTo(caller, visibility, {
    id: row.id,
    messageId: row.messageId,
    subject: row.subject,
    from: row.from,
    to: row.to,
    cc: row.cc,
    sentAt: row.sentAt.toISOString(),
    direction: row.direction,
    snippet: row.snippet,
    threadKey: row.threadKey,
    threadCount: Number(thread[0]?.n ?? 1),
    text: row.text,
    html: row.html,
    replyText: row.replyText ?? parts.reply,
    hasQuotedText: parts.quoted,
    source: row.source,
    customerIds: links.map((l) => l.id).sort(),
    syncedBy: syncs.map((s) => ({ userId: s.userId, email: s.email, syncedAt: s.syncedAt.toISOString() })),
  });
}

/** Whether a message (by normalized Message-ID) is stored, and synced by the caller: `/lookup?messageId=`. */
export async function messageState(db: Db, caller: Caller, messageKey: string) {
  return stateOf(db, caller, sql`e.message_key = ${messageKey}`);
}

/**
 * The same, found by the lower-case hex SHA-256 of the message key (the expression of the index
 * emails_workspace_message_key_sha256, so this is an index lookup).
 */
export async function messageStateByHash(db: Db, caller: Caller, sha256Hex: string) {
  return stateOf(db, caller, sql`touchbase_sha256_hex(e.message_key) = ${sha256Hex}`);
}

async function stateOf(db: Db, caller: Caller, match: SQL) {
  const rows = await queryRows<{ id: string; mine: boolean }>(
    db,
    sql`select e.id, exists(select 1 from ${emailSyncs} s where s.email_id = e.id and s.user_id = ${caller.user.id}) as mine
        from ${emails} e where e.workspace_id = ${caller.workspace.id} and ${match} limit 1`,
  );
  return rows[0]
    ? { emailId: rows[0].id, syncedByMe: Boolean(rows[0].mine) }
    : { emailId: null, syncedByMe: false };
}
