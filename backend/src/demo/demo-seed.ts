import { DEMO_CUSTOMERS } from "../../../shared/demo/demo-workspace";
import type { EmailInput } from "../../../shared/index";
import type { Db } from "../db/connect";
import { contacts } from "../db/schema";
import { createCustomer } from "../data/customers";
import { newId } from "../data/ids";
import { ingestEmails } from "../data/ingest";
import { parseRawMessage } from "../inbound/mime-to-email";
import type { Caller } from "../data/workspaces";
import { bumpIndexSeq } from "../data/index-version";
import { fixtureEmails } from "./fixture-emails";

const DAY = 24 * 60 * 60 * 1000;
const DEMO_EMAIL_COUNT = 36;
/** People at customers without a named contact, so every demo customer has mail. */
const FALLBACK_PEOPLE = ["jordan.lee", "sam.rivera", "kim.novak"];

function displayName(address: string): string {
  return address
    .split("@")[0]
    .split(/[._]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(" ");
}

/**
 * The demo customers, their contacts, and a few dozen emails: bodies and subjects from the real fixture emails,
 * addresses remapped to the demo customers and the admin, spread over the last weeks, every other one a reply.
 */
export async function seedDemo(db: Db, caller: Caller, now = new Date()): Promise<{ emails: number }> {
  const customerIds: string[] = [];
  for (const demo of DEMO_CUSTOMERS) {
    const customer = await createCustomer(db, caller, {
      name: demo.name,
      domains: demo.domains,
      attributes: demo.attributes,
    });
    customerIds.push(customer.id);
    if (demo.contacts.length > 0) {
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
  const bodies = [];
  for (const fixture of fixtureEmails()) {
    const { input } = await parseRawMessage(fixture.raw);
    if ((input.text ?? "").trim().length > 20 || (input.html ?? "").trim().length > 20) bodies.push(input);
  }
  const me = `${caller.user.name} <${caller.user.email}>`;
  const batch: EmailInput[] = [];
  for (let i = 0; i < DEMO_EMAIL_COUNT && bodies.length > 0; i++) {
    const body = bodies[i % bodies.length];
    const demo = DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length];
    const person =
      demo.contacts[Math.floor(i / DEMO_CUSTOMERS.length) % Math.max(demo.contacts.length, 1)]?.address ??
      `${FALLBACK_PEOPLE[i % FALLBACK_PEOPLE.length]}@${demo.domains[0]}`;
    const them = `${displayName(person)} <${person}>`;
    const isReply = i >= DEMO_CUSTOMERS.length && i % 2 === 1;
    const parent = isReply ? batch[i - DEMO_CUSTOMERS.length] : undefined;
    const subject = (body.subject || "Quick question").replace(/^(re|fwd?):\s*/i, "");
    const inbound = i % 3 !== 2;
    batch.push({
      messageId: `<demo-${i}-${now.getTime().toString(36)}@touchbase.local>`,
      from: inbound ? them : me,
      to: inbound ? me : them,
      subject: parent ? `Re: ${parent.subject}` : subject,
      sentAt: new Date(now.getTime() - (DEMO_EMAIL_COUNT - i) * 1.3 * DAY).toISOString(),
      text: body.text?.slice(0, 4000),
      html: body.html?.slice(0, 20_000),
      inReplyTo: parent?.messageId,
      references: parent?.messageId,
      source: "import",
    });
  }
  const results = await ingestEmails(db, caller, batch, { source: "import" });
  return { emails: results.filter((r) => r.status === "stored").length };
}
