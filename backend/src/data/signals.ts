import { sql, type SQL } from "drizzle-orm";
import type { Signals } from "../../../shared/index";
import { fromJson, queryRows, type Db } from "../db/connect";
import { shownTo, type VisibilityRow } from "./email-visibility";
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

export interface SignalRow {
  last_inbound_at: Date | string | null;
  last_outbound_at: Date | string | null;
  awaiting: Awaiting[] | string | null;
  awaiting_count: number | string;
  median: number | string | null;
  measured: number | string;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Signals as the caller may see them (an awaiting thread's subject goes through the visibility rule). */
export function signalsView(caller: Caller, row: SignalRow | undefined): Signals {
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
  const awaiting = fromJson(row.awaiting) ?? [];
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

/** The last arguments of the signals functions (migration 0090): the reply window's start and the list limits. */
export function signalsWindow(now: Date): SQL {
  const windowStart = new Date(now.getTime() - REPLY_WINDOW_DAYS * 86_400_000).toISOString();
  return sql`${windowStart}::timestamptz, ${AWAITING_LISTED}::int, ${AWAITING_COUNTED}::int`;
}

/** One call of `touchbase_signals` (migration 0090): each figure one index range, planned once per connection. */
async function signalsOfOwner(
  db: Db,
  caller: Caller,
  customerId: string,
  from: string | null,
  now: Date,
): Promise<Signals> {
  const [row] = await queryRows<{ signals: SignalRow | string | null }>(
    db,
    sql`select touchbase_signals(${customerId}, ${from}::text, ${caller.user.id}, ${signalsWindow(now)}) as signals`,
  );
  return signalsView(caller, fromJson(row?.signals ?? null) ?? undefined);
}

/** A customer's signals. */
export async function customerSignals(
  db: Db,
  caller: Caller,
  customerId: string,
  now = new Date(),
): Promise<Signals> {
  return signalsOfOwner(db, caller, customerId, null, now);
}

/** A contact's signals: the customer's, for what this (normalized) address sent and received. */
export async function contactSignals(
  db: Db,
  caller: Caller,
  customerId: string,
  address: string,
  now = new Date(),
): Promise<Signals> {
  return signalsOfOwner(db, caller, customerId, address, now);
}
