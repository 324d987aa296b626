// Generated Gmail threads around the demo workspace (dev/demo-workspace.ts): customer conversations mixed with the
// mail that must never leave Gmail — strangers, family, colleagues, newsletters, auto-replies, no-reply
// senders, invitations. Each message records by construction whether it is a customer email, so tests can
// compare what the backend stored against a truth the classifier never saw.
import { DEMO_CUSTOMERS, DEMO_WORKSPACE } from "../../dev/demo-workspace";
import { seededRandom } from "../../dev/seeded-random";
import type { Mailbox, SimMessage } from "./mailbox";

export const SIM_USER = { name: DEMO_WORKSPACE.adminName, email: DEMO_WORKSPACE.adminEmail };
const DAY = 86_400_000;

export type MessageKind =
  | "customer-contact"
  | "customer-domain"
  | "customer-outbound"
  | "customer-subdomain"
  | "customer-personal-contact"
  | "customer-idn"
  | "stranger"
  | "personal"
  | "internal"
  | "newsletter-customer"
  | "auto-reply-customer"
  | "noreply-customer"
  | "calendar-customer";

const CUSTOMER_KINDS: ReadonlySet<MessageKind> = new Set([
  "customer-contact",
  "customer-domain",
  "customer-outbound",
  "customer-subdomain",
  "customer-personal-contact",
  "customer-idn",
]);

export function isCustomerKind(kind: MessageKind): boolean {
  return CUSTOMER_KINDS.has(kind);
}

const contacts = DEMO_CUSTOMERS.flatMap((c) => c.contacts.filter((p) => !p.address.endsWith("@gmail.com")));
const FIRST = ["Ava", "Noah", "Mia", "Liam", "Zoe", "Omar", "Ines", "Kai", "Lena", "Ravi"];
const LAST = ["Stone", "Park", "Novak", "Costa", "Reyes", "Berg", "Okafor", "Tanaka"];
const TOPICS = [
  "renewal",
  "invoice",
  "onboarding",
  "outage",
  "roadmap",
  "pricing",
  "training",
  "security review",
];

export interface GenerateOptions {
  threads: number;
  labels: string[];
  seed?: number;
  now?: number;
  /** Messages are spread over this many days before `now`. */
  spreadDays?: number;
  /** Unique per mailbox, so several test files can share one backend without Message-ID clashes. */
  idPrefix?: string;
  /** No message within an hour of this many days ago, so a lookback cutoff computed a little later agrees. */
  avoidBoundaryDays?: number;
}

export interface GeneratedMailbox {
  /** Message-ID → whether it is a customer email (and so must be stored once synced). */
  truth: Map<string, { kind: MessageKind; date: number; gmailId: string; labels: string[] }>;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function person(rand: () => number): { first: string; last: string } {
  return { first: pick(rand, FIRST), last: pick(rand, LAST) };
}

function sender(
  kind: MessageKind,
  rand: () => number,
): { from: string; headers: [string, string][]; subjectPrefix?: string } {
  const p = person(rand);
  const customer = pick(
    rand,
    DEMO_CUSTOMERS.filter((c) => !c.domains[0].includes("ü")),
  );
  const local = `${p.first}.${p.last}`.toLowerCase();
  switch (kind) {
    case "customer-contact": {
      const c = pick(rand, contacts);
      return { from: `${c.firstName} ${c.lastName} <${c.address}>`, headers: [] };
    }
    case "customer-domain":
      return { from: `${p.first} ${p.last} <${local}@${customer.domains[0]}>`, headers: [] };
    case "customer-outbound":
      return { from: `${SIM_USER.name} <${SIM_USER.email}>`, headers: [] };
    case "customer-subdomain":
      return { from: `${p.first} ${p.last} <${local}@emea.stark-industries.com>`, headers: [] };
    case "customer-personal-contact":
      return { from: "Happy Hogan <happy.hogan@gmail.com>", headers: [] };
    case "customer-idn":
      return { from: `${p.first} ${p.last} <${local}@xn--bcher-kva.de>`, headers: [] };
    case "stranger":
      return {
        from: `${p.first} ${p.last} <${local}@vendor-${Math.floor(rand() * 40)}.example>`,
        headers: [],
      };
    case "personal":
      return { from: `${p.first} <${local}${Math.floor(rand() * 99)}@gmail.com>`, headers: [] };
    case "internal":
      return { from: `${p.first} ${p.last} <${local}@northwind-cs.com>`, headers: [] };
    case "newsletter-customer":
      return {
        from: `${customer.name} News <news@${customer.domains[0]}>`,
        headers: [
          ["List-Unsubscribe", `<mailto:unsubscribe@${customer.domains[0]}>`],
          ["List-Id", `<news.${customer.domains[0]}>`],
        ],
      };
    case "auto-reply-customer": {
      const c = pick(rand, contacts);
      return {
        from: `${c.firstName} ${c.lastName} <${c.address}>`,
        headers: [["Auto-Submitted", "auto-replied"]],
        subjectPrefix: "Automatic reply: ",
      };
    }
    case "noreply-customer":
      return { from: `${customer.name} <no-reply@${customer.domains[0]}>`, headers: [] };
    case "calendar-customer": {
      const c = pick(rand, contacts);
      return {
        from: `${c.firstName} ${c.lastName} <${c.address}>`,
        headers: [["Content-Type", 'text/calendar; method=REQUEST; charset="UTF-8"']],
        subjectPrefix: "Invitation: ",
      };
    }
  }
}

const KIND_WEIGHTS: [MessageKind, number][] = [
  ["customer-contact", 14],
  ["customer-domain", 8],
  ["customer-subdomain", 2],
  ["customer-personal-contact", 1],
  ["customer-idn", 1],
  ["stranger", 20],
  ["personal", 10],
  ["internal", 12],
  ["newsletter-customer", 8],
  ["auto-reply-customer", 3],
  ["noreply-customer", 4],
  ["calendar-customer", 3],
];

function weightedKind(rand: () => number): MessageKind {
  const total = KIND_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [kind, w] of KIND_WEIGHTS) if ((r -= w) < 0) return kind;
  return "stranger";
}

