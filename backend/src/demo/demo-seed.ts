import { DEMO_CUSTOMERS } from "../../../dev/demo-workspace";
import type { EmailInput } from "../../../shared/index";
import type { Db } from "../db/connect";
import { contacts } from "../db/schema";
import { createCustomer } from "../data/customers";
import { newId } from "../data/ids";
import { ingestEmails } from "../data/ingest";
import { createUser, type Caller } from "../data/workspaces";
import { bumpIndexSeq } from "../data/index-version";
import { DEMO_TEAM, DEMO_THREADS, type DemoTeamMember, type DemoThread } from "./demo-conversations";

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo customers, their contacts, two colleagues of the admin and the hand-written conversations of
 * `demo-conversations.ts`, dated relative to `now`. Each thread is synced by its owner, so the workspace shows who
 * in the team talks to which customer.
 */
export async function seedDemo(db: Db, caller: Caller, now = new Date()): Promise<{ emails: number }> {
  await createDemoCustomers(db, caller);
  const team = await createDemoTeam(db, caller);
  let stored = 0;
  for (const member of Object.keys(team) as DemoTeamMember[]) {
    const memberCaller = team[member];
    const batch = DEMO_THREADS.filter((t) => t.owner === member).flatMap((t) =>
      threadEmails(t, memberCaller, now),
    );
    const results = await ingestEmails(db, memberCaller, batch, { source: "import" });
    stored += results.filter((r) => r.status === "stored").length;
  }
  return { emails: stored };
}

async function createDemoCustomers(db: Db, caller: Caller): Promise<void> {
  for (const demo of DEMO_CUSTOMERS) {
    const customer = await createCustomer(db, caller, {
      name: demo.name,
      domains: demo.domains,
      attributes: demo.attributes,
    });
    if (demo.contacts.length === 0) continue;
    const seq = await bumpIndexSeq(db, caller.workspace.id);
    await db.insert(contacts).values(
      demo.contacts.map((c) => ({
        id: newId("con"),
        workspaceId: caller.workspace.id,
        customerId: customer.id,
        address: c.address.toLowerCase(),
        firstName: c.firstName,
        lastName: c.lastName,
        source: "manual" as const,
        seq,
      })),
    );
  }
}

async function createDemoTeam(db: Db, admin: Caller): Promise<Record<DemoTeamMember, Caller>> {
  const team = { admin } as Record<DemoTeamMember, Caller>;
  for (const member of ["dana", "fox"] as const) {
    const { user } = await createUser(db, admin.workspace.id, { ...DEMO_TEAM[member], role: "member" });
    team[member] = { workspace: admin.workspace, user };
  }
  return team;
}

/** A thread's messages as uploads: replies carry In-Reply-To/References and quote the message they answer. */
function threadEmails(thread: DemoThread, owner: Caller, now: Date): EmailInput[] {
  const us = `${owner.user.name} <${owner.user.email}>`;
  const emails: EmailInput[] = [];
  thread.messages.forEach((message, n) => {
    const from = message.from === "us" ? us : message.from === "them" ? thread.with : message.from;
    const to = from === us ? thread.with : us;
    const sentAt = new Date(now.getTime() - message.daysAgo * DAY);
    const parent = emails[n - 1];
    const text = parent ? `${message.text}\n\n${quote(parent, thread)}` : message.text;
    emails.push({
      messageId: `<demo.${thread.slug}.${n + 1}@northwind-cs.com>`,
      from,
      to,
      cc: message.cc,
      subject: n === 0 ? thread.subject : `${thread.language === "de" ? "AW" : "Re"}: ${thread.subject}`,
      sentAt: sentAt.toISOString(),
      text,
      inReplyTo: parent?.messageId,
      references: emails.map((e) => e.messageId).join(" ") || undefined,
      source: "import",
    });
  });
  return emails;
}

/** The quoted previous message, as Gmail (or, in German, Thunderbird) writes it under a reply. */
function quote(parent: EmailInput, thread: DemoThread): string {
  const date = new Date(parent.sentAt);
  const quoted = (parent.text ?? "")
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
  const header =
    thread.language === "de"
      ? `Am ${date.toLocaleDateString("de-DE", { timeZone: "UTC" })} um ${date.toISOString().slice(11, 16)} schrieb ${parent.from}:`
      : `On ${date.toUTCString().slice(0, 16)} at ${date.toISOString().slice(11, 16)}, ${parent.from} wrote:`;
  return `${header}\n${quoted}`;
}
