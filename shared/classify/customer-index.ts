import { parseAddressesNormalized } from "../address/parse-address-list";
import { normalizeAddress } from "../address/normalize-address";
import { domainToAscii } from "../domain/domain-to-ascii";
import { isPersonalHost } from "../domain/personal-domains";
import { contactName } from "../contact/contact-name";
import { isRoleLocalPart } from "../contact/role-accounts";
import {
  headerReader,
  isAutoReply,
  isBulk,
  isCalendar,
  isNoReplyLocalPart,
  type Noise,
} from "./noise-filters";
import type {
  Classification,
  ClassificationReason,
  CustomerIndexSnapshot,
  CustomerMatch,
  IndexSettings,
  MailMessage,
  MatchVia,
  NewContact,
  Viewer,
} from "./types";
import { DEFAULT_INDEX_SETTINGS } from "./types";

/**
 * Everything the index knows about one domain key, already combined with what its parent domains say, so a
 * lookup can stop at the longest key that exists: `eu.umbrella.com` carries its own customer plus any exclusion
 * or internal flag set on `umbrella.com`; a key without its own customer inherits the nearest parent's.
 */
interface DomainFacts {
  ownCustomerId?: string;
  ownInternal: boolean;
  ownExcluded: boolean;
  customerId?: string;
  customerDomain?: string;
  internal: boolean;
  excluded: boolean;
}

/** How one participant relates to the workspace. */
export interface ParticipantMatch {
  address: string;
  name: string;
  role: "viewer" | "internal" | "external";
  excluded: boolean;
  /** Set when the participant belongs to a customer. */
  customerId?: string;
  via?: MatchVia;
  contactId?: string;
}

const ADDRESS_FIELDS = ["from", "to", "cc", "bcc"] as const;

type Participant = ParticipantMatch & { sender: boolean };

function stripDomainPrefix(value: string): string {
  return value.trim().replace(/^(\*\.|@|\.)+/, "");
}

/** Lookup structure built once from a snapshot; `classify` is then a handful of Map lookups per participant. */
export class CustomerIndex {
  readonly version: string;
  readonly settings: IndexSettings;
  readonly customerCount: number;
  private readonly domains = new Map<string, DomainFacts>();
  private hasSingleLabelKeys = false;
  private readonly contacts = new Map<string, { id: string; customerId: string }>();
  private readonly excludedAddresses = new Set<string>();

  constructor(snapshot: CustomerIndexSnapshot) {
    this.version = String(snapshot.version ?? "");
    this.settings = { ...DEFAULT_INDEX_SETTINGS, ...(snapshot.settings ?? {}) };
    this.customerCount = snapshot.customers?.length ?? 0;
    for (const customer of snapshot.customers ?? []) {
      for (const raw of customer.domains ?? []) {
        const domain = domainToAscii(stripDomainPrefix(raw));
        if (domain === null) continue;
        const entry = this.entry(domain);
        entry.ownCustomerId ??= customer.id; // a domain belongs to one customer; the first one wins
      }
    }
    for (const raw of snapshot.internalDomains ?? []) {
      const domain = domainToAscii(stripDomainPrefix(raw));
      if (domain !== null) this.entry(domain).ownInternal = true;
    }
    for (const contact of snapshot.contacts ?? []) {
      const address = normalizeAddress(contact.address);
      if (address !== null && !this.contacts.has(address)) {
        this.contacts.set(address, { id: contact.id, customerId: contact.customerId });
      }
    }
    for (const exclusion of snapshot.exclusions ?? []) {
      if (exclusion.kind === "address") {
        const address = normalizeAddress(exclusion.value);
        if (address !== null) this.excludedAddresses.add(address);
      } else {
        const domain = domainToAscii(stripDomainPrefix(exclusion.value));
        if (domain !== null) this.entry(domain).ownExcluded = true;
      }
    }
    this.combineWithParents();
  }

