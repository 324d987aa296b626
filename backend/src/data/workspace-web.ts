import { eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type {
  ConversationPage,
  ConversationQuerySchema,
  MySyncState,
  SyncHealth,
  UploadError,
} from "../../../shared/api/workspace-web";
import { fromJson, queryRows, type Db } from "../db/connect";
import { workspaces } from "../db/schema";
import { emailSummaryOf, type SummaryRow } from "./email-summary";
import { notPrivateToViewer, visibilityColumns } from "./email-visibility";
import { newInboundKey } from "./ids";
import { normalizeAddressOrThrow, normalizeDomainOrThrow } from "./normalize";
import type { Caller } from "./workspaces";
import { anyText, decodeCursor, encodeCursor, isoInstant } from "./keyset-cursor";

// Conversations, my sync state, the purge count of a new exclusion, sync health and the BCC key, for the web
// workspace. Conversations walk emails(workspace_id, sent_at desc, id desc) (migration 0061) page by page.

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
type Json<T> = T[] | string | null;
const list = <T>(v: Json<T>): T[] => fromJson(v) ?? [];

type ConversationQuery = z.output<typeof ConversationQuerySchema>;

/**
 * One page of the workspace's emails, newest first. Filtered by customer, it walks that customer's history index
 * email_customers(customer_id, sent_at desc nulls last, email_id desc nulls last); otherwise the workspace's
 * emails(workspace_id, sent_at desc, id desc) (migration 0061). Either way the ORDER BY is the index's own order,
 * so a page reads only its rows plus what the other filters skip (EXPLAIN checked in list-plans.test.ts).
 */
export function conversationPageQuery(caller: Caller, query: ConversationQuery): SQL {
  const byCustomer = query.customerId !== undefined;
  const at = byCustomer ? sql`ec.sent_at` : sql`e.sent_at`;
  const id = byCustomer ? sql`ec.email_id` : sql`e.id`;
  const filters: SQL[] = [sql`e.workspace_id = ${caller.workspace.id}`];
  if (query.customerId) filters.push(sql`ec.customer_id = ${query.customerId}`);
  if (query.userId) {
    filters.push(
      sql`exists (select 1 from email_syncs s where s.email_id = e.id and s.user_id = ${query.userId})`,
    );
  }
  if (query.direction) {
    // A colleague's private email does not say which way it went: filtering on it would tell.
    filters.push(sql`e.direction = ${query.direction}`);
    filters.push(notPrivateToViewer(caller.user.id));
  }
  if (query.from) filters.push(sql`${at} >= ${query.from}::timestamptz`);
  if (query.to) filters.push(sql`${at} < ${query.to}::timestamptz`);
  if (query.cursor) {
    const [sentAt, emailId] = decodeCursor(query.cursor, [isoInstant, anyText]);
    filters.push(sql`(${at}, ${id}) < (${sentAt}::timestamptz, ${emailId})`);
  }
  const source = byCustomer ? sql`email_customers ec join emails e on e.id = ec.email_id` : sql`emails e`;
  const order = byCustomer
    ? sql`ec.sent_at desc nulls last, ec.email_id desc nulls last`
    : sql`e.sent_at desc, e.id desc`;
  return sql`select e.id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet, e.thread_key,
          ${visibilityColumns(caller.user.id)},
          (select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.name)
             from email_customers ec2 join customers c on c.id = ec2.customer_id where ec2.email_id = e.id) as customers,
          (select json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name)
             from email_syncs s join users u on u.id = s.user_id where s.email_id = e.id) as syncers
        from ${source}
        where ${sql.join(filters, sql` and `)}
        order by ${order}
        limit ${query.limit + 1}`;
}

export async function conversations(
  db: Db,
  caller: Caller,
  query: ConversationQuery,
): Promise<ConversationPage> {
  const rows = await queryRows<
    SummaryRow & {
      customers: Json<{ id: string; name: string }>;
      syncers: Json<{ userId: string; name: string }>;
    }
  >(db, conversationPageQuery(caller, query));
  const page = rows
    .slice(0, query.limit)
    .map((r) => emailSummaryOf(caller, r, { customers: list(r.customers), syncedBy: list(r.syncers) }));
  const last = page[page.length - 1];
  return {
    emails: page,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.sentAt, last.id) : null,
  };
}

