import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  ContactCreateSchema,
  ContactPage,
  ContactPatchSchema,
  CustomerProfile,
  ProfileContact,
  TeamMemberTouch,
  ThreadPage,
} from "../../../shared/api/profile";
import type { EmailSummary } from "../../../shared/index";
import { queryRows, type Db } from "../db/connect";
import { contacts } from "../db/schema";
import { contactPage, contactPageQuery, contactView, type ContactRow } from "./contact-list";
import { conflict, invalid, notFound } from "./errors";
import { getCustomer, requireCustomer } from "./customers";
import { emailSummaryOf, type SummaryRow } from "./email-summary";
import { shownTo, visibilityColumns, type VisibilityRow } from "./email-visibility";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import { anyText, decodeCursor, encodeCursor, isoInstant } from "./keyset-cursor";
import { normalizeAddressOrThrow } from "./normalize";
import type { Caller } from "./workspaces";

// A customer's profile for the web workspace: contacts, who in the team syncs its mail, emails per week, and the
// history grouped by thread. Every read starts from the customer (getCustomer, or requireCustomer where the
// customer itself is not shown: 404 outside the caller's workspace) and walks the history index
// email_customers(customer_id, sent_at desc).

const WEEKS = 26;
const WEEK = 7 * 86_400_000;
const MAX_CONTACTS = 500;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Monday 00:00 UTC of the week holding `t`. */
export function weekStart(t: number): number {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

export async function customerProfile(db: Db, caller: Caller, id: string): Promise<CustomerProfile> {
  const customer = await getCustomer(db, caller, id);
  const firstWeek = weekStart(Date.now()) - (WEEKS - 1) * WEEK;
  const [contactRows, weeks, last] = await Promise.all([
    queryRows<ContactRow>(db, contactPageQuery(id, MAX_CONTACTS + 1)),
    // One index range of the history per week (26 small groups, never a sort of the customer's emails); the
    // direction copied onto the link (migration 0081), or read off the email for a link written without it.
    queryRows<{ i: number; inbound: number; outbound: number }>(
      db,
      sql`select w.i,
            count(*) filter (where d.direction = 'inbound')::int as inbound,
            count(*) filter (where d.direction = 'outbound')::int as outbound
          from generate_series(0, ${WEEKS - 1}) as w(i)
          left join email_customers ec on ec.customer_id = ${id}
            and ec.sent_at >= ${new Date(firstWeek).toISOString()}::timestamptz + w.i * interval '7 days'
            and ec.sent_at < ${new Date(firstWeek).toISOString()}::timestamptz + (w.i + 1) * interval '7 days'
          left join lateral (select coalesce(ec.direction, (select e.direction from emails e where e.id = ec.email_id))
                               as direction) d on true
          group by w.i`,
    ),
    queryRows<{ last_in: Date | string | null; last_out: Date | string | null }>(
      db,
      // The newest thread each way (customer_threads, kept by signals-upkeep.ts): one index entry each.
      sql`select
        (select ct.last_inbound_at from customer_threads ct where ct.customer_id = ${id}
           and ct.last_inbound_at is not null order by ct.last_inbound_at desc limit 1) as last_in,
        (select ct.last_outbound_at from customer_threads ct where ct.customer_id = ${id}
           and ct.last_outbound_at is not null order by ct.last_outbound_at desc limit 1) as last_out`,
    ),
  ]);
  const byIndex = new Map(weeks.map((w) => [Number(w.i), w]));
  return {
    customer,
    contacts: contactRows.slice(0, MAX_CONTACTS).map(contactView),
    contactsTruncated: contactRows.length > MAX_CONTACTS,
    weeks: Array.from({ length: WEEKS }, (_, i) => ({
      week: new Date(firstWeek + i * WEEK).toISOString(),
      inbound: Number(byIndex.get(i)?.inbound ?? 0),
      outbound: Number(byIndex.get(i)?.outbound ?? 0),
    })),
    lastInboundAt: iso(last[0]?.last_in),
    lastOutboundAt: iso(last[0]?.last_out),
  };
}

/** A page of the customer's contacts (the profile shows the first MAX_CONTACTS). */
export async function customerContacts(
  db: Db,
  caller: Caller,
  id: string,
  options: { cursor?: string; limit: number },
): Promise<ContactPage> {
  await requireCustomer(db, caller, id);
  return contactPage(db, id, options);
}

/**
 * Who in the team syncs this customer's mail, most emails first. Its own request, after the profile's first screen:
 * it counts every email of the customer.
 */
export async function customerTeam(db: Db, caller: Caller, id: string): Promise<TeamMemberTouch[]> {
  await requireCustomer(db, caller, id);
  const rows = await queryRows<{
    id: string;
    name: string;
    email: string;
    n: number;
    last: Date | string | null;
  }>(
    db,
    sql`select u.id, u.name, u.email, count(*)::int as n, max(ec.sent_at) as last
        from email_customers ec join email_syncs s on s.email_id = ec.email_id join users u on u.id = s.user_id
        where ec.customer_id = ${id}
        group by u.id, u.name, u.email order by n desc, u.name limit 100`,
  );
  return rows.map((t) => ({
    userId: t.id,
    name: t.name,
    email: t.email,
    emails: Number(t.n),
    lastEmailAt: iso(t.last),
  }));
}

interface ThreadGroup {
  thread_key: string;
  last_at: Date | string;
  n: number;
  /**
   * The thread's newest email: its place among threads with the same newest instant, and in the page's cursor.
   * Not the thread key: a cursor is a response too, and a colleague may not see a private thread's key (issue 12).
   */
  last_id: string;
}

/**
 * The first `wanted` threads of a customer after the cursor, newest email first. Walks the history index
 * (customer_id, sent_at desc) from the cursor in growing batches, collecting thread keys as they first appear, and
 * reads each new thread's newest email and count off its own emails (emails_workspace_thread): the first page of a
 * customer with 100,000 emails reads about a hundred index entries instead of grouping them all. The ORDER BY
 * spells the index's own order (`desc nulls last`), or the planner sorts the whole history first.
 */
async function threadGroups(
  db: Db,
  workspaceId: string,
  customerId: string,
  after: [string, string] | null,
  wanted: number,
): Promise<ThreadGroup[]> {
  const seen = new Set<string>();
  const found: ThreadGroup[] = [];
  const before = (g: ThreadGroup) => {
    if (!after) return true;
    const at = new Date(g.last_at).getTime();
    const cursorAt = Date.parse(after[0]);
    return at < cursorAt || (at === cursorAt && g.last_id < after[1]);
  };
  let walk: { at: string; emailId: string } | null = null;
  for (let batch = 4 * wanted; ; batch = Math.min(batch * 4, 20_000)) {
    type WalkRow = { thread_key: string; sent_at: Date | string; at: string; email_id: string };
    const rows: WalkRow[] = await queryRows<WalkRow>(
      db,
      sql`select e.thread_key, ec.sent_at, ec.sent_at::text as at, ec.email_id
          from email_customers ec join emails e on e.id = ec.email_id
          where ec.customer_id = ${customerId}
            ${after ? sql`and ec.sent_at <= ${after[0]}::timestamptz` : sql``}
            ${walk ? sql`and (ec.sent_at, ec.email_id) < (${walk.at}::timestamptz, ${walk.emailId})` : sql``}
          order by ec.sent_at desc nulls last, ec.email_id desc nulls last
          limit ${batch}`,
    );
    const fresh = [...new Set(rows.map((r) => r.thread_key))].filter((k) => !seen.has(k));
    for (const k of fresh) seen.add(k);
    if (fresh.length > 0) {
      const groups = await queryRows<ThreadGroup>(
        db,
        sql`select e.thread_key, max(ec.sent_at) as last_at, count(*)::int as n,
              (array_agg(e.id order by ec.sent_at desc, e.id desc))[1] as last_id
            from emails e join email_customers ec on ec.email_id = e.id and ec.customer_id = ${customerId}
            where e.workspace_id = ${workspaceId} and e.thread_key = any(${sql.param(fresh)}::text[])
            group by e.thread_key`,
      );
      found.push(...groups.filter(before));
    }
    const last: WalkRow | undefined = rows[rows.length - 1];
    if (rows.length < batch || !last) break;
    walk = { at: last.at, emailId: last.email_id };
    // Every thread not seen yet has its newest email at or before `walk`: enough when `wanted` are newer.
    const byNewest = [...found].sort(newestFirst);
    const edge = byNewest[wanted - 1];
    if (edge && new Date(edge.last_at).getTime() > new Date(last.sent_at).getTime()) break;
  }
  return found.sort(newestFirst).slice(0, wanted);
}

function newestFirst(a: ThreadGroup, b: ThreadGroup): number {
  const d = new Date(b.last_at).getTime() - new Date(a.last_at).getTime();
  return d !== 0 ? d : a.last_id < b.last_id ? 1 : a.last_id > b.last_id ? -1 : 0;
}

/** The customer's threads, newest activity first, keyset-paged on (newest instant, newest email's id). */
export async function customerThreads(
  db: Db,
  caller: Caller,
  id: string,
  options: { cursor?: string; limit: number },
): Promise<ThreadPage> {
  await requireCustomer(db, caller, id);
  const after = options.cursor ? decodeCursor(options.cursor, [isoInstant, anyText]) : null;
  const groups = await threadGroups(db, caller.workspace.id, id, after, options.limit + 1);
  const page = groups.slice(0, options.limit);
  const keys = page.map((g) => g.thread_key);
  const newest =
    keys.length === 0
      ? []
      : await queryRows<
          VisibilityRow & {
            thread_key: string;
            id: string;
            subject: string;
            from_header: string;
            direction: "inbound" | "outbound";
            snippet: string;
          }
        >(
          db,
          sql`select distinct on (e.thread_key) e.thread_key, e.id, e.subject, e.from_header, e.direction, e.snippet,
                ${visibilityColumns(caller.user.id)}
              from emails e join email_customers ec on ec.email_id = e.id and ec.customer_id = ${id}
              where e.workspace_id = ${caller.workspace.id} and e.thread_key in ${keys}
              order by e.thread_key, e.sent_at desc, e.id desc`,
        );
  const byKey = new Map(newest.map((n) => [n.thread_key, n]));
  const threads = page.flatMap((g) => {
    const n = byKey.get(g.thread_key);
    if (!n) return [];
    // A thread shows its newest email: as much of it as the caller may see (the count counts every email).
    return [
      {
        cursor: encodeCursor(new Date(g.last_at).toISOString(), g.last_id),
        thread: shownTo(caller, n, {
          threadKey: g.thread_key,
          subject: n.subject,
          lastAt: new Date(g.last_at).toISOString(),
          count: Number(g.n),
          lastEmailId: n.id,
          lastFrom: n.from_header,
          lastDirection: n.direction,
          snippet: n.snippet,
        }),
      },
    ];
  });
  const last = threads[threads.length - 1];
  return {
    threads: threads.map((t) => t.thread),
    nextCursor: groups.length > options.limit && last ? last.cursor : null,
  };
}

/** One thread's emails of this customer, newest first (at most 200). */
export async function threadEmails(
  db: Db,
  caller: Caller,
  id: string,
  threadKey: string,
): Promise<EmailSummary[]> {
  await requireCustomer(db, caller, id);
  const rows = await queryRows<SummaryRow & { message_id: string }>(
    db,
    sql`select e.id, e.message_id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet, e.thread_key,
          ${visibilityColumns(caller.user.id)}
        from email_customers ec join emails e on e.id = ec.email_id
        where ec.customer_id = ${id} and e.workspace_id = ${caller.workspace.id} and e.thread_key = ${threadKey}
        order by ec.sent_at desc, ec.email_id desc limit 200`,
  );
  return rows.map((r) => emailSummaryOf(caller, r, { messageId: r.message_id, threadCount: rows.length }));
}

/** A contact added by hand: it joins the customer index (a new version), so the add-ins match its address. */
export async function createContact(
  db: Db,
  caller: Caller,
  customerId: string,
  input: z.output<typeof ContactCreateSchema>,
): Promise<ProfileContact> {
  await requireCustomer(db, caller, customerId);
  const address = normalizeAddressOrThrow(input.address);
  const workspaceId = caller.workspace.id;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [existing] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.address, address)));
    if (existing) throw conflict("contact_exists", `${address} is already a contact in this workspace.`);
    const seq = await bumpIndexSeq(tx, workspaceId);
    const [row] = await tx
      .insert(contacts)
      .values({
        id: newId("con"),
        workspaceId,
        customerId,
        address,
        firstName: input.firstName,
        lastName: input.lastName,
        source: "manual",
        seq,
      })
      .returning();
    return contactView({
      id: row.id,
      address: row.address,
      first_name: row.firstName,
      last_name: row.lastName,
      source: row.source,
      last_touch_at: row.lastTouchAt,
      merged_into: row.mergedInto,
      touch_micros: null,
    });
  });
}

