import { describe, expect, it } from "vitest";
import { CustomerIndex } from "../../shared";
import { DEMO_CUSTOMERS, DEMO_WORKSPACE } from "../../dev/demo-workspace";
import type { GraphMessageFull } from "../src/graph/graph-types";
import { mailFromGraph } from "../src/sync/graph-email";
import { seedDemoMailbox } from "./demo-mailbox";
import type { Mailbox, SimMessage } from "./mailbox";
import { messageResource } from "./odata";
import { GraphSimulator } from "./simulator-server";

// The mailbox `npm start` serves (issue 14): the same Message-IDs at every start (a re-sync finds what it stored),
// people whose names match their addresses, and no bounce or spam in a customer's history.

const seed = async (now: string) =>
  (await seedDemoMailbox(new GraphSimulator(), { now: new Date(now) })).mailbox;
const ids = (mailbox: Mailbox) => [...mailbox.messages.values()].map((m) => m.internetMessageId).sort();

const index = new CustomerIndex({
  version: "demo",
  internalDomains: [...DEMO_WORKSPACE.internalDomains],
  customers: DEMO_CUSTOMERS.map((c, i) => ({ id: `c${i}`, name: c.name, domains: c.domains })),
  contacts: DEMO_CUSTOMERS.flatMap((c, i) =>
    c.contacts.map((k, j) => ({ id: `k${i}.${j}`, customerId: `c${i}`, address: k.address })),
  ),
  exclusions: [],
  settings: {
    autoCreateContacts: true,
    lookbackDays: 90,
    skipBulk: true,
    skipAutoReplies: true,
    skipCalendar: true,
    skipNoReply: true,
  },
});
const isCustomerMail = (m: SimMessage) =>
  index.classify(mailFromGraph(messageResource(m, null) as unknown as GraphMessageFull), {
    addresses: [DEMO_WORKSPACE.adminEmail],
  }).related;

/** "Maria Garcia" ↔ maria.garcia@…: every word of the name is in the address's local part. */
function nameMatches(name: string, address: string): boolean {
  const local = address.slice(0, address.lastIndexOf("@")).toLowerCase();
  const words = name
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return words.every((w) => local.includes(w));
}

function isBounceOrSpam(m: SimMessage): boolean {
  const header = (n: string) => m.internetMessageHeaders.find((h) => h.name.toLowerCase() === n)?.value ?? "";
  return (
    /multipart\/report/i.test(header("content-type")) ||
    /mailer-daemon|postmaster/i.test(m.from.address) ||
    /undeliver|delivery status|failure notice|returned mail/i.test(m.subject) ||
    /^yes/i.test(header("x-spam-flag"))
  );
}

describe("the demo mailbox", () => {
  it("has the same Message-IDs at every start, whatever the day", async () => {
    const first = await seed("2026-12-01T08:00:00Z");
    const later = await seed("2026-12-09T17:30:00Z");
    expect(ids(later)).toEqual(ids(first));
    // Customer mail never shares a Message-ID (the public fixtures repeat RFC examples; none is customer mail).
    const customer = [...first.messages.values()].filter(isCustomerMail).map((m) => m.internetMessageId);
    expect(customer.length).toBeGreaterThan(50);
    expect(new Set(customer).size).toBe(customer.length);
  });

  it("names every person in customer mail as their address says", async () => {
    const mailbox = await seed("2026-12-01T08:00:00Z");
    const people = [...mailbox.messages.values()]
      .filter(isCustomerMail)
      .flatMap((m) => [m.from, ...m.to, ...m.cc])
      // The mailbox owner is the workspace's admin role address (admin@), named after the person who holds it.
      .filter((p) => p.name && p.address !== DEMO_WORKSPACE.adminEmail);
    const wrong = people
      .filter((p) => !nameMatches(p.name, p.address))
      .map((p) => `${p.name} <${p.address}>`);
    expect(wrong).toEqual([]);
  });

  it("keeps bounces and spam out of customers' histories", async () => {
    const mailbox = await seed("2026-12-01T08:00:00Z");
    const all = [...mailbox.messages.values()];
    expect(all.filter(isBounceOrSpam).length).toBeGreaterThan(0); // the fixtures do hold some
    expect(all.filter((m) => isBounceOrSpam(m) && isCustomerMail(m)).map((m) => m.subject)).toEqual([]);
  });
});