export async function mySyncState(db: Db, caller: Caller): Promise<MySyncState> {
  const rows = await queryRows<{
    source: "outlook" | "gmail" | "bcc" | "import";
    n: number;
    last: Date | string | null;
  }>(
    db,
    sql`select e.source, count(*)::int as n, max(s.synced_at) as last
        from email_syncs s join emails e on e.id = s.email_id
        where s.user_id = ${caller.user.id}
        group by e.source order by e.source`,
  );
  return {
    total: rows.reduce((sum, r) => sum + Number(r.n), 0),
    clients: rows.map((r) => ({ source: r.source, emails: Number(r.n), lastSyncAt: iso(r.last) })),
  };
}

/** How many stored emails name an address or domain: the most a purge with a new exclusion of it removes. */
export async function purgeCount(
  db: Db,
  caller: Caller,
  input: { kind: "address" | "domain"; value: string; scope: "user" | "workspace" },
): Promise<number> {
  const key =
    input.kind === "address"
      ? normalizeAddressOrThrow(input.value)
      : `@${normalizeDomainOrThrow(input.value)}`;
  const mine =
    input.scope === "user"
      ? sql`and exists (select 1 from email_syncs s where s.email_id = e.id and s.user_id = ${caller.user.id})`
      : sql``;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from emails e
        where e.workspace_id = ${caller.workspace.id} and e.participants ? ${key} ${mine}`,
  );
  return Number(row?.n ?? 0);
}

export async function syncHealth(db: Db, caller: Caller): Promise<SyncHealth> {
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const rows = await queryRows<{
    id: string;
    name: string;
    email: string;
    role: "admin" | "member";
    deactivated_at: Date | string | null;
    n: number;
    recent: number;
    last: Date | string | null;
    last_client: "outlook" | "gmail" | "bcc" | "import" | null;
    last_error: UploadError | string | null;
  }>(
    db,
    sql`select u.id, u.name, u.email, u.role, u.deactivated_at,
          (select count(*)::int from email_syncs s where s.user_id = u.id) as n,
          (select count(*)::int from email_syncs s where s.user_id = u.id and s.synced_at >= ${weekAgo}::timestamptz) as recent,
          (select max(s.synced_at) from email_syncs s where s.user_id = u.id) as last,
          (select e.source from email_syncs s join emails e on e.id = s.email_id
             where s.user_id = u.id order by s.synced_at desc limit 1) as last_client,
          u.last_upload_error as last_error
        from users u where u.workspace_id = ${caller.workspace.id}
        order by u.name, u.email`,
  );
  return {
    members: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      deactivatedAt: iso(r.deactivated_at),
      emails: Number(r.n),
      emailsLast7Days: Number(r.recent),
      lastUploadAt: iso(r.last),
      lastClient: r.last_client,
      lastError: typeof r.last_error === "string" ? (JSON.parse(r.last_error) as UploadError) : r.last_error,
    })),
  };
}

/** Notes an upload the server refused (wholly, or some of its emails) on the member's row, for sync health. */
export async function recordUploadError(
  db: Db,
  userId: string,
  error: Omit<UploadError, "at">,
): Promise<void> {
  const value: UploadError = { at: new Date().toISOString(), ...error, message: error.message.slice(0, 500) };
  await db.execute(
    sql`update users set last_upload_error = ${JSON.stringify(value)}::jsonb where id = ${userId}`,
  );
}

/** A new secret for the BCC address: mail sent to the old one is refused from now on. */
export async function rotateInboundKey(db: Db, caller: Caller): Promise<string> {
  const key = newInboundKey();
  await db.update(workspaces).set({ inboundKey: key }).where(eq(workspaces.id, caller.workspace.id));
  return key;
}
