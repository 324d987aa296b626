// How long the big deletes take: a workspace-exclusion purge of one customer's domain, then DELETE /me/emails of
// everything a member synced (a tenth of it also synced by the admin, so those emails stay and the contacts'
// lastTouchAt must fall back to them). Data functions called as the routes call them, on a real database.
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../src/db/connect";
import { createCustomer } from "../src/data/customers";
import { deleteMyEmails } from "../src/data/email-delete";
import { createExclusion } from "../src/data/exclusions";
import { ingestEmails } from "../src/data/ingest";
import { createUser, createWorkspace, findCallerByToken, type Caller } from "../src/data/workspaces";

export interface DeleteTiming {
  emails: number;
  contacts: number;
  fillSeconds: number;
  purge: { seconds: number; purged: number };
  deleteMine: { seconds: number; deleted: number };
  /** Contacts whose lastTouchAt is not the newest remaining email they take part in (must be 0). */
  wrongLastTouch: number;
}

const CUSTOMERS = 30;
const CONTACTS = 300;

export async function measureDeletes(database: Database, emails: number): Promise<DeleteTiming> {
  const db = database.db;
  const { token: adminToken } = await createWorkspace(db, {
    name: `Delete bench ${Date.now()}`,
    internalDomains: ["northwind.test"],
    adminEmail: "admin@northwind.test",
  });
  const admin = (await findCallerByToken(db, adminToken)) as Caller;
  const { token: repToken } = await createUser(db, admin.workspace.id, {
    email: "rep@northwind.test",
    role: "member",
  });
  for (let c = 0; c < CUSTOMERS; c++) {
    await createCustomer(db, admin, { name: `Customer ${c}`, domains: [`c${c}.test`] });
  }
  const person = (i: number) =>
    `person${Math.floor(i / CUSTOMERS) % (CONTACTS / CUSTOMERS)}@c${i % CUSTOMERS}.test`;
  const fillStart = performance.now();
  const all = Array.from({ length: emails }, (_, i) => ({
    messageId: `<del-${i}@bench.test>`,
    from: `Person ${i % CONTACTS} <${person(i % CONTACTS)}>`,
    to: "Rep <rep@northwind.test>",
    cc: i % 7 === 0 ? person((i + 1) % CONTACTS) : undefined,
    subject: `Update ${i}`,
    sentAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    text: `Hello, this is update ${i}. `.repeat(8),
  }));
  for (let b = 0; b < emails; b += 100) {
    const rep = (await findCallerByToken(db, repToken)) as Caller;
    await ingestEmails(db, rep, all.slice(b, b + 100));
  }
  // The admin syncs every tenth email too: those stay after the member's delete.
  const kept = all.filter((_, i) => i % 10 === 0);
  for (let b = 0; b < kept.length; b += 100) {
    const me = (await findCallerByToken(db, adminToken)) as Caller;
    await ingestEmails(db, me, kept.slice(b, b + 100));
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;

  let start = performance.now();
  const { exclusion } = await createExclusion(db, (await findCallerByToken(db, adminToken)) as Caller, {
    kind: "domain",
    value: "c0.test",
    scope: "workspace",
    purge: true,
  });
  const purge = { seconds: (performance.now() - start) / 1000, purged: exclusion.purged };

  start = performance.now();
  const deleted = await deleteMyEmails(db, (await findCallerByToken(db, repToken)) as Caller);
  const deleteMine = { seconds: (performance.now() - start) / 1000, deleted };

  const [{ n }] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from contacts ct
        where ct.workspace_id = ${admin.workspace.id}
          and ct.last_touch_at is distinct from (
            select max(e.sent_at) from emails e
            join email_customers ec on ec.email_id = e.id and ec.customer_id = ct.customer_id
            where e.workspace_id = ct.workspace_id and e.participants ? ct.address)`,
  );
  return { emails, contacts: CONTACTS, fillSeconds, purge, deleteMine, wrongLastTouch: n };
}
