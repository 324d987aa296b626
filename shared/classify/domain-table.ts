import { normalizeDomain } from "../domain/normalize-domain";
import { isPersonalHost } from "../domain/personal-domains";
import { isPublicSuffixAscii } from "../domain/registrable-domain";
import { HASH_START, hashFinish, hashStep, hashSuffix, KeyTable } from "./key-table";
import type { IndexExclusion } from "./types";

const NO_KEY = -1;
const NO_CUSTOMER = -1;
const DOT = 46;
const INTERNAL = 1;
const EXCLUDED = 2;
const HAS_CONTACTS = 4;
const LENGTH_SHIFT = 3;

/**
 * Domain keys → what is known about them, built once, kept in the key table's slots next to the key: a lookup
 * that finds a key has everything from that one read. Facts are already combined with what the parent domains
 * say, so a lookup can stop at the longest key that exists: `eu.umbrella.com` carries its own customer plus any
 * exclusion or internal flag set on `umbrella.com`; a key without its own customer inherits the nearest parent's.
 * A slot's value is the number + 1 of the customer of the key holding its customer domain (0: none, or none that
 * may match, see `UsableVerdicts`); its flags are INTERNAL, EXCLUDED, HAS_CONTACTS (the key is some contact's
 * host) and that customer domain's length (from bit 3).
 */
export class DomainTable {
  private readonly keys: KeyTable;
  /**
   * Customer ids by number, one per run of domains added for the same customer: a slot names its customer by
   * number, and this list is a third the size of one entry per key, so the read more often hits the cache.
   */
  private readonly customerIds: string[] = [];
  // What each key says on its own, while building.
  private names: string[] = [];
  private ownCustomer: number[] = []; // a number in customerIds, or NO_CUSTOMER; the first one wins
  private ownInternal: boolean[] = [];
  private ownExclusion: (IndexExclusion | undefined)[] = [];
  private ownContacts: boolean[] = [];
  /** The nearest exclusion of the few keys that have one (themselves or through a parent), by key. */
  private readonly exclusions = new Map<string, IndexExclusion>();
  private singleLabelKeys = false;

  /** About how many domains of how many characters in all will be added (room is made up front). */
  constructor(expectedDomains = 0, expectedChars = 0) {
    this.keys = new KeyTable(expectedDomains, expectedChars);
  }

  addCustomerDomain(raw: string, customerId: string): void {
    const key = this.ownEntry(raw);
    if (key === NO_KEY || this.ownCustomer[key] !== NO_CUSTOMER) return;
    const last = this.customerIds.length - 1;
    if (last < 0 || this.customerIds[last] !== customerId) this.customerIds.push(customerId);
    this.ownCustomer[key] = this.customerIds.length - 1;
  }

  addInternalDomain(raw: string): void {
    const key = this.ownEntry(raw);
    if (key !== NO_KEY) this.ownInternal[key] = true;
  }

  addExcludedDomain(exclusion: IndexExclusion): void {
    const key = this.ownEntry(exclusion.value);
    if (key !== NO_KEY) this.ownExclusion[key] ??= exclusion;
  }

  /**
   * The host of a contact's normalized address (as it is, not normalized again): a lookup then says whether an
   * address's host has contacts at all, so most addresses skip the contact table. Such a key is otherwise neutral:
   * sealing gives it its parents' facts, which is what a lookup would have found without it.
   */
  addContactHost(host: string): void {
    const key = this.entry(host);
    if (key !== NO_KEY) this.ownContacts[key] = true;
  }

  private ownEntry(raw: string): number {
    const domain = normalizeDomain(raw);
    return domain === null ? NO_KEY : this.entry(domain);
  }

  private entry(domain: string): number {
    const key = this.keys.add(domain);
    if (key === this.names.length) {
      this.names.push(domain);
      this.ownCustomer.push(NO_CUSTOMER);
      this.ownInternal.push(false);
      this.ownExclusion.push(undefined);
      this.ownContacts.push(false);
    }
    return key;
  }

