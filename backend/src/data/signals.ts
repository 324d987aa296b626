import { sql, type SQL } from "drizzle-orm";
import type { Signals } from "../../../shared/index";
import { queryRows, type Db } from "../db/connect";
import { customerReplies, customerThreads, emailCustomers, emails } from "../db/schema";
import { shownTo, visibilityColumns, type VisibilityRow } from "./email-visibility";
import type { Caller } from "./workspaces";

// Reading conversation signals off the rows `signals-upkeep.ts` keeps: each figure is one index range (newest
// thread per direction, newest awaiting threads, the replies of the last 90 days), so a customer with 100,000
// emails reads as fast as one with ten. A contact's figures are the customer's, narrowed to what that address
// sent (and, for lastOutboundAt, to outbound emails naming it).

/** First-reply times older than this are not in the median. */
export const REPLY_WINDOW_DAYS = 90;
/** Awaiting threads listed (newest first); `awaitingReplyCount` says how many there are in all. */
export const AWAITING_LISTED = 20;
/** Counting stops here: a customer whose every old thread ended on their "thanks!" would otherwise cost a scan. */
export const AWAITING_COUNTED = 1000;

interface Awaiting extends VisibilityRow {
  threadKey: string;
  since: string;
  emailId: string;
  subject: string;
}

interface SignalRow {
  last_inbound_at: Date | string | null;
  last_outbound_at: Date | string | null;
  awaiting: Awaiting[] | string | null;
  awaiting_count: number | string;
  median: number | string | null;
  measured: number | string;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function view(caller: Caller, row: SignalRow | undefined): Signals {
  if (!row) {
    return {
      lastInboundAt: null,
      lastOutboundAt: null,
      awaitingReply: [],
      awaitingReplyCount: 0,
      medianFirstReplyMinutes: null,
      repliesMeasured: 0,
    };
  }
  const awaiting = typeof row.awaiting === "string" ? (JSON.parse(row.awaiting) as []) : (row.awaiting ?? []);
  return {
    lastInboundAt: iso(row.last_inbound_at),
    lastOutboundAt: iso(row.last_outbound_at),
    // The subject of an awaiting thread is the newest email's: shown only as far as the caller may see it.
    awaitingReply: awaiting.map((a: Awaiting) =>
      shownTo(caller, a, {
        threadKey: a.threadKey,
        since: new Date(a.since).toISOString(),
        emailId: a.emailId,
        subject: a.subject,
      }),
    ),
    awaitingReplyCount: Number(row.awaiting_count),
    medianFirstReplyMinutes: row.median === null ? null : Math.round(Number(row.median)),
    repliesMeasured: Number(row.measured),
  };
}

function signalsSql(caller: Caller, customerId: string, from: string | null, now: Date): SQL {
  const byThread = from === null ? sql`` : sql`and t.last_from = ${from}`;
  const byReply = from === null ? sql`` : sql`and r.inbound_from = ${from}`;
  const windowStart = new Date(now.getTime() - REPLY_WINDOW_DAYS * 86_400_000).toISOString();
  const lastInbound =
    from === null
      ? sql`(select t.last_inbound_at from ${customerThreads} t
              where t.customer_id = ${customerId} and t.last_inbound_at is not null
              order by t.last_inbound_at desc limit 1)`
      : sql`(select e.sent_at from ${emails} e
              join ${emailCustomers} ec on ec.email_id = e.id and ec.customer_id = ${customerId}
              where e.workspace_id = (select workspace_id from customers where id = ${customerId})
                and e.from_address = ${from} and e.direction = 'inbound' and e.noise is null
              order by e.sent_at desc limit 1)`;
  const lastOutbound =
    from === null
      ? sql`(select t.last_outbound_at from ${customerThreads} t
              where t.customer_id = ${customerId} and t.last_outbound_at is not null
              order by t.last_outbound_at desc limit 1)`
      : sql`(select ec.sent_at from ${emailCustomers} ec join ${emails} e on e.id = ec.email_id
              where ec.customer_id = ${customerId} and e.direction = 'outbound' and e.noise is null
                and e.participants ? ${from}
              order by ec.sent_at desc limit 1)`;
  return sql`
    select ${lastInbound} as last_inbound_at, ${lastOutbound} as last_outbound_at,
      (select json_agg(json_build_object('threadKey', a.thread_key, 'since', a.last_sent_at,
                                         'emailId', a.last_email_id, 'subject', a.subject,
                                         'vis_private', a.vis_private, 'vis_mine', a.vis_mine,
                                         'vis_syncers', a.vis_syncers)
                       order by a.last_sent_at desc)
         from (select t.thread_key, t.last_sent_at, t.last_email_id, e.subject, ${visibilityColumns(caller.user.id)}
                 from ${customerThreads} t join ${emails} e on e.id = t.last_email_id
                where t.customer_id = ${customerId} and t.last_direction = 'inbound' ${byThread}
                order by t.last_sent_at desc limit ${AWAITING_LISTED}) a) as awaiting,
      (select count(*) from (select 1 from ${customerThreads} t
        where t.customer_id = ${customerId} and t.last_direction = 'inbound' ${byThread}
        limit ${AWAITING_COUNTED}) c) as awaiting_count,
      m.median, m.measured
    from (select percentile_cont(0.5) within group (order by r.minutes) as median, count(*) as measured
            from ${customerReplies} r
           where r.customer_id = ${customerId} and r.replied_at >= ${windowStart}::timestamptz ${byReply}) m`;
}

/** A customer's signals. */
export async function customerSignals(
  db: Db,
  caller: Caller,
  customerId: string,
  now = new Date(),
): Promise<Signals> {
  const [row] = await queryRows<SignalRow>(db, signalsSql(caller, customerId, null, now));
  return view(caller, row);
}

/** A contact's signals: the customer's, for what this (normalized) address sent and received. */
export async function contactSignals(
  db: Db,
  caller: Caller,
  customerId: string,
  address: string,
  now = new Date(),
): Promise<Signals> {
  const [row] = await queryRows<SignalRow>(db, signalsSql(caller, customerId, address, now));
  return view(caller, row);
}

/** Whose signals: a customer's, or a contact's (the customer's narrowed to the contact's normalized address). */
export type SignalsOwner =
  { customerId: string } | { contactId: string; customerId: string; address: string };

/**
 * The signals of several customers and contacts in one statement (the lookup's), keyed by customer or contact id.
 * Each part is the same index ranges as `customerSignals` / `contactSignals`.
 */
export async function signalsOf(
  db: Db,
  caller: Caller,
  owners: SignalsOwner[],
  now = new Date(),
): Promise<Map<string, Signals>> {
  const result = new Map<string, Signals>();
  if (owners.length === 0) return result;
  const keyOf = (o: SignalsOwner) => ("contactId" in o ? o.contactId : o.customerId);
  const parts = owners.map(
    (o) =>
      sql`(select ${keyOf(o)}::text as owner, s.* from (${signalsSql(
        caller,
        o.customerId,
        "contactId" in o ? o.address : null,
        now,
      )}) s)`,
  );
  const rows = await queryRows<SignalRow & { owner: string }>(db, sql.join(parts, sql` union all `));
  for (const row of rows) result.set(row.owner, view(caller, row));
  for (const o of owners) if (!result.has(keyOf(o))) result.set(keyOf(o), view(caller, undefined));
  return result;
}
