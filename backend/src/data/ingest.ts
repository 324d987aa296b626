import { and, eq, inArray, sql } from "drizzle-orm";
import {
  EmailInputSchema,
  normalizeAddress,
  parseAddressList,
  type BatchResult,
  type Classification,
  type EmailInput,
} from "../../../shared/index";
import type { Db } from "../db/connect";
import { contacts, customers, emailCustomers, emails, emailSyncs } from "../db/schema";
import { callerIndex } from "./customer-index";
import { messageKeyOf, participantKeys, snippetOf, threadKeyOf } from "./email-row";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import type { Caller } from "./workspaces";

type EmailSource = NonNullable<EmailInput["source"]>;

interface Accepted {
  position: number;
  input: EmailInput;
  key: string;
  classification: Classification;
  row: typeof emails.$inferInsert;
}

export interface IngestOptions {
  /** Source for items that do not name one. */
  defaultSource?: EmailSource;
  /** Forces the source (BCC inbound, CLI import), whatever the item says. */
  source?: EmailSource;
  /** Classify and report only; nothing is written. */
  dryRun?: boolean;
}

function issueSentence(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  const at = issue?.path.length ? `${issue.path.map(String).join(".")}: ` : "";
  return `${at}${issue?.message ?? "not a valid email"}`;
}

/**
 * Stores a batch of emails as `caller` would see them. Each item is validated and re-classified with the shared
 * core on its own; the accepted ones are written in one transaction whose inserts are idempotent (unique key +
 * ON CONFLICT), so a retry or a colleague syncing the same email never duplicates it. Locks are taken in one
 * global order (emails by key, then customers, then the workspace row, then contacts) so that concurrent batches
 * on PostgreSQL never deadlock.
 */
export async function ingestEmails(
  db: Db,
  caller: Caller,
  items: readonly unknown[],
  options: IngestOptions = {},
): Promise<BatchResult[]> {
  const { index } = await callerIndex(db, caller);
  const viewer = { addresses: [caller.user.email] };
  const results: BatchResult[] = new Array(items.length);
  const accepted: Accepted[] = [];
  const firstByKey = new Map<string, Accepted>();
  const duplicatesInBatch: { position: number; of: Accepted }[] = [];

  items.forEach((raw, position) => {
    const rawId = (raw as { messageId?: unknown } | null)?.messageId;
    const messageId = typeof rawId === "string" ? rawId : "";
    const parsed = EmailInputSchema.safeParse(raw);
    if (!parsed.success) {
      results[position] = { messageId, status: "invalid", reason: issueSentence(parsed.error) };
      return;
    }
    const input = parsed.data;
    const hasSender = parseAddressList(input.from).some((p) => normalizeAddress(p.address) !== null);
    if (!hasSender) {
      results[position] = { messageId, status: "invalid", reason: "from: no valid sender address" };
      return;
    }
    const message = { ...input, date: input.sentAt };
    const classification = index.classify(message, viewer);
    if (!classification.related) {
      results[position] = {
        messageId,
        status: classification.reason === "excluded" ? "excluded" : "not-customer",
        reason: classification.reason,
      };
      return;
    }
    const key = messageKeyOf(input);
    const earlier = firstByKey.get(key);
    if (earlier) {
      duplicatesInBatch.push({ position, of: earlier });
      return;
    }
    const sentAt = new Date(input.sentAt);
    const item: Accepted = {
      position,
      input,
      key,
      classification,
      row: {
        id: newId("em"),
        workspaceId: caller.workspace.id,
        messageKey: key,
        messageId: input.messageId.trim(),
        threadKey: threadKeyOf(input, key),
        subject: input.subject ?? "",
        from: input.from,
        to: input.to ?? "",
        cc: input.cc ?? "",
        sentAt,
        direction: index.direction(message, viewer),
        snippet: snippetOf(input.text, input.html),
        text: input.text ?? null,
        html: input.html ?? null,
        source: options.source ?? input.source ?? options.defaultSource ?? "import",
        participants: participantKeys(input),
      },
    };
    firstByKey.set(key, item);
    accepted.push(item);
  });

  if (options.dryRun) {
    for (const a of accepted) {
      results[a.position] = {
        messageId: a.input.messageId,
        status: "stored",
        customerIds: a.classification.customers.map((c) => c.customerId),
      };
    }
  } else if (accepted.length > 0) {
    const stored = await writeAccepted(db, caller, accepted);
    for (const a of accepted) {
      const outcome = stored.get(a.key) as { id: string; isNew: boolean };
      results[a.position] = {
        messageId: a.input.messageId,
        status: outcome.isNew ? "stored" : "duplicate",
        emailId: outcome.id,
        customerIds: a.classification.customers.map((c) => c.customerId),
      };
    }
  }
  for (const d of duplicatesInBatch) {
    const first = results[d.of.position];
    results[d.position] = {
      messageId: (items[d.position] as { messageId: string }).messageId,
      status: "duplicate",
      ...(first.emailId ? { emailId: first.emailId } : {}),
      customerIds: first.customerIds,
    };
  }
  return results;
}