async function contactOf(db: Db, caller: Caller, id: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), eq(contacts.workspaceId, caller.workspace.id)));
  if (!row) throw notFound("That contact");
  return row;
}

/** A contact's name (its address is its identity: change it by adding a contact and merging). */
export async function updateContact(
  db: Db,
  caller: Caller,
  id: string,
  patch: z.output<typeof ContactPatchSchema>,
): Promise<void> {
  await contactOf(db, caller, id);
  if (patch.firstName === undefined && patch.lastName === undefined) return;
  await db
    .update(contacts)
    .set({
      ...(patch.firstName !== undefined ? { firstName: patch.firstName } : {}),
      ...(patch.lastName !== undefined ? { lastName: patch.lastName } : {}),
    })
    .where(and(eq(contacts.id, id), eq(contacts.workspaceId, caller.workspace.id)));
}

/**
 * Two contacts of one customer are one person: `mergeId` (and whatever was merged into it) now points at `keepId`.
 * Both addresses stay contacts of the customer, so matching and Last Touch do not change.
 */
export async function mergeContacts(db: Db, caller: Caller, keepId: string, mergeId: string): Promise<void> {
  if (keepId === mergeId) throw invalid("same_contact", "Choose two different contacts to merge.");
  const [keep, merge] = await Promise.all([contactOf(db, caller, keepId), contactOf(db, caller, mergeId)]);
  if (keep.customerId !== merge.customerId) {
    throw invalid("different_customers", "Only contacts of the same customer can be merged.");
  }
  if (keep.mergedInto) throw invalid("already_merged", "Keep the contact the others were merged into.");
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx
      .update(contacts)
      .set({ mergedInto: keepId })
      .where(and(eq(contacts.workspaceId, caller.workspace.id), eq(contacts.mergedInto, mergeId)));
    await tx
      .update(contacts)
      .set({
        mergedInto: keepId,
        firstName: merge.firstName || keep.firstName,
        lastName: merge.lastName || keep.lastName,
      })
      .where(eq(contacts.id, mergeId));
    if (!keep.firstName && !keep.lastName && (merge.firstName || merge.lastName)) {
      await tx
        .update(contacts)
        .set({ firstName: merge.firstName, lastName: merge.lastName })
        .where(eq(contacts.id, keepId));
    }
  });
}
