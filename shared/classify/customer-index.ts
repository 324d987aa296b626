import { parseAddressesNormalized } from "../address/parse-address-list";
import { normalizeAddress } from "../address/normalize-address";
import { personName } from "../contact/contact-name";
import { isLowerCaseRoleLocalPart } from "../contact/role-accounts";
import { DomainTable } from "./domain-table";
import { hashSuffix, KeyTable } from "./key-table";
import {
  headerReader,
  isAutoReply,
  isBulk,
  isCalendar,
  isNoReplyLocalPart,
  type Noise,
} from "./noise-filters";
import { ExclusionOverlay } from "./exclusion-overlay";
import type {
  Classification,
  ClassificationReason,
  CustomerIndexSnapshot,
  CustomerMatch,
  IndexExclusion,
  IndexSettings,
  MailMessage,
  MatchVia,
  NewContact,
  Viewer,
} from "./types";
import { DEFAULT_INDEX_SETTINGS } from "./types";

/** How one participant relates to the workspace. */
export interface ParticipantMatch {
  address: string;
  name: string;
  role: "viewer" | "internal" | "external";
  excluded: boolean;
  /** The exclusion entry that rejects this participant, when one does. */
  exclusion?: IndexExclusion;
  /** Set when the participant belongs to a customer. */
  customerId?: string;
  via?: MatchVia;
  contactId?: string;
}

/** Lookup structure built once from a snapshot; `classify` is then a handful of Map lookups per participant. */
export class CustomerIndex {
  readonly version: string;
  readonly settings: IndexSettings;
  readonly customerCount: number;
  private readonly domains: DomainTable;
  /** Contact addresses by number, with each contact's id and customer at that number (the first one wins). */
  private readonly contacts: KeyTable;
  private readonly contactIds: string[] = [];
  private readonly contactCustomerIds: string[] = [];
  private exclusions = new ExclusionOverlay();
  private lastViewer: ViewerAddresses | null = null;

  constructor(snapshot: CustomerIndexSnapshot) {
    this.version = String(snapshot.version ?? "");
    this.settings = { ...DEFAULT_INDEX_SETTINGS, ...(snapshot.settings ?? {}) };
    this.customerCount = snapshot.customers?.length ?? 0;
    const domainSize = new SizeEstimate();
    for (const customer of snapshot.customers ?? []) domainSize.addAll(customer.domains);
    domainSize.addAll(snapshot.internalDomains);
    for (const exclusion of snapshot.exclusions ?? []) domainSize.add(exclusion?.value);
    const contactSize = new SizeEstimate();
    for (const contact of snapshot.contacts ?? []) contactSize.add(contact.address);
    this.contacts = new KeyTable(contactSize.count, contactSize.chars);
    // Contacts' hosts are domain keys too; most are customer domains or providers already counted.
    this.domains = new DomainTable(domainSize.count + contactSize.count, domainSize.chars);
    for (const customer of snapshot.customers ?? []) {
      for (const raw of customer.domains ?? []) this.domains.addCustomerDomain(raw, customer.id);
    }
    for (const raw of snapshot.internalDomains ?? []) this.domains.addInternalDomain(raw);
    for (const contact of snapshot.contacts ?? []) {
      const address = normalizeAddress(contact.address);
      if (address !== null && this.contacts.add(address) === this.contactIds.length) {
        this.contactIds.push(contact.id);
        this.contactCustomerIds.push(contact.customerId);
        this.domains.addContactHost(address.slice(address.lastIndexOf("@") + 1));
      }
    }
    const addressExclusions: IndexExclusion[] = [];
    for (const exclusion of snapshot.exclusions ?? []) {
      if (exclusion.kind === "domain") this.domains.addExcludedDomain(exclusion);
      else addressExclusions.push(exclusion);
    }
    this.exclusions = this.exclusions.with(addressExclusions);
    this.domains.seal();
  }

  /**
   * The same index with more exclusions on top (a user's own, say), sharing everything else: a server keeps one
   * index per workspace and one small overlay per user instead of a copy of the whole workspace per user.
   */
  withExclusions(exclusions: readonly IndexExclusion[]): CustomerIndex {
    const copy = Object.create(CustomerIndex.prototype) as CustomerIndex;
    Object.assign(copy, this, { exclusions: this.exclusions.with(exclusions), lastViewer: null });
    return copy;
  }

