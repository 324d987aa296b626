import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  ContactCreateSchema,
  ContactPatchSchema,
  CustomerProfile,
  ProfileContact,
  ThreadPage,
} from "../../../shared/api/profile";
import type { EmailSummary } from "../../../shared/index";
import { queryRows, type Db } from "../db/connect";
import { contacts } from "../db/schema";
import { conflict, invalid, notFound } from "./errors";
import { getCustomer } from "./customers";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import { normalizeAddressOrThrow } from "./normalize";
import type { Caller } from "./workspaces";

// A customer's profile for the web workspace: contacts, who in the team syncs its mail, emails per week, and the
// history grouped by thread. Every read starts from the customer (getCustomer: 404 outside the caller's workspace)
// and walks the history index email_customers(customer_id, sent_at desc).

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
  const [contactRows, team, weeks, last] = await Promise.all([
    queryRows<{
      id: string;
      address: string;
      first_name: string;
      last_name: string;
      source: "manual" | "auto";
      last_touch_at: Date | string | null;
      merged_into: string | null;
    }>(
      db,
      sql`select id, address, first_name, last_name, source, last_touch_at, merged_into from contacts
          where customer_id = ${id} and workspace_id = ${caller.workspace.id}
          order by last_touch_at desc nulls last, address limit ${MAX_CONTACTS + 1}`,
    ),
    queryRows<{ id: string; name: string; email: string; n: number; last: Date | string | null }>(
      db,
      sql`select u.id, u.name, u.email, count(*)::int as n, max(ec.sent_at) as last
          from email_customers ec join email_syncs s on s.email_id = ec.email_id join users u on u.id = s.user_id
          where ec.customer_id = ${id}
          group by u.id, u.name, u.email order by n desc, u.name limit 100`,
    ),
    queryRows<{ w: Date | string; direction: "inbound" | "outbound"; n: number }>(
      db,
      sql`select date_trunc('week', ec.sent_at at time zone 'UTC') as w, e.direction, count(*)::int as n
          from email_customers ec join emails e on e.id = ec.email_id
          where ec.customer_id = ${id} and ec.sent_at >= ${new Date(firstWeek).toISOString()}::timestamptz
          group by 1, 2`,
    ),
    queryRows<{ last_in: Date | string | null; last_out: Date | string | null }>(
      db,
      sql`select
        (select ec.sent_at from email_customers ec join emails e on e.id = ec.email_id
           where ec.customer_id = ${id} and e.direction = 'inbound' order by ec.sent_at desc limit 1) as last_in,
        (select ec.sent_at from email_customers ec join emails e on e.id = ec.email_id
           where ec.customer_id = ${id} and e.direction = 'outbound' order by ec.sent_at desc limit 1) as last_out`,
    ),
  ]);
  const byWeek = new Map<number, { inbound: number; outbound: number }>();
  for (let i = 0; i < WEEKS; i++) byWeek.set(firstWeek + i * WEEK, { inbound: 0, outbound: 0 });
  for (const r of weeks) {
    // `timestamp without time zone` comes back as local-time text or Date; read it as UTC.
    const raw =
      r.w instanceof Date ? r.w.getTime() - r.w.getTimezoneOffset() * 60_000 : Date.parse(`${r.w}Z`);
    const slot = byWeek.get(weekStart(raw));
    if (slot) slot[r.direction] += Number(r.n);
  }
  return {
    customer,
    contacts: contactRows.slice(0, MAX_CONTACTS).map(contactView),
    contactsTruncated: contactRows.length > MAX_CONTACTS,
    team: team.map((t) => ({
      userId: t.id,
      name: t.name,
      email: t.email,
      emails: Number(t.n),
      lastEmailAt: iso(t.last),
    })),
    weeks: [...byWeek].map(([w, c]) => ({ week: new Date(w).toISOString(), ...c })),
    lastInboundAt: iso(last[0]?.last_in),
    lastOutboundAt: iso(last[0]?.last_out),
  };
}

function contactView(r: {
  id: string;
  address: string;
  first_name: string;
  last_name: string;
  source: "manual" | "auto";
  last_touch_at: Date | string | null;
  merged_into: string | null;
}): ProfileContact {
  return {
    id: r.id,
    address: r.address,
    firstName: r.first_name,
    lastName: r.last_name,
    source: r.source,
    lastTouchAt: iso(r.last_touch_at),
    mergedInto: r.merged_into,
  };
}

