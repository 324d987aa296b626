import { and, eq, sql } from "drizzle-orm";
import type { Customer, CustomerCreate, CustomerPatch } from "../../../shared/index";
import { column, fromJson, queryRows, type Db } from "../db/connect";
import { contacts, customerDomains, customers, emailCustomers, emails } from "../db/schema";
import { conflict, forbidden, notFound } from "./errors";
import { addTombstones } from "./customer-index";
import { removeSyncs } from "./email-delete";
import { newId } from "./ids";
import { bumpIndexSeq } from "./index-version";
import { normalizeDomains } from "./normalize";
import { vacuumAfterDelete } from "./vacuum";
import type { Caller } from "./workspaces";

type CustomerRow = typeof customers.$inferSelect;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** A customer row (or a function's JSON of one: dates as text) as the API shows it. */
export function customerView(
  row: Pick<CustomerRow, "id" | "name" | "attributes"> & {
    createdAt: Date | string;
    updatedAt: Date | string;
    lastTouchAt: Date | string | null;
  },
  domains: string[],
): Customer {
  return {
    id: row.id,
    name: row.name,
    domains,
    attributes: row.attributes,
    lastTouchAt: iso(row.lastTouchAt),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** A customer as `touchbase_customers_by_ids` answers it (dates as JSON text). */
export interface CustomerJson {
  id: string;
  name: string;
  attributes: CustomerRow["attributes"];
  createdAt: string;
  updatedAt: string;
  lastTouchAt: string | null;
  domains: string[] | null;
}

/**
 * Customers of a workspace by id, with domains and Last Touch: one call of `touchbase_customers_by_ids`
 * (migration 0090), planned once per connection.
 */
export async function customersByIds(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, Customer>> {
  if (ids.length === 0) return new Map();
  const [row] = await queryRows<{ customers: CustomerJson[] | string }>(
    db,
    sql`select touchbase_customers_by_ids(${workspaceId}, ${column(ids)}::text[]) as customers`,
  );
  return customerMap(fromJson(row.customers));
}

/** The customers a function answered, by id, as the API shows them. */
export function customerMap(rows: CustomerJson[] | null): Map<string, Customer> {
  return new Map((rows ?? []).map((r) => [r.id, customerView(r, r.domains ?? [])]));
}

export async function getCustomer(db: Db, caller: Caller, id: string): Promise<Customer> {
  const found = (await customersByIds(db, caller.workspace.id, [id])).get(id);
  if (!found) throw notFound("That customer");
  return found;
}

/** Throws NotFound unless the customer is in the caller's workspace: one primary-key read, for a route that needs no more. */
export async function requireCustomer(db: Db, caller: Caller, id: string): Promise<void> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.workspaceId, caller.workspace.id)));
  if (!row) throw notFound("That customer");
}

/** Inserts a customer's domains; a domain that another customer of the workspace owns is a 409 naming it. */
async function insertDomains(
  db: Db,
  workspaceId: string,
  customerId: string,
  domains: string[],
): Promise<void> {
  if (domains.length === 0) return;
  const inserted = await db
    .insert(customerDomains)
    .values(domains.map((domain, position) => ({ workspaceId, domain, customerId, position })))
    .onConflictDoNothing()
    .returning({ domain: customerDomains.domain });
  if (inserted.length === domains.length) return;
  const got = new Set(inserted.map((r) => r.domain));
  const clash = domains.find((d) => !got.has(d)) as string;
  const [owner] = await db
    .select({ name: customers.name })
    .from(customerDomains)
    .innerJoin(customers, eq(customers.id, customerDomains.customerId))
    .where(and(eq(customerDomains.workspaceId, workspaceId), eq(customerDomains.domain, clash)));
  throw conflict(
    "domain_taken",
    `The domain ${clash} already belongs to ${owner ? `the customer "${owner.name}"` : "another customer"}.`,
    { domain: clash },
  );
}