  /** How one normalized address relates to the workspace, as seen by the viewer. */
  matchAddress(
    address: string,
    viewerAddresses: ReadonlySet<string> = new Set(),
    name = "",
  ): ParticipantMatch {
    return this.match(address, viewerAddresses.has(address), name);
  }

  private match(address: string, isViewer: boolean, name: string): ParticipantMatch {
    if (isViewer) return { address, name, role: "viewer", excluded: false };
    const hostStart = address.lastIndexOf("@") + 1;
    const key = this.domains.lookup(address, hostStart);
    const exclusion = this.exclusions.match(address, hostStart) ?? this.domains.exclusion(address, key);
    // One object shape for every result (literal, no spreads): this runs once per participant.
    const match: ParticipantMatch = {
      address,
      name,
      role: this.domains.isInternal(key) ? "internal" : "external",
      excluded: exclusion !== undefined,
      exclusion,
      customerId: undefined,
      via: undefined,
      contactId: undefined,
    };
    if (match.role === "internal") return match;
    const slot = this.domains.hostHasContacts(address, hostStart, key)
      ? this.contacts.find(hashSuffix(address, 0), address, 0)
      : -1;
    if (slot >= 0) {
      const contact = this.contacts.value(slot);
      match.customerId = this.contactCustomerIds[contact];
      match.via = "contact";
      match.contactId = this.contactIds[contact];
      return match;
    }
    const customerId = this.domains.customerId(key);
    if (customerId !== undefined) {
      const via = this.domains.customerVia(address, hostStart, key);
      if (via !== undefined) {
        match.customerId = customerId;
        match.via = via;
      }
    }
    return match;
  }

  /** Every distinct participant of a message (from, to, cc, bcc), normalized, in a stable order. */
  participants(message: MailMessage, viewer: Viewer): ParticipantMatch[] {
    return this.collect(message, this.viewerAddresses(viewer), null);
  }

  /** The viewer's normalized addresses; remembered because callers classify many messages for one viewer. */
  private viewerAddresses(viewer: Viewer): ViewerAddresses {
    const addresses: unknown[] = Array.isArray(viewer?.addresses) ? viewer.addresses : [];
    // Compared entry by entry with the last list (usually one or two addresses) rather than joined into a key.
    const last = this.lastViewer;
    if (last !== null && sameEntries(last.given, addresses)) return last;
    const set = viewerAddressSet(addresses);
    this.lastViewer = { given: addresses.slice(), set, list: [...set] };
    return this.lastViewer;
  }

  /**
   * Every distinct participant (from, to, cc, bcc), in address order; when `senders` is given, the From addresses
   * other than the viewer's are added to it (who sent it matters to the no-reply rule).
   */
  private collect(
    message: MailMessage,
    viewer: ViewerAddresses,
    senders: string[] | null,
  ): ParticipantMatch[] {
    // Messages have a handful of participants: a list kept in order beats a Map and a sort. The fields are read
    // by name, not in a loop over their names, which would make each read a generic keyed lookup.
    const list: ParticipantMatch[] = [];
    this.collectField(message?.from, list, viewer, senders);
    this.collectField(message?.to, list, viewer, null);
    this.collectField(message?.cc, list, viewer, null);
    this.collectField(message?.bcc, list, viewer, null);
    return list;
  }

  private collectField(
    raw: unknown,
    list: ParticipantMatch[],
    viewer: ViewerAddresses,
    senders: string[] | null,
  ): void {
    if (typeof raw !== "string" || raw.length === 0) return;
    for (const parsed of parseAddressesNormalized(raw)) {
      const address = parsed.normalized;
      // A linear search of the viewer's one or two addresses: a Set would hash each fresh address first.
      const isViewer = viewer.list.includes(address);
      if (senders !== null && !isViewer) senders.push(address);
      let at = 0;
      while (at < list.length && list[at].address < address) at++;
      if (at < list.length && list[at].address === address) {
        // One name per address regardless of the order the headers list them in.
        const seen = list[at];
        if (parsed.name && (!seen.name || parsed.name < seen.name)) seen.name = parsed.name;
        continue;
      }
      const match = this.match(address, isViewer, parsed.name);
      list.push(match); // then everything from `at` moves up one
      for (let i = list.length - 1; i > at; i--) list[i] = list[i - 1];
      list[at] = match;
    }
  }