function encodeCursor(at: string, key: string) {
  return Buffer.from(JSON.stringify([at, key])).toString("base64url");
}
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === "string" &&
      typeof v[1] === "string" &&
      !Number.isNaN(Date.parse(v[0]))
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // falls through
  }
  throw invalid("invalid_cursor", "The cursor is not one this server gave out.");
}

/** The customer's threads, newest activity first, keyset-paged on (newest email, thread key). */
export async function customerThreads(
  db: Db,
  caller: Caller,
  id: string,
  options: { cursor?: string; limit: number },
): Promise<ThreadPage> {
  await getCustomer(db, caller, id);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const groups = await queryRows<{ thread_key: string; last_at: Date | string; n: number }>(
    db,
    sql`select e.thread_key, max(ec.sent_at) as last_at, count(*)::int as n
        from email_customers ec join emails e on e.id = ec.email_id
        where ec.customer_id = ${id}
        group by e.thread_key
        ${after ? sql`having (max(ec.sent_at), e.thread_key) < (${after[0]}::timestamptz, ${after[1]})` : sql``}
        order by last_at desc, e.thread_key desc
        limit ${options.limit + 1}`,
  );
  const page = groups.slice(0, options.limit);
  const keys = page.map((g) => g.thread_key);
  const newest =
    keys.length === 0
      ? []
      : await queryRows<{
          thread_key: string;
          id: string;
          subject: string;
          from_header: string;
          direction: "inbound" | "outbound";
          snippet: string;
        }>(
          db,
          sql`select distinct on (e.thread_key) e.thread_key, e.id, e.subject, e.from_header, e.direction, e.snippet
              from emails e join email_customers ec on ec.email_id = e.id and ec.customer_id = ${id}
              where e.workspace_id = ${caller.workspace.id} and e.thread_key in ${keys}
              order by e.thread_key, e.sent_at desc, e.id desc`,
        );
  const byKey = new Map(newest.map((n) => [n.thread_key, n]));
  const threads = page.flatMap((g) => {
    const n = byKey.get(g.thread_key);
    if (!n) return [];
    return [
      {
        threadKey: g.thread_key,
        subject: n.subject,
        lastAt: new Date(g.last_at).toISOString(),
        count: Number(g.n),
        lastEmailId: n.id,
        lastFrom: n.from_header,
        lastDirection: n.direction,
        snippet: n.snippet,
      },
    ];
  });
  const last = threads[threads.length - 1];
  return {
    threads,
    nextCursor: groups.length > options.limit && last ? encodeCursor(last.lastAt, last.threadKey) : null,
  };
}

/** One thread's emails of this customer, newest first (at most 200). */
export async function threadEmails(
  db: Db,
  caller: Caller,
  id: string,
  threadKey: string,
): Promise<EmailSummary[]> {
  await getCustomer(db, caller, id);
  const rows = await queryRows<{
    id: string;
    message_id: string;
    subject: string;
    from_header: string;
    to_header: string;
    sent_at: Date | string;
    direction: "inbound" | "outbound";
    snippet: string;
    thread_key: string;
  }>(
    db,
    sql`select e.id, e.message_id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet, e.thread_key
        from email_customers ec join emails e on e.id = ec.email_id
        where ec.customer_id = ${id} and e.workspace_id = ${caller.workspace.id} and e.thread_key = ${threadKey}
        order by ec.sent_at desc, ec.email_id desc limit 200`,
  );
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    subject: r.subject,
    from: r.from_header,
    to: r.to_header,
    sentAt: new Date(r.sent_at).toISOString(),
    direction: r.direction,
    snippet: r.snippet,
    threadKey: r.thread_key,
    threadCount: rows.length,
  }));
}

/** A contact added by hand: it joins the customer index (a new version), so the add-ins match its address. */
export async function createContact(
  db: Db,
  caller: Caller,
  customerId: string,
  input: z.output<typeof ContactCreateSchema>,
): Promise<ProfileContact> {
  await getCustomer(db, caller, customerId);
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