  /** Folds each key's parents into it. Call once after adding everything. */
  seal(): this {
    const usable = new UsableVerdicts();
    // Everything is worked out first and stored after: until then a key's value is its number, which is how
    // the parents found on the way are told apart.
    const values = new Int32Array(this.names.length);
    const flagsOf = new Int32Array(this.names.length);
    for (let key = 0; key < this.names.length; key++) {
      const domain = this.names[key];
      if (!domain.includes(".")) this.singleLabelKeys = true;
      let internal = this.ownInternal[key];
      let exclusion = this.ownExclusion[key];
      let customerKey = this.ownCustomer[key] !== NO_CUSTOMER ? key : NO_KEY;
      for (let dot = domain.indexOf("."); dot >= 0; dot = domain.indexOf(".", dot + 1)) {
        const slot = this.keys.find(hashSuffix(domain, dot + 1), domain, dot + 1);
        if (slot === NO_KEY) continue;
        const parent = this.keys.value(slot);
        if (this.ownInternal[parent]) internal = true;
        exclusion ??= this.ownExclusion[parent]; // the nearest one: parents are visited from long to short
        if (customerKey === NO_KEY && this.ownCustomer[parent] !== NO_CUSTOMER) customerKey = parent;
      }
      let flags = (internal ? INTERNAL : 0) | (this.ownContacts[key] ? HAS_CONTACTS : 0);
      if (customerKey !== NO_KEY && usable.of(this.names[customerKey])) {
        values[key] = this.ownCustomer[customerKey] + 1;
        flags |= this.names[customerKey].length << LENGTH_SHIFT;
      }
      if (exclusion !== undefined) {
        flags |= EXCLUDED;
        this.exclusions.set(domain, exclusion);
      }
      flagsOf[key] = flags;
    }
    for (let key = 0; key < this.names.length; key++)
      this.keys.set(this.names[key], values[key], flagsOf[key]);
    this.names = [];
    this.ownCustomer = [];
    this.ownInternal = [];
    this.ownExclusion = [];
    this.ownContacts = [];
    return this;
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * The slot of the longest key that is the host of `address` (which starts at `hostStart`) or a parent of it,
   * or -1. Only
   * whole labels are compared, so look-alikes never match (`notacme.com` is not `acme.com`). One pass from the
   * end hashes every suffix on the way, so no suffix is cut out as a string of its own.
   */
  lookup(address: string, hostStart: number): number {
    let found = NO_KEY; // shorter suffixes come first: the last one found is the longest
    let hash = HASH_START;
    let dotted = false; // whether the characters hashed so far hold a dot
    let next = DOT; // the character after `i`
    for (let i = address.length - 1; i >= hostStart; i--) {
      const c = address.charCodeAt(i);
      // A dot completes the suffix after it (never one that starts with a dot or is empty); a single label is
      // looked up only when such keys exist.
      if (c === DOT) {
        if (next !== DOT && (dotted || this.singleLabelKeys)) {
          const key = this.keys.find(hashFinish(hash), address, i + 1);
          if (key !== NO_KEY) found = key;
        }
        dotted = true;
      }
      hash = hashStep(hash, c);
      next = c;
    }
    if (next !== DOT) {
      const key = this.keys.find(hashFinish(hash), address, hostStart); // the whole host
      if (key !== NO_KEY) found = key;
    }
    return found;
  }

  isInternal(slot: number): boolean {
    return slot !== NO_KEY && (this.keys.flags(slot) & INTERNAL) !== 0;
  }

  /** The exclusion on the key `lookup` found for `address`, or on a parent of it. */
  exclusion(address: string, slot: number): IndexExclusion | undefined {
    if (slot === NO_KEY || (this.keys.flags(slot) & EXCLUDED) === 0) return undefined;
    return this.exclusions.get(address.slice(address.length - this.keys.keyLength(slot)));
  }

  /** Whether some contact's address has exactly the host of `address`, whose key `lookup` found. */
  hostHasContacts(address: string, hostStart: number, slot: number): boolean {
    return (
      slot !== NO_KEY &&
      (this.keys.flags(slot) & HAS_CONTACTS) !== 0 &&
      this.keys.keyLength(slot) === address.length - hostStart
    );
  }

  /** The customer of the key `lookup` found, when it has one whose domain may match. */
  customerId(slot: number): string | undefined {
    const customer = slot === NO_KEY ? 0 : this.keys.value(slot);
    return customer === 0 ? undefined : this.customerIds[customer - 1];
  }

  /**
   * How the host of `address` (from `hostStart`) matches the customer of its key `slot`, once `customerId` named
   * one: as the customer's domain itself, as a subdomain of it, or not at all (a provider's subdomain).
   */
  customerVia(address: string, hostStart: number, slot: number): "domain" | "subdomain" | undefined {
    const domainLength = this.keys.flags(slot) >>> LENGTH_SHIFT;
    if (domainLength === address.length - hostStart) return "domain"; // the only suffix this long is the host
    // A subdomain could still be a provider's (a customer hosting a mail service); its parents from the
    // customer's domain up are known not to be (the verdict), so only the labels below it are looked up.
    return isPersonalHost(address.slice(hostStart), domainLength) ? undefined : "subdomain";
  }
}

/**
 * Whether a customer domain may match at all: not when it is a public suffix (`co.uk` would claim a whole
 * country's mail) or a personal provider (`gmail.com` matches people, not a company). Decided while building, so
 * a match is one array read; the parents' provider verdicts are shared (most customer domains sit right under a
 * handful of suffixes such as `com` and `co.uk`), which keeps it to about one provider-list search per domain.
 */
class UsableVerdicts {
  private readonly personalParents = new Map<string, boolean>();

  of(domain: string): boolean {
    return !this.isPersonal(domain) && !isPublicSuffixAscii(domain);
  }

  private isPersonal(domain: string): boolean {
    const dot = domain.indexOf(".");
    if (dot < 0) return isPersonalHost(domain);
    const parent = domain.slice(dot + 1);
    let personalParent = this.personalParents.get(parent);
    if (personalParent === undefined) {
      personalParent = isPersonalHost(parent);
      this.personalParents.set(parent, personalParent);
    }
    return personalParent || isPersonalHost(domain, parent.length);
  }
}