  private combineWithParents(): void {
    for (const [domain, facts] of this.domains) {
      if (!domain.includes(".")) this.hasSingleLabelKeys = true;
      facts.internal = facts.ownInternal;
      facts.excluded = facts.ownExcluded;
      if (facts.ownCustomerId !== undefined) {
        facts.customerId = facts.ownCustomerId;
        facts.customerDomain = domain;
      }
      for (let dot = domain.indexOf("."); dot >= 0; dot = domain.indexOf(".", dot + 1)) {
        const parentName = domain.slice(dot + 1);
        const parent = this.domains.get(parentName);
        if (parent === undefined) continue;
        if (parent.ownInternal) facts.internal = true;
        if (parent.ownExcluded) facts.excluded = true;
        if (facts.customerId === undefined && parent.ownCustomerId !== undefined) {
          facts.customerId = parent.ownCustomerId; // the nearest parent: the walk goes from long to short
          facts.customerDomain = parentName;
        }
      }
    }
  }

  private entry(domain: string): DomainFacts {
    let entry = this.domains.get(domain);
    if (!entry) {
      entry = { ownInternal: false, ownExcluded: false, internal: false, excluded: false };
      this.domains.set(domain, entry);
    }
    return entry;
  }

  /**
   * The facts of the longest domain key that is the host or a parent of it. Only whole labels are compared, so
   * look-alikes never match (`notacme.com` is not `acme.com`); the longest key wins (eu.umbrella.com over
   * umbrella.com), and parents' flags are already folded into it.
   */
  private hostFacts(host: string): DomainFacts | undefined {
    let suffix = host;
    for (;;) {
      const facts = this.domains.get(suffix);
      if (facts !== undefined) return facts;
      const dot = suffix.indexOf(".");
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
      if (!this.hasSingleLabelKeys && !suffix.includes(".")) return undefined;
    }
  }

  /** How one normalized address relates to the workspace, as seen by the viewer. */
  matchAddress(
    address: string,
    viewerAddresses: ReadonlySet<string> = new Set(),
    name = "",
  ): ParticipantMatch {
    if (viewerAddresses.has(address)) return { address, name, role: "viewer", excluded: false };
    const host = address.slice(address.lastIndexOf("@") + 1);
    const facts = this.hostFacts(host);
    const excluded =
      (facts?.excluded ?? false) || (this.excludedAddresses.size > 0 && this.excludedAddresses.has(address));
    if (facts?.internal) return { address, name, role: "internal", excluded };
    const contact = this.contacts.get(address);
    if (contact !== undefined) {
      return {
        address,
        name,
        role: "external",
        excluded,
        customerId: contact.customerId,
        via: "contact",
        contactId: contact.id,
      };
    }
    if (facts?.customerId !== undefined && !isPersonalHost(host)) {
      const via: MatchVia = facts.customerDomain === host ? "domain" : "subdomain";
      return { address, name, role: "external", excluded, customerId: facts.customerId, via };
    }
    return { address, name, role: "external", excluded };
  }

  /** Every distinct participant of a message (from, to, cc, bcc), normalized, in a stable order. */
  participants(message: MailMessage, viewer: Viewer): ParticipantMatch[] {
    return this.collect(message, this.viewerSet(viewer));
  }

  private lastViewer: { key: string; set: Set<string> } | null = null;

  /** The viewer's normalized addresses; remembered because callers classify many messages for one viewer. */
  private viewerSet(viewer: Viewer): Set<string> {
    const addresses = Array.isArray(viewer?.addresses) ? viewer.addresses : [];
    const key = addresses.join("\n");
    if (this.lastViewer?.key !== key) this.lastViewer = { key, set: viewerAddressSet(addresses) };
    return this.lastViewer.set;
  }

