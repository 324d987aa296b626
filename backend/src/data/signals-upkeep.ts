import { sql, type SQLWrapper } from "drizzle-orm";
import { column, queryRows, type Db } from "../db/connect";
import { customerReplies, customerSignalTotals, customerThreads, emailCustomers, emails } from "../db/schema";
import { AWAITING_COUNTED, REPLY_WINDOW_DAYS } from "./signals";

// Keeps `customer_threads` and `customer_replies` current. Every write that adds or removes emails calls
// `refreshThreads` with the thread keys it touched, in its own transaction; the thread's rows are rebuilt from its
// emails (a thread is a handful of emails, read through emails_workspace_thread), so a customer with 100,000
// emails costs a delete no more than a customer with ten. Definitions (issue 13):
// - only non-noise emails count (auto-replies, bounces, calendar and bulk mail are stored only when a workspace
//   asks, and never count);
// - a thread awaits a reply when its newest counted email is inbound;
// - an inbound email that starts a thread, or follows an outbound one, opens a wait; the thread's first outbound
//   email after it closes it, and the time between is one first-reply time (inbound emails in between do not
//   restart the clock).
// Concurrent writers on PostgreSQL serialize per thread on an advisory lock taken in a fixed order, after every other
// lock of the transaction, so the rebuild always sees the emails the previous holder committed.

/** Rebuilds the signal rows of the given threads of a workspace, for every customer they belong to. */
export async function refreshThreads(
  tx: Db,
  workspaceId: string,
  threadKeys: Iterable<string>,
): Promise<void> {
  const keys = [...new Set(threadKeys)].sort();
  if (keys.length === 0) return;
  const list = column(keys);
  await tx.execute(
    // Ordered by the lock's own value, so two keys that share a hash can never be taken in opposite orders.
    sql`select count(pg_advisory_xact_lock(h))
        from (select distinct hashtextextended(${workspaceId} || ':' || k, 7447013) as h
                from unnest(${list}::text[]) as u(k) order by h) s`,
  );
  const [rebuilt] = await queryRows<{ gone: string[] | string | null }>(
    tx,
    sql`
    with ev as (
      select ec.customer_id, e.thread_key, e.id, e.sent_at, e.direction, e.from_address,
             lag(e.direction) over w as prev_direction,
             min(e.sent_at) filter (where e.direction = 'outbound')
               over (w rows between 1 following and unbounded following) as next_out,
             row_number() over (partition by ec.customer_id, e.thread_key order by e.sent_at desc, e.id desc) as rank,
             max(e.sent_at) filter (where e.direction = 'inbound') over p as last_in,
             max(e.sent_at) filter (where e.direction = 'outbound') over p as last_out
      from ${emails} e join ${emailCustomers} ec on ec.email_id = e.id
      where e.workspace_id = ${workspaceId} and e.thread_key = any(${list}::text[]) and e.noise is null
      window w as (partition by ec.customer_id, e.thread_key order by e.sent_at, e.id),
             p as (partition by ec.customer_id, e.thread_key)
    ),
    gone as (
      delete from ${customerThreads} ct
      where ct.workspace_id = ${workspaceId} and ct.thread_key = any(${list}::text[])
        and not exists (select 1 from ev where ev.customer_id = ct.customer_id and ev.thread_key = ct.thread_key
                          and ev.rank = 1)
      returning ct.customer_id
    ),
    threads as (
      insert into ${customerThreads} (customer_id, thread_key, workspace_id, last_email_id, last_sent_at,
                                      last_direction, last_from, last_inbound_at, last_outbound_at)
      select customer_id, thread_key, ${workspaceId}, id, sent_at, direction, from_address, last_in, last_out
      from ev where rank = 1
      on conflict (customer_id, thread_key) do update set
        last_email_id = excluded.last_email_id, last_sent_at = excluded.last_sent_at,
        last_direction = excluded.last_direction, last_from = excluded.last_from,
        last_inbound_at = excluded.last_inbound_at, last_outbound_at = excluded.last_outbound_at
      returning 1
    ),
    old_replies as (
      delete from ${customerReplies} r
      where r.workspace_id = ${workspaceId} and r.thread_key = any(${list}::text[])
      returning 1
    ),
    new_replies as (
      insert into ${customerReplies} (customer_id, workspace_id, thread_key, inbound_email_id, inbound_from,
                                      inbound_at, replied_at, minutes)
      select customer_id, ${workspaceId}, thread_key, id, from_address, sent_at, next_out,
             extract(epoch from (next_out - sent_at)) / 60.0
      from ev
      where direction = 'inbound' and (prev_direction is null or prev_direction = 'outbound')
        and next_out is not null
      returning 1
    )
    select (select count(*) from threads) + (select count(*) from old_replies) + (select count(*) from new_replies)
             as changed,
           (select json_agg(distinct customer_id) from gone) as gone`,
  );
  const gone =
    typeof rebuilt?.gone === "string" ? (JSON.parse(rebuilt.gone) as string[]) : (rebuilt?.gone ?? []);
  await refreshTotals(tx, workspaceId, list, column(gone));
}

/**
 * Rewrites the board's per-customer totals (migration 0080) of every customer that has one of these threads now,
 * or had one before the rebuild (`before`): each figure one range of the customer's own indexes, customers in id
 * order so two writers never lock two rows in opposite orders.
 */
async function refreshTotals(
  tx: Db,
  workspaceId: string,
  keys: SQLWrapper,
  before: SQLWrapper,
): Promise<void> {
  const windowStart = new Date(Date.now() - REPLY_WINDOW_DAYS * 86_400_000).toISOString();
  await tx.execute(sql`
    insert into ${customerSignalTotals} (customer_id, workspace_id, awaiting_since, awaiting_count,
                                         median_reply_minutes, replies_measured, computed_at)
    select c.id, ${workspaceId},
      (select min(t.last_sent_at) from ${customerThreads} t
        where t.customer_id = c.id and t.last_direction = 'inbound'),
      (select count(*) from (select 1 from ${customerThreads} t
        where t.customer_id = c.id and t.last_direction = 'inbound' limit ${AWAITING_COUNTED}) n),
      m.median, m.measured, now()
    from (select customer_id as id from ${customerThreads}
           where workspace_id = ${workspaceId} and thread_key = any(${keys}::text[])
          union select unnest(${before}::text[])) c
    cross join lateral (
      select percentile_cont(0.5) within group (order by r.minutes) as median, count(*)::int as measured
      from ${customerReplies} r where r.customer_id = c.id and r.replied_at >= ${windowStart}::timestamptz) m
    order by c.id
    on conflict (customer_id) do update set
      awaiting_since = excluded.awaiting_since, awaiting_count = excluded.awaiting_count,
      median_reply_minutes = excluded.median_reply_minutes, replies_measured = excluded.replies_measured,
      computed_at = excluded.computed_at`);
}

/**
 * Rebuilds every thread of a workspace (the backfill after migration 0050, chunked by the caller): the distinct
 * thread keys of the emails with ids in `emailIds`.
 */
export async function refreshThreadsOfEmails(tx: Db, workspaceId: string, emailIds: string[]): Promise<void> {
  if (emailIds.length === 0) return;
  const rows = await queryRows<{ thread_key: string }>(
    tx,
    sql`select distinct thread_key from ${emails}
        where workspace_id = ${workspaceId} and id = any(${column(emailIds)}::text[])`,
  );
  await refreshThreads(
    tx,
    workspaceId,
    rows.map((r) => r.thread_key),
  );
}
