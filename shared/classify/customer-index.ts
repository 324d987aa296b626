import { parseAddressList } from "../address/parse-address-list";
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

interface DomainEntry {
  customerId?: string;
  internal?: boolean;
  excluded?: boolean;
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

function stripDomainPrefix(value: string): string {
  return value.trim().replace(/^(\*\.|@|\.)+/, "");
}

/** Lookup structure built once from a snapshot; `classify` is then a handful of Map lookups per participant. */
export class CustomerIndex {
  readonly version: string;
  readonly settings: IndexSettings;
  readonly customerCount: number;
  private readonly domains = new Map<string, DomainEntry>();
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
        entry.customerId ??= customer.id; // a domain belongs to one customer; the first one wins
      }
    }
    for (const raw of snapshot.internalDomains ?? []) {
      const domain = domainToAscii(stripDomainPrefix(raw));
      if (domain !== null) this.entry(domain).internal = true;
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
        if (domain !== null) this.entry(domain).excluded = true;
      }
    }
  }

  private entry(domain: string): DomainEntry {
    let entry = this.domains.get(domain);
    if (!entry) {
      entry = {};
      this.domains.set(domain, entry);
    }
    return entry;
  }

  /**
   * Classifies one normalized address. Walks the host from the longest suffix to the shortest once, so the
   * most specific customer domain wins (eu.umbrella.com over umbrella.com) and look-alikes never match.
   */
  matchAddress(
    address: string,
    viewerAddresses: ReadonlySet<string> = new Set(),
    name = "",
  ): ParticipantMatch {
    if (viewerAddresses.has(address)) return { address, name, role: "viewer", excluded: false };
    const at = address.lastIndexOf("@");
    const host = address.slice(at + 1);
    let internal = false;
    let excluded = this.excludedAddresses.has(address);
    let customerId: string | undefined;
    let via: MatchVia | undefined;
    let suffix = host;
    for (;;) {
      const entry = this.domains.get(suffix);
      if (entry !== undefined) {
        if (entry.internal) internal = true;
        if (entry.excluded) excluded = true;
        if (entry.customerId !== undefined && customerId === undefined) {
          customerId = entry.customerId;
          via = suffix === host ? "domain" : "subdomain";
        }
      }
      const dot = suffix.indexOf(".");
      if (dot < 0) break;
      suffix = suffix.slice(dot + 1);
    }
    if (internal) return { address, name, role: "internal", excluded };
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
    if (customerId !== undefined && !isPersonalHost(host)) {
      return { address, name, role: "external", excluded, customerId, via };
    }
    return { address, name, role: "external", excluded };
  }

  /** Every distinct participant of a message (from, to, cc, bcc), normalized, in a stable order. */
  participants(message: MailMessage, viewer: Viewer): ParticipantMatch[] {
    return this.collect(message, viewerAddressSet(viewer));
  }

  private collect(message: MailMessage, viewerSet: ReadonlySet<string>): ParticipantMatch[] {
    const names = new Map<string, string>();
    for (const field of ADDRESS_FIELDS) {
      const raw = message?.[field];
      if (typeof raw !== "string" || raw.length === 0) continue;
      for (const parsed of parseAddressList(raw)) {
        const address = normalizeAddress(parsed.address);
        if (address === null) continue;
        const previous = names.get(address);
        // Keep one name per address regardless of the order the headers list them in.
        if (previous === undefined || (parsed.name && (!previous || parsed.name < previous))) {
          names.set(address, parsed.name);
        }
      }
    }
    return [...names.keys()]
      .sort()
      .map((address) => this.matchAddress(address, viewerSet, names.get(address) ?? ""));
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
    const viewerSet = viewerAddressSet(viewer);
    const others = this.collect(message, viewerSet).filter((p) => p.role !== "viewer");
    if (others.some((p) => p.excluded)) return notRelated("excluded");
    const external = others.filter((p) => p.role === "external");
    if (external.length === 0) return notRelated("internal-only");
    const noise = this.noise(message, viewerSet);
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

  private noise(message: MailMessage, viewerSet: ReadonlySet<string>): Noise | null {
    const read = headerReader(message.headers);
    const s = this.settings;
    if (s.skipAutoReplies && isAutoReply(message, read)) return "auto-reply";
    if (s.skipCalendar && isCalendar(message, read)) return "calendar";
    if (s.skipNoReply && this.senderIsNoReply(message, viewerSet)) return "no-reply";
    if (s.skipBulk && isBulk(read)) return "bulk";
    return null;
  }

  private senderIsNoReply(message: MailMessage, viewerSet: ReadonlySet<string>): boolean {
    return parseAddressList(message.from ?? "").some((p) => {
      const address = normalizeAddress(p.address);
      return (
        address !== null &&
        !viewerSet.has(address) &&
        isNoReplyLocalPart(address.slice(0, address.lastIndexOf("@")))
      );
    });
  }

  /** "outbound" when the sender is the viewer or a colleague (internal domain), else "inbound". */
  direction(message: MailMessage, viewer: Viewer): "inbound" | "outbound" {
    const viewerSet = viewerAddressSet(viewer);
    const from = parseAddressList(message.from ?? "")
      .map((p) => normalizeAddress(p.address))
      .filter((a): a is string => a !== null);
    const outbound = from.some((a) => this.matchAddress(a, viewerSet).role !== "external");
    return outbound ? "outbound" : "inbound";
  }
}

function viewerAddressSet(viewer: Viewer): Set<string> {
  const set = new Set<string>();
  for (const raw of viewer?.addresses ?? []) {
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
