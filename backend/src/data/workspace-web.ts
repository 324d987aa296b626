import { eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type {
  ConversationPage,
  ConversationQuerySchema,
  MySyncState,
  SyncHealth,
} from "../../../shared/api/workspace-web";
import { queryRows, type Db } from "../db/connect";
import { workspaces } from "../db/schema";
import { invalid } from "./errors";
import { newInboundKey } from "./ids";
import { normalizeAddressOrThrow, normalizeDomainOrThrow } from "./normalize";
import type { Caller } from "./workspaces";

// Conversations, my sync state, the purge count of a new exclusion, sync health and the BCC key, for the web
// workspace. Conversations walk emails(workspace_id, sent_at desc, id desc) (migration 0061) page by page.

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
type Json<T> = T[] | string | null;
const list = <T>(v: Json<T>): T[] => (typeof v === "string" ? (JSON.parse(v) as T[]) : (v ?? []));

function encodeCursor(sentAt: string, id: string) {
  return Buffer.from(`${sentAt}|${id}`).toString("base64url");
}
function decodeCursor(cursor: string): [string, string] {
  const [sentAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!sentAt || !id || Number.isNaN(Date.parse(sentAt)) || new Date(sentAt).toISOString() !== sentAt) {
    throw invalid("invalid_cursor", "The cursor is not one this server gave out.");
  }
  return [sentAt, id];
}

export async function conversations(
  db: Db,
  caller: Caller,
  query: z.output<typeof ConversationQuerySchema>,
): Promise<ConversationPage> {
  const filters: SQL[] = [sql`e.workspace_id = ${caller.workspace.id}`];
  if (query.customerId) {
    filters.push(
      sql`exists (select 1 from email_customers ec where ec.email_id = e.id and ec.customer_id = ${query.customerId})`,
    );
  }
  if (query.userId) {
    filters.push(
      sql`exists (select 1 from email_syncs s where s.email_id = e.id and s.user_id = ${query.userId})`,
    );
  }
  if (query.direction) filters.push(sql`e.direction = ${query.direction}`);
  if (query.from) filters.push(sql`e.sent_at >= ${query.from}::timestamptz`);
  if (query.to) filters.push(sql`e.sent_at < ${query.to}::timestamptz`);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    filters.push(sql`(e.sent_at, e.id) < (${at}::timestamptz, ${id})`);
  }
  const rows = await queryRows<{
    id: string;
    subject: string;
    from_header: string;
    to_header: string;
    sent_at: Date | string;
    direction: "inbound" | "outbound";
    snippet: string;
    thread_key: string;
    customers: Json<{ id: string; name: string }>;
    syncers: Json<{ userId: string; name: string }>;
  }>(
    db,
    sql`select e.id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet, e.thread_key,
          (select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.name)
             from email_customers ec join customers c on c.id = ec.customer_id where ec.email_id = e.id) as customers,
          (select json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name)
             from email_syncs s join users u on u.id = s.user_id where s.email_id = e.id) as syncers
        from emails e
        where ${sql.join(filters, sql` and `)}
        order by e.sent_at desc, e.id desc
        limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    subject: r.subject,
    from: r.from_header,
    to: r.to_header,
    sentAt: new Date(r.sent_at).toISOString(),
    direction: r.direction,
    snippet: r.snippet,
    threadKey: r.thread_key,
    customers: list(r.customers),
    syncedBy: list(r.syncers),
  }));
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
  }>(
    db,
    sql`select u.id, u.name, u.email, u.role, u.deactivated_at,
          (select count(*)::int from email_syncs s where s.user_id = u.id) as n,
          (select count(*)::int from email_syncs s where s.user_id = u.id and s.synced_at >= ${weekAgo}::timestamptz) as recent,
          (select max(s.synced_at) from email_syncs s where s.user_id = u.id) as last,
          (select e.source from email_syncs s join emails e on e.id = s.email_id
             where s.user_id = u.id order by s.synced_at desc limit 1) as last_client
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
    })),
  };
}

/** A new secret for the BCC address: mail sent to the old one is refused from now on. */
export async function rotateInboundKey(db: Db, caller: Caller): Promise<string> {
  const key = newInboundKey();
  await db.update(workspaces).set({ inboundKey: key }).where(eq(workspaces.id, caller.workspace.id));
  return key;
}