/** Adds `threads` generated threads (1–4 messages each, replies alternating with the user) to the mailbox. */
export function generateThreads(mailbox: Mailbox, options: GenerateOptions): GeneratedMailbox {
  const rand = seededRandom(options.seed ?? 42);
  const now = options.now ?? Date.now();
  const spread = (options.spreadDays ?? 120) * DAY;
  const prefix = options.idPrefix ?? "gen";
  const truth: GeneratedMailbox["truth"] = new Map();
  let serial = 0;
  for (let t = 0; t < options.threads; t++) {
    // The first threads cover every kind once, so even a small mailbox has each case; then by weight.
    const kind = t < KIND_WEIGHTS.length ? KIND_WEIGHTS[t][0] : weightedKind(rand);
    const first = sender(kind, rand);
    const topic = pick(rand, TOPICS);
    const subject = `${first.subjectPrefix ?? ""}${topic} (${prefix} #${t})`;
    // Outbound threads start from the user to a customer contact; everything else starts inbound.
    const counterpart =
      kind === "customer-outbound"
        ? `${pick(rand, contacts).firstName} <${pick(rand, contacts).address}>`
        : first.from;
    const length =
      kind === "customer-contact" || kind === "customer-domain" || kind === "customer-outbound"
        ? 1 + Math.floor(rand() * 4)
        : 1;
    let start = now - Math.floor(rand() * spread);
    if (options.avoidBoundaryDays !== undefined) {
      const boundary = now - options.avoidBoundaryDays * DAY;
      // A thread spans at most 9 hours; keep all of it at least an hour away from the boundary.
      if (start > boundary - 10 * 3_600_000 && start < boundary + 3_600_000)
        start = boundary - 11 * 3_600_000;
    }
    const messages: Omit<SimMessage, "id" | "threadId">[] = [];
    const earlier: string[] = [];
    for (let i = 0; i < length; i++) {
      serial++;
      const fromUser = kind === "customer-outbound" ? i % 2 === 0 : i % 2 === 1;
      const from = fromUser ? `${SIM_USER.name} <${SIM_USER.email}>` : counterpart;
      const to = fromUser ? counterpart : `${SIM_USER.name} <${SIM_USER.email}>`;
      const messageId = `<${prefix}-${t}-${i}.${serial}@sim.touchbase.test>`;
      const date = Math.min(now - 60_000, start + i * 3 * 3_600_000);
      messages.push({
        from,
        to,
        cc: "",
        bcc: "",
        subject: i === 0 ? subject : `Re: ${subject}`,
        date,
        headers: [
          ["Message-ID", messageId],
          ["Date", new Date(date).toUTCString()],
          ...(earlier.length
            ? ([
                ["In-Reply-To", earlier[earlier.length - 1]],
                ["References", earlier.join(" ")],
              ] as [string, string][])
            : []),
          ...(fromUser ? [] : first.headers),
        ],
        text: `About the ${topic}: message ${i + 1} of thread ${t}.`,
        html: "",
        isDraft: false,
        attachments: [],
        meta: { kind, messageId },
      });
      earlier.push(messageId);
    }
    const labels = options.labels.filter((_, i) => i === t % options.labels.length);
    const thread = mailbox.addThread(messages, labels);
    for (const id of thread.messageIds) {
      const m = mailbox.messages.get(id)!;
      truth.set(String(m.meta!.messageId), { kind, date: m.date, gmailId: id, labels });
    }
  }
  return { truth };
}

