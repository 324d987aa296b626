import { and, eq, sql, type SQL } from "drizzle-orm";
import type { EmailDetail, EmailPage, EmailSummary } from "../../../shared/index";
import { queryRows, type Db } from "../db/connect";
import { customers, emailCustomers, emails, emailSyncs, users } from "../db/schema";
import { notFound } from "./errors";
import { replyPool } from "../reply/reply-pool";
import { accessOf, shownTo, visibilityColumns, type VisibilityRow } from "./email-visibility";
import type { Caller } from "./workspaces";
import { anyText, decodeCursor, encodeCursor, isoInstant } from "./keyset-cursor";

interface SummaryRow extends VisibilityRow {
  id: string;
  message_id: string;
  subject: string;
  from_header: string;
  to_header: string;
  sent_at: Date | string;
  direction: "inbound" | "outbound";
  snippet: string;
  thread_key: string;
  thread_count: number;
}

const toIso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** One history item as the caller may see it (issue 12: fields they may not see are absent). */
function summary(caller: Caller, r: SummaryRow): EmailSummary {
  return shownTo(caller, r, {
    id: r.id,
    messageId: r.message_id,
    subject: r.subject,
    from: r.from_header,
    to: r.to_header,
    sentAt: toIso(r.sent_at),
    direction: r.direction,
    snippet: r.snippet,
    threadKey: r.thread_key,
    threadCount: Number(r.thread_count),
  });
}

const sentAtCursor = (cursor: string) => {
  const [sentAt, id] = decodeCursor(cursor, [isoInstant, anyText]);
  return { sentAt, id };
};

/**
 * A customer's emails, newest first, keyset-paged on (sent_at, id): one range scan of `email_customers_history`
 * per page, reading only the page's rows. The ORDER BY spells the index's exact order (`desc nulls last`): a plain
 * `desc` means NULLS FIRST in PostgreSQL, which that index does not provide (sent_at is NOT NULL, but the planner
 * does not use that to match sort orders), and every page then sorted all of the customer's emails. The EXPLAIN
 * test (backend/test/list-plans.test.ts) holds this.
 */
export function historyPageQuery(
  customerId: string,
  limit: number,
  after?: { sentAt: string; id: string },
  viewerId = "",
) {
  const keyset = after
    ? sql`and (ec.sent_at, ec.email_id) < (${after.sentAt}::timestamptz, ${after.id})`
    : sql``;
  return sql`
      select e.id, e.message_id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet,
             e.thread_key,
             (select count(*)::int from ${emails} t
               where t.workspace_id = e.workspace_id and t.thread_key = e.thread_key) as thread_count,
             ${visibilityColumns(viewerId)}
      from ${emailCustomers} ec join ${emails} e on e.id = ec.email_id
      where ec.customer_id = ${customerId} ${keyset}
      order by ec.sent_at desc nulls last, ec.email_id desc nulls last
      limit ${limit}`;
}

function historyRows(
  db: Db,
  caller: Caller,
  customerId: string,
  limit: number,
  after?: { sentAt: string; id: string },
) {
  return queryRows<SummaryRow>(db, historyPageQuery(customerId, limit, after, caller.user.id));
}

export async function customerEmails(
  db: Db,
  caller: Caller,
  customerId: string,
  options: { cursor?: string; limit: number },
): Promise<EmailPage> {
  const [owner] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.workspaceId, caller.workspace.id)));
  if (!owner) throw notFound("That customer");
  const after = options.cursor ? sentAtCursor(options.cursor) : undefined;
  const rows = await historyRows(db, caller, customerId, options.limit + 1, after);
  const page = rows.slice(0, options.limit).map((r) => summary(caller, r));
  const last = page[page.length - 1];
  return {
    emails: page,
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.sentAt, last.id) : null,
  };
}

/** The 10 newest emails of each customer, for `/lookup`. */
export async function recentEmails(
  db: Db,
  caller: Caller,
  customerIds: string[],
): Promise<Map<string, EmailSummary[]>> {
  const map = new Map<string, EmailSummary[]>();
  await Promise.all(
    [...new Set(customerIds)].map(async (id) =>
      map.set(
        id,
        (await historyRows(db, caller, id, 10)).map((r) => summary(caller, r)),
      ),
    ),
  );
  return map;
}

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