async function writeAccepted(
  db: Db,
  caller: Caller,
  accepted: Accepted[],
): Promise<Map<string, { id: string; isNew: boolean }>> {
  const workspaceId = caller.workspace.id;
  const sorted = [...accepted].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const outcome = new Map<string, { id: string; isNew: boolean }>();
    let pending = sorted;
    // A concurrent delete can remove a conflicting row between the insert and the select: insert those again.
    for (let attempt = 0; pending.length > 0 && attempt < 3; attempt++) {
      const inserted = await tx
        .insert(emails)
        .values(pending.map((a) => a.row))
        .onConflictDoNothing({ target: [emails.workspaceId, emails.messageKey] })
        .returning({ id: emails.id, key: emails.messageKey });
      for (const r of inserted) outcome.set(r.key, { id: r.id, isNew: true });
      const missing = pending.filter((a) => !outcome.has(a.key)).map((a) => a.key);
      if (missing.length > 0) {
        const existing = await tx
          .select({ id: emails.id, key: emails.messageKey })
          .from(emails)
          .where(and(eq(emails.workspaceId, workspaceId), inArray(emails.messageKey, missing)));
        for (const r of existing) outcome.set(r.key, { id: r.id, isNew: false });
      }
      pending = pending.filter((a) => !outcome.has(a.key));
    }
    if (pending.length > 0) throw new Error("emails kept vanishing while being stored");

    const links = sorted
      .filter((a) => outcome.get(a.key)?.isNew)
      .flatMap((a) =>
        a.classification.customers.map((c) => ({
          emailId: a.row.id as string,
          customerId: c.customerId,
          sentAt: a.row.sentAt,
        })),
      );
    if (links.length > 0) await tx.insert(emailCustomers).values(links).onConflictDoNothing();
    await tx
      .insert(emailSyncs)
      .values(
        sorted.map((a) => ({ emailId: (outcome.get(a.key) as { id: string }).id, userId: caller.user.id })),
      )
      .onConflictDoNothing();

    await touchCustomers(tx, workspaceId, sorted);
    await createContacts(tx, workspaceId, sorted);
    await touchContacts(tx, workspaceId, sorted);
    return outcome;
  });
}

function latestBy(entries: Iterable<[string, Date]>): Map<string, Date> {
  const map = new Map<string, Date>();
  for (const [k, d] of entries) {
    const prev = map.get(k);
    if (!prev || prev < d) map.set(k, d);
  }
  return map;
}

const valuesList = (touched: Map<string, Date>) =>
  sql.join(
    [...touched.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, d]) => sql`(${k}, ${d.toISOString()}::timestamptz)`),
    sql`, `,
  );

async function touchCustomers(tx: Db, workspaceId: string, items: Accepted[]): Promise<void> {
  const touched = latestBy(
    items.flatMap((a) =>
      a.classification.customers.map((c) => [c.customerId, a.row.sentAt] as [string, Date]),
    ),
  );
  if (touched.size === 0) return;
  // Row locks in id order first: two batches touching the same customers then queue instead of deadlocking.
  await tx.execute(sql`
    select id from ${customers} where id in ${[...touched.keys()].sort()} order by id for no key update`);
  await tx.execute(sql`
    update ${customers} c set last_touch_at = v.t
    from (values ${valuesList(touched)}) as v(id, t)
    where c.id = v.id and c.workspace_id = ${workspaceId} and (c.last_touch_at is null or c.last_touch_at < v.t)`);
}

async function createContacts(tx: Db, workspaceId: string, items: Accepted[]): Promise<void> {
  const wanted = new Map<string, Accepted["classification"]["newContacts"][number]>();
  for (const a of items)
    for (const c of a.classification.newContacts) if (!wanted.has(c.address)) wanted.set(c.address, c);
  if (wanted.size === 0) return;
  const seq = await bumpIndexSeq(tx, workspaceId);
  await tx
    .insert(contacts)
    .values(
      [...wanted.values()]
        .sort((a, b) => (a.address < b.address ? -1 : 1))
        .map((c) => ({
          id: newId("con"),
          workspaceId,
          customerId: c.customerId,
          address: c.address,
          firstName: c.firstName,
          lastName: c.lastName,
          source: "auto" as const,
          seq,
        })),
    )
    .onConflictDoNothing({ target: [contacts.workspaceId, contacts.address] });
}

async function touchContacts(tx: Db, workspaceId: string, items: Accepted[]): Promise<void> {
  const touched = latestBy(
    items.flatMap((a) =>
      a.classification.customers.flatMap((c) =>
        c.matchedBy.map((m) => [m.address, a.row.sentAt] as [string, Date]),
      ),
    ),
  );
  if (touched.size === 0) return;
  await tx.execute(sql`
    select id from ${contacts} where workspace_id = ${workspaceId} and address in ${[...touched.keys()].sort()}
    order by id for no key update`);
  await tx.execute(sql`
    update ${contacts} c set last_touch_at = v.t
    from (values ${valuesList(touched)}) as v(address, t)
    where c.workspace_id = ${workspaceId} and c.address = v.address
      and (c.last_touch_at is null or c.last_touch_at < v.t)`);
}