/**
 * A customer the harness creates in every test workspace, with markup characters in its name, an attribute and
 * its mail: cards must show them exactly as typed, escaping only where Google reads markup.
 */
export const MARKUP_CUSTOMER: { name: string; domains: string[]; attributes: Record<string, string> } = {
  name: "Marks & Spencer <Retail>",
  domains: ["marks-spencer.test"],
  attributes: { "Plan & tier": "Gold & <Premium>" },
};

/** A one-message thread from the markup customer; returns the message's id. */
export function addMarkupThread(mailbox: Mailbox, now = Date.now()): string {
  const thread = mailbox.addThread(
    [
      {
        from: `"O'Brien & Co" <jane.obrien@${MARKUP_CUSTOMER.domains[0]}>`,
        to: `${SIM_USER.name} <${SIM_USER.email}>`,
        cc: "",
        bcc: "",
        subject: "Q3 <review> & renewal",
        date: now - 2 * 3_600_000,
        headers: [["Message-ID", `<markup-${now}@marks-spencer.test>`]],
        text: "Totals: <b>12 & 13</b> — see the <script>alert(1)</script> attachment.",
        html: "",
        isDraft: false,
        attachments: [],
        meta: { kind: "customer-domain" },
      },
    ],
    ["Customers"],
  );
  return thread.messageIds[0];
}

/**
 * One thread that mixes a customer's message with two that must never leave Gmail: the customer's out-of-office
 * reply and the user's note to a colleague. Returns each message's Gmail id and Message-ID.
 */
export function addMixedThread(
  mailbox: Mailbox,
  now = Date.now(),
): Record<"customer" | "autoReply" | "colleague", { gmailId: string; messageId: string }> {
  const contact = contacts[0];
  const customer = `${contact.firstName} ${contact.lastName} <${contact.address}>`;
  const me = `${SIM_USER.name} <${SIM_USER.email}>`;
  const id = (part: string) => `<mixed-${part}-${now}@sim.touchbase.test>`;
  const base = { cc: "", bcc: "", html: "", isDraft: false, attachments: [] };
  const thread = mailbox.addThread(
    [
      {
        ...base,
        from: customer,
        to: me,
        subject: "Contract question",
        date: now - 3 * 3_600_000,
        headers: [["Message-ID", id("customer")]],
        text: "Could you send the signed contract?",
        meta: { kind: "customer-contact" },
      },
      {
        ...base,
        from: customer,
        to: me,
        subject: "Automatic reply: Contract question",
        date: now - 2 * 3_600_000,
        headers: [
          ["Message-ID", id("auto")],
          ["Auto-Submitted", "auto-replied"],
          ["In-Reply-To", id("customer")],
        ],
        text: "I am out of the office until Monday.",
        meta: { kind: "auto-reply-customer" },
      },
      {
        ...base,
        from: me,
        to: "Sam Colleague <sam.colleague@northwind-cs.com>",
        subject: "Re: Contract question",
        date: now - 3_600_000,
        headers: [
          ["Message-ID", id("colleague")],
          ["In-Reply-To", id("customer")],
        ],
        text: "Sam, can you dig out the signed contract? Internal only.",
        meta: { kind: "internal" },
      },
    ],
    ["Customers"],
  );
  const [customerId, autoId, colleagueId] = thread.messageIds;
  return {
    customer: { gmailId: customerId, messageId: id("customer") },
    autoReply: { gmailId: autoId, messageId: id("auto") },
    colleague: { gmailId: colleagueId, messageId: id("colleague") },
  };
}

/** The customer of the conversation-signals screenshot (created by the test, with a scripted history). */
export const SIGNALS_CUSTOMER = { name: "Initech", domains: ["initech-signals.test"] };

/**
 * A customer email nobody answered for three days, as the Gmail thread the user opens. Returns the Gmail id and
 * the email as the backend stores it (the test syncs it and the answered history around it).
 */
export function addWaitingThread(mailbox: Mailbox, now = Date.now()) {
  const email = {
    messageId: `<waiting-${now}@initech-signals.test>`,
    from: `Bill Lumbergh <bill@${SIGNALS_CUSTOMER.domains[0]}>`,
    to: `${SIM_USER.name} <${SIM_USER.email}>`,
    subject: "Renewal terms for next year",
    sentAt: new Date(now - 3 * DAY - 3_600_000).toISOString(),
    text: "Hi, could you send the renewal terms before Friday?",
  };
  const thread = mailbox.addThread(
    [
      {
        from: email.from,
        to: email.to,
        cc: "",
        bcc: "",
        subject: email.subject,
        date: Date.parse(email.sentAt),
        headers: [["Message-ID", email.messageId]],
        text: email.text,
        html: "",
        isDraft: false,
        attachments: [],
        meta: { kind: "customer-domain" },
      },
    ],
    ["Customers"],
  );
  return { gmailId: thread.messageIds[0], email };
}