export async function createCustomer(db: Db, caller: Caller, input: CustomerCreate): Promise<Customer> {
  const domains = normalizeDomains(input.domains ?? [], "customer");
  const workspaceId = caller.workspace.id;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const seq = await bumpIndexSeq(tx, workspaceId);
    const [row] = await tx
      .insert(customers)
      .values({
        id: newId("cus"),
        workspaceId,
        name: input.name.trim(),
        attributes: input.attributes ?? {},
        seq,
      })
      .returning();
    await insertDomains(tx, workspaceId, row.id, domains);
    return customerView({ ...row, lastTouchAt: null }, domains);
  });
}

export async function updateCustomer(
  db: Db,
  caller: Caller,
  id: string,
  patch: CustomerPatch,
): Promise<Customer> {
  const domains = patch.domains === undefined ? undefined : normalizeDomains(patch.domains, "customer");
  const workspaceId = caller.workspace.id;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    // Lock the customer before the workspace row: the same order ingest takes them in.
    await tx.execute(sql`select id from ${customers} where id = ${id} for no key update`);
    const seq = await bumpIndexSeq(tx, workspaceId);
    const [row] = await tx
      .update(customers)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.attributes !== undefined ? { attributes: patch.attributes } : {}),
        seq,
        updatedAt: new Date(),
      })
      .where(and(eq(customers.id, id), eq(customers.workspaceId, workspaceId)))
      .returning();
    if (!row) throw notFound("That customer");
    if (domains !== undefined) {
      await tx.delete(customerDomains).where(eq(customerDomains.customerId, id));
      await insertDomains(tx, workspaceId, id, domains);
    }
    return (await customersByIds(tx, workspaceId, [id])).get(id) as Customer;
  });
}

/**
 * Deletes a customer with its domains and contacts, and every stored email that belonged to it alone (a delete
 * really deletes: an email nobody's customer is no longer kept).
 */
export async function deleteCustomer(db: Db, caller: Caller, id: string): Promise<void> {
  const workspaceId = caller.workspace.id;
  // Another workspace's id is a 404 for everyone; only then does the role matter.
  await requireCustomer(db, caller, id);
  if (caller.user.role !== "admin") throw forbidden("Only a workspace admin can delete a customer.");
  // The emails that belong to this customer alone go first, in the short transactions of a big delete (oldest
  // first, the event loop turning between them): a customer with 100,000 emails in one transaction would hold
  // the embedded database's only connection for as long as that takes. Stopped half way, what is left is
  // consistent: the customer with fewer emails.
  const alone = await queryRows<{ id: string }>(
    db,
    sql`select ec.email_id as id from ${emailCustomers} ec
        where ec.customer_id = ${id}
          and not exists (select 1 from ${emailCustomers} o where o.email_id = ec.email_id and o.customer_id <> ${id})`,
  );
  await removeSyncs(
    db,
    workspaceId,
    alone.map((r) => r.id),
    null,
  );
  // Then the customer, its domains and contacts, and whatever emails were linked to it meanwhile.
  const deletedEmails = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`select id from ${customers} where id = ${id} for update`);
    const seq = await bumpIndexSeq(tx, workspaceId);
    const removedContacts = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.customerId, id), eq(contacts.workspaceId, workspaceId)));
    const linked = await tx
      .select({ id: emailCustomers.emailId })
      .from(emailCustomers)
      .where(eq(emailCustomers.customerId, id));
    const gone = await tx
      .delete(customers)
      .where(and(eq(customers.id, id), eq(customers.workspaceId, workspaceId)))
      .returning({ id: customers.id });
    if (gone.length === 0) throw notFound("That customer");
    // Domains, contacts and email links went with the cascade; tombstones let `?since=` readers drop them too.
    await addTombstones(tx, workspaceId, seq, "customer", [id]);
    await addTombstones(
      tx,
      workspaceId,
      seq,
      "contact",
      removedContacts.map((c) => c.id),
    );
    const emailIds = linked.map((l) => l.id);
    let deleted = 0;
    for (let i = 0; i < emailIds.length; i += 1000) {
      const chunk = emailIds.slice(i, i + 1000);
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`delete from ${emails} e
            where e.id in ${chunk}
              and not exists (select 1 from ${emailCustomers} ec where ec.email_id = e.id)
            returning e.id`,
      );
      deleted += rows.length;
    }
    return deleted;
  });
  await vacuumAfterDelete(db, deletedEmails);
}
