import { sql } from "drizzle-orm";
import type { ContactPage, ProfileContact } from "../../../shared/api/profile";
import { queryRows, type Db } from "../db/connect";
import { anyText, decodeCursor, encodeCursor, epochMicros } from "./keyset-cursor";

// A customer's contacts, most recently in touch first (never touched last), keyset-paged on
// (coalesce(last_touch_at, -infinity), id): one range scan of `contacts_customer_touch` (migration 0065) per page,
// whatever the number of contacts. The cursor holds the time in microseconds ("" for never touched), exactly.

export interface ContactRow {
  id: string;
  address: string;
  first_name: string;
  last_name: string;
  source: "manual" | "auto";
  last_touch_at: Date | string | null;
  merged_into: string | null;
  touch_micros: string | null;
}

const touchKey = sql`coalesce(c.last_touch_at, '-infinity'::timestamptz)`;
const optionalMicros = (v: string) => v === "" || epochMicros(v);

export function contactPageQuery(customerId: string, limit: number, cursor?: string) {
  const after = cursor ? decodeCursor(cursor, [optionalMicros, anyText]) : null;
  const keyset = after
    ? sql`and (${touchKey}, c.id) < (${
        after[0] === ""
          ? sql`'-infinity'::timestamptz`
          : sql`timestamptz 'epoch' + ${after[0]}::bigint * interval '1 microsecond'`
      }, ${after[1]})`
    : sql``;
  return sql`
    select c.id, c.address, c.first_name, c.last_name, c.source, c.last_touch_at, c.merged_into,
           (extract(epoch from c.last_touch_at) * 1000000)::bigint::text as touch_micros
    from contacts c
    where c.customer_id = ${customerId} ${keyset}
    order by ${touchKey} desc, c.id desc
    limit ${limit}`;
}

export function contactView(r: ContactRow): ProfileContact {
  return {
    id: r.id,
    address: r.address,
    firstName: r.first_name,
    lastName: r.last_name,
    source: r.source,
    lastTouchAt: r.last_touch_at ? new Date(r.last_touch_at).toISOString() : null,
    mergedInto: r.merged_into,
  };
}

/** One page of a customer the caller's workspace owns (the caller checks that first). */
export async function contactPage(
  db: Db,
  customerId: string,
  options: { cursor?: string; limit: number },
): Promise<ContactPage> {
  const rows = await queryRows<ContactRow>(
    db,
    contactPageQuery(customerId, options.limit + 1, options.cursor),
  );
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    contacts: page.map(contactView),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.touch_micros ?? "", last.id) : null,
  };
}