  /**
   * Whether a message is a customer email, for which customers, and which contacts it would create. Total on
   * any input: hostile values are ignored field by field, so there is nothing to catch (and nothing hidden).
   */
  classify(message: MailMessage, viewer: Viewer): Classification {
    const senders: string[] = [];
    const all = this.collect(message, this.viewerAddresses(viewer), senders);
    if (all.length === 0) return notRelated("no-customer"); // nobody usable in the headers at all
    // One pass instead of filtered copies: this runs once per message of a folder sync.
    let external = 0;
    for (const p of all) {
      if (p.role === "viewer") continue;
      if (p.excluded) return notRelated("excluded");
      if (p.role === "external") external++;
    }
    if (external === 0) return notRelated("internal-only");
    const noise = this.noise(message, senders);
    if (noise !== null) return notRelated(noise);

    const customers: CustomerMatch[] = []; // a message names a customer or two: a list beats a Map
    const newContacts: NewContact[] = [];
    for (const p of all) {
      if (p.role !== "external" || p.customerId === undefined || p.via === undefined) continue;
      let match: CustomerMatch | undefined;
      for (const c of customers) if (c.customerId === p.customerId) match = c;
      if (match === undefined) {
        match = { customerId: p.customerId, matchedBy: [] };
        customers.push(match);
      }
      match.matchedBy.push({ address: p.address, via: p.via });
      if (p.via !== "contact" && this.settings.autoCreateContacts) {
        const local = localPart(p.address);
        if (!isLowerCaseRoleLocalPart(local) && !isNoReplyLocalPart(local)) {
          const { firstName, lastName } = personName(local, p.name);
          newContacts.push({ address: p.address, customerId: p.customerId, firstName, lastName });
        }
      }
    }
    if (customers.length === 0) return notRelated("no-customer");
    if (customers.length > 1) customers.sort((a, b) => compare(a.customerId, b.customerId));
    return { related: true, reason: "customer", customers, newContacts };
  }

  /** Why a message is noise, if it is; `senders` are the From addresses other than the viewer's. */
  private noise(message: MailMessage, senders: string[]): Noise | null {
    const read = headerReader(message.headers);
    const s = this.settings;
    if (s.skipAutoReplies && isAutoReply(message, read)) return "auto-reply";
    if (s.skipCalendar && isCalendar(message, read)) return "calendar";
    if (s.skipNoReply && senders.some((address) => isNoReplyLocalPart(localPart(address)))) return "no-reply";
    if (s.skipBulk && isBulk(read)) return "bulk";
    return null;
  }

  /** "outbound" when the sender is the viewer or a colleague (internal domain), else "inbound". */
  direction(message: MailMessage, viewer: Viewer): "inbound" | "outbound" {
    const viewerSet = this.viewerAddresses(viewer).set;
    const from = parseAddressesNormalized(typeof message?.from === "string" ? message.from : "");
    const outbound = from.some((p) => this.matchAddress(p.normalized, viewerSet).role !== "external");
    return outbound ? "outbound" : "inbound";
  }
}

/** How many keys of how many characters a table will get, from the raw values (normalizing keeps them close). */
class SizeEstimate {
  count = 0;
  chars = 0;

  add(value: unknown): void {
    this.count++;
    // No key is longer than an address may be: a huge junk value must not make a huge table.
    if (typeof value === "string") this.chars += Math.min(value.length, 320);
  }

  addAll(values: unknown): void {
    if (Array.isArray(values)) for (const value of values) this.add(value);
  }
}

function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf("@"));
}

/** The viewer's addresses as given, and normalized both as a Set and as a list. */
interface ViewerAddresses {
  given: unknown[];
  set: Set<string>;
  list: string[];
}

function sameEntries(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