  private collect(message: MailMessage, viewerSet: ReadonlySet<string>): Participant[] {
    const byAddress = new Map<string, Participant>();
    for (const field of ADDRESS_FIELDS) {
      const raw = message?.[field];
      if (typeof raw !== "string" || raw.length === 0) continue;
      for (const parsed of parseAddressesNormalized(raw)) {
        const seen = byAddress.get(parsed.normalized);
        if (seen === undefined) {
          const p = this.matchAddress(parsed.normalized, viewerSet, parsed.name) as Participant;
          p.sender = field === "from";
          byAddress.set(parsed.normalized, p);
        } else {
          // One name per address regardless of the order the headers list them in.
          if (parsed.name && (!seen.name || parsed.name < seen.name)) seen.name = parsed.name;
          if (field === "from") seen.sender = true;
        }
      }
    }
    const list = [...byAddress.values()];
    return list.length > 1 ? list.sort((a, b) => compare(a.address, b.address)) : list;
  }

  /** Whether a message is a customer email, for which customers, and which contacts it would create. */
  classify(message: MailMessage, viewer: Viewer): Classification {
    try {
      return this.classifyUnsafe(message, viewer);
    } catch {
      // Only reachable through hostile non-string input; a classifier that throws would lose the message.
      return notRelated("no-customer");
    }
  }

  private classifyUnsafe(message: MailMessage, viewer: Viewer): Classification {
    const viewerSet = this.viewerSet(viewer);
    const others = this.collect(message, viewerSet).filter((p) => p.role !== "viewer");
    if (others.some((p) => p.excluded)) return notRelated("excluded");
    const external = others.filter((p) => p.role === "external");
    if (external.length === 0) return notRelated("internal-only");
    const noise = this.noise(message, others);
    if (noise !== null) return notRelated(noise);

    const byCustomer = new Map<string, CustomerMatch>();
    const newContacts: NewContact[] = [];
    for (const p of external) {
      if (p.customerId === undefined || p.via === undefined) continue;
      let match = byCustomer.get(p.customerId);
      if (!match) {
        match = { customerId: p.customerId, matchedBy: [] };
        byCustomer.set(p.customerId, match);
      }
      match.matchedBy.push({ address: p.address, via: p.via });
      if (p.via !== "contact" && this.settings.autoCreateContacts && this.canBecomeContact(p.address)) {
        newContacts.push({ address: p.address, customerId: p.customerId, ...contactName(p.address, p.name) });
      }
    }
    if (byCustomer.size === 0) return notRelated("no-customer");
    const customers = [...byCustomer.values()].sort((a, b) => compare(a.customerId, b.customerId));
    return { related: true, reason: "customer", customers, newContacts };
  }

  private canBecomeContact(address: string): boolean {
    const local = address.slice(0, address.lastIndexOf("@"));
    return !isRoleLocalPart(local) && !isNoReplyLocalPart(local);
  }

  private noise(message: MailMessage, others: Participant[]): Noise | null {
    const read = headerReader(message.headers);
    const s = this.settings;
    if (s.skipAutoReplies && isAutoReply(message, read)) return "auto-reply";
    if (s.skipCalendar && isCalendar(message, read)) return "calendar";
    if (
      s.skipNoReply &&
      others.some((p) => p.sender && isNoReplyLocalPart(p.address.slice(0, p.address.lastIndexOf("@"))))
    ) {
      return "no-reply";
    }
    if (s.skipBulk && isBulk(read)) return "bulk";
    return null;
  }

  /** "outbound" when the sender is the viewer or a colleague (internal domain), else "inbound". */
  direction(message: MailMessage, viewer: Viewer): "inbound" | "outbound" {
    const viewerSet = this.viewerSet(viewer);
    const from = parseAddressesNormalized(message.from ?? "");
    const outbound = from.some((p) => this.matchAddress(p.normalized, viewerSet).role !== "external");
    return outbound ? "outbound" : "inbound";
  }
}

function viewerAddressSet(addresses: unknown[]): Set<string> {
  const set = new Set<string>();
  for (const raw of addresses) {
    const address = typeof raw === "string" ? normalizeAddress(raw) : null;
    if (address !== null) set.add(address);
  }
  return set;
}

function notRelated(reason: ClassificationReason): Classification {
  return { related: false, reason, customers: [], newContacts: [] };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildCustomerIndex(snapshot: CustomerIndexSnapshot): CustomerIndex {
  return new CustomerIndex(snapshot);
}
