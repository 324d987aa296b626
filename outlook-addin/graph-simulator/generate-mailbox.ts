// Generated mailboxes: N messages over a span of days, a share of them from customer domains, the rest from
// strangers, colleagues and newsletters, with threads — deterministic for a seed, so tests can rely on counts.
import { seededRandom } from "../../dev/seeded-random";
import { type Mailbox, newId, type SimAddress, type SimMessage } from "./mailbox";

export interface GeneratedCustomer {
  name?: string;
  domains: string[];
  contacts: { address: string; firstName: string; lastName: string }[];
}

export interface GenerateOptions {
  owner: SimAddress;
  count: number;
  /** Share of messages exchanged with customers (0…1). */
  customerRatio: number;
  customers: GeneratedCustomer[];
  internalDomain: string;
  /** Extra non-customer senders ("Name <addr>" or bare addresses). */
  strangers?: string[];
  /** Share of the non-customer messages that are newsletters from customer domains (bulk headers). */
  bulkRatio?: number;
  /** Share of the non-customer messages that are meeting requests from customer people (eventMessage). */
  meetingRatio?: number;
  /**
   * Share of the customer emails the owner sent that went to a colleague with the customer only in Bcc (Graph
   * shows Bcc on sent messages): customer mail all the same.
   */
  bccShare?: number;
  /** Messages spread over this many days before `now` (default 80, inside the 90-day lookback). */
  daysBack?: number;
  now?: Date;
  seed?: number;
  /** Share of messages in Sent Items (default 0.2) and in an "Inbox/Projects" subfolder (default 0.1). */
  sentShare?: number;
  subfolderShare?: number;
  /** Put every message in this folder instead of spreading them over Inbox, Sent Items and Inbox/Projects. */
  folderId?: string;
}

const FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kemal", "Lena"];
const LAST = ["Ito", "Novak", "Okafor", "Silva", "Berg", "Khan", "Moreau", "Rossi", "Tanaka", "Weber"];
const TOPICS = [
  "renewal",
  "onboarding",
  "invoice",
  "feature request",
  "outage follow-up",
  "QBR agenda",
  "pricing",
];
const STRANGER_DOMAINS = [
  "contoso-supplies.net",
  "fabrikam.org",
  "tailspin-travel.com",
  "wideworldimporters.com",
];

function parseSender(raw: string): SimAddress {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(raw);
  return m ? { name: m[1].trim(), address: m[2].trim() } : { name: "", address: raw.trim() };
}

function headerLine(a: SimAddress): string {
  return a.name ? `"${a.name}" <${a.address}>` : a.address;
}

export function messageHeaders(
  m: Pick<SimMessage, "internetMessageId" | "from" | "to" | "cc" | "subject" | "sentDateTime">,
  extra: Record<string, string> = {},
) {
  const headers: { name: string; value: string }[] = [
    { name: "Message-ID", value: m.internetMessageId },
    { name: "Date", value: new Date(m.sentDateTime).toUTCString() },
    { name: "From", value: headerLine(m.from) },
    { name: "To", value: m.to.map(headerLine).join(", ") },
    { name: "Subject", value: m.subject },
    { name: "MIME-Version", value: "1.0" },
    { name: "Content-Type", value: 'text/html; charset="utf-8"' },
  ];
  if (m.cc.length) headers.push({ name: "Cc", value: m.cc.map(headerLine).join(", ") });
  for (const [name, value] of Object.entries(extra)) headers.push({ name, value });
  return headers;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string,
  );
}

/**
 * A person whose display name matches the address ("Maria Garcia <maria.garcia@…>"). Takes the random draws the
 * generator has always made for a person, so a seed's mailbox keeps its shape; the extra draws are unused.
 */
function personAt(domain: string, draws: string[]): SimAddress {
  const [first, last] = draws;
  const at = domain || draws[draws.length - 1];
  return { name: `${first} ${last}`, address: `${first}.${last}@${at}`.toLowerCase() };
}

/** Fills `mailbox` with `count` generated messages; returns them (with their `kind`) in creation order. */
export function generateMailbox(mailbox: Mailbox, options: GenerateOptions): SimMessage[] {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const now = (options.now ?? new Date()).getTime();
  const spanMs = (options.daysBack ?? 80) * 86_400_000;
  const inbox = mailbox.folder("inbox")!;
  const sent = mailbox.folder("sentitems")!;
  const projects = options.folderId
    ? inbox
    : ([...mailbox.folders.values()].find(
        (f) => f.displayName === "Projects" && f.parentFolderId === inbox.id,
      ) ?? mailbox.addFolder("Projects", inbox.id));
  const strangers = [
    ...(options.strangers ?? []).map(parseSender),
    ...STRANGER_DOMAINS.map((d) => personAt(d, [pick(FIRST), pick(LAST), pick(FIRST)])),
  ];
  const colleague: SimAddress = { name: "Sam Colleague", address: `sam.colleague@${options.internalDomain}` };
  const customerCount = Math.round(options.count * options.customerRatio);
  const bulkCount = Math.round((options.count - customerCount) * (options.bulkRatio ?? 0));
  const meetingCount = Math.round((options.count - customerCount) * (options.meetingRatio ?? 0));
  const bccShare = options.bccShare ?? 0;
  const sentShare = options.sentShare ?? 0.2;
  const subShare = options.subfolderShare ?? 0.1;
  const threads: { subject: string; conversationId: string; ids: string[] }[] = [];
  const created: SimMessage[] = [];
  const firstNumber = mailbox.messages.size;
  const ownerTag = options.owner.address
    .split("@")[0]
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, "");

  for (let i = 0; i < options.count; i++) {
    const kind: SimMessage["kind"] =
      i < customerCount
        ? "customer"
        : i < customerCount + bulkCount
          ? "bulk"
          : i < customerCount + bulkCount + meetingCount
            ? "meeting"
            : random() < 0.25
              ? "internal"
              : "stranger";
    const customer = pick(options.customers);
    const customerPerson: SimAddress =
      customer.contacts.length && random() < 0.6
        ? (() => {
            const c = pick(customer.contacts);
            return { name: `${c.firstName} ${c.lastName}`, address: c.address };
          })()
        : personAt("", [pick(FIRST), pick(LAST), pick(FIRST), pick(LAST), pick(customer.domains)]);
    const other =
      kind === "customer" || kind === "bulk" || kind === "meeting"
        ? customerPerson
        : kind === "internal"
          ? colleague
          : pick(strangers);
    // (Meeting requests arrive; the extra random draws happen only when the options ask for them, so a seed's
    // mailbox without them stays the same.)
    const outbound = kind !== "bulk" && kind !== "meeting" && random() < sentShare;
    const bccOnly = bccShare > 0 && outbound && kind === "customer" && random() < bccShare;
    const folderId = options.folderId
      ? options.folderId
      : outbound
        ? sent.id
        : kind !== "bulk" && kind !== "meeting" && random() < subShare / (1 - sentShare)
          ? projects.id
          : inbox.id;
    const received = new Date(now - Math.floor(((i + random()) / options.count) * spanMs));
    const sentAt = new Date(received.getTime() - 30_000);
    const replyTo = kind === "customer" && threads.length && random() < 0.3 ? pick(threads) : null;
    const subject = replyTo
      ? `Re: ${replyTo.subject}`
      : kind === "bulk"
        ? `${customer.name ?? customer.domains[0]} monthly newsletter #${i}`
        : kind === "meeting"
          ? `Invitation: ${pick(TOPICS)} call ${i}`
          : `${pick(TOPICS)} ${i}`;
    // Stable across restarts (no clock in it), distinct per mailbox owner and per call into the same mailbox, so
    // re-syncing the demo mailbox after a restart finds the messages it already stored.
    const internetMessageId = `<gen-${options.seed ?? 1}-${firstNumber + i}.${ownerTag}@${(other.address.split("@")[1] ?? "mail.test").toLowerCase()}>`;
    const extra: Record<string, string> = {};
    if (replyTo) {
      const parent = mailbox.messages.get(replyTo.ids[replyTo.ids.length - 1]);
      if (parent) {
        extra["In-Reply-To"] = parent.internetMessageId;
        extra["References"] = replyTo.ids
          .map((id) => mailbox.messages.get(id)?.internetMessageId ?? "")
          .join(" ");
      }
    }
    if (kind === "bulk") {
      extra["List-Unsubscribe"] = `<mailto:unsubscribe@${other.address.split("@")[1]}>`;
      extra["Precedence"] = "bulk";
    }
    if (kind === "meeting") extra["Content-Class"] = "urn:content-classes:calendarmessage";
    const from = outbound ? options.owner : other;
    const to = bccOnly ? [colleague] : outbound ? [other] : [options.owner];
    const text = `Hello,\n\nAbout ${subject}: message ${i} of the generated mailbox.\n\nBest,\n${from.name || from.address}`;
    const draft = {
      folderId,
      internetMessageId,
      subject,
      from,
      to,
      cc: [] as SimAddress[],
      receivedDateTime: received.toISOString(),
      sentDateTime: sentAt.toISOString(),
      conversationId: replyTo?.conversationId ?? newId("AAQk"),
      body: {
        contentType: "html" as const,
        content: `<html><body><p>${escapeHtml(text).replace(/\n/g, "<br>")}</p></body></html>`,
      },
      internetMessageHeaders: [] as { name: string; value: string }[],
      isDraft: false,
      isRead: random() < 0.7,
      kind,
      ...(bccOnly ? { bcc: [other] } : {}),
      ...(kind === "meeting" ? { meetingMessageType: "meetingRequest" as const } : {}),
    };
    draft.internetMessageHeaders = messageHeaders(draft, extra);
    const message = mailbox.add(draft);
    created.push(message);
    if (kind === "customer") {
      if (replyTo) replyTo.ids.push(message.id);
      else threads.push({ subject, conversationId: message.conversationId, ids: [message.id] });
    }
  }
  return created;
}
