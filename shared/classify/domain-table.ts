import { normalizeDomain } from "../domain/normalize-domain";
import { isPersonalHost } from "../domain/personal-domains";
import { isPublicSuffixAscii } from "../domain/registrable-domain";
import { HASH_START, hashFinish, hashStep, hashSuffix, KeyTable } from "./key-table";
import type { IndexExclusion } from "./types";

const NO_KEY = -1;
const DOT = 46;

/**
 * Domain keys → what is known about them, built once. Each key is a number; its facts live in flat arrays indexed
 * by it (no object per domain), already combined with what its parent domains say, so a lookup can stop at the
 * longest key that exists: `eu.umbrella.com` carries its own customer plus any exclusion or internal flag set on
 * `umbrella.com`; a key without its own customer inherits the nearest parent's.
 */
export class DomainTable {
  private readonly keys: KeyTable;
  /** The customer a key names itself (the first one wins); kept after sealing for the customer keys. */
  private readonly ownCustomer: (string | undefined)[] = [];
  // What each key says on its own, while building.
  private names: string[] = [];
  private ownInternal: boolean[] = [];
  private ownExclusion: (IndexExclusion | undefined)[] = [];
  /**
   * Per key after sealing: the key holding its customer domain (itself or a parent), or NO_KEY, also when that
   * domain may not match at all (see `usable`).
   */
  private customerKey = new Int32Array(0);
  private internal = new Uint8Array(0);
  /** The nearest exclusion of the few keys that have one (themselves or through a parent). */
  private readonly exclusions = new Map<number, IndexExclusion>();
  private singleLabelKeys = false;

  /** About how many domains of how many characters in all will be added (room is made up front). */
  constructor(expectedDomains = 0, expectedChars = 0) {
    this.keys = new KeyTable(expectedDomains, expectedChars);
  }

  addCustomerDomain(raw: string, customerId: string): void {
    const key = this.ownEntry(raw);
    if (key !== NO_KEY) this.ownCustomer[key] ??= customerId;
  }

  addInternalDomain(raw: string): void {
    const key = this.ownEntry(raw);
    if (key !== NO_KEY) this.ownInternal[key] = true;
  }

  addExcludedDomain(exclusion: IndexExclusion): void {
    const key = this.ownEntry(exclusion.value);
    if (key !== NO_KEY) this.ownExclusion[key] ??= exclusion;
  }

  private ownEntry(raw: string): number {
    const domain = normalizeDomain(raw);
    if (domain === null) return NO_KEY;
    const key = this.keys.add(domain);
    if (key === this.ownInternal.length) {
      this.names.push(domain);
      this.ownCustomer.push(undefined);
      this.ownInternal.push(false);
      this.ownExclusion.push(undefined);
    }
    return key;
  }

  /** Folds each key's parents into it. Call once after adding everything. */
  seal(): this {
    const count = this.keys.size;
    this.customerKey = new Int32Array(count).fill(NO_KEY);
    this.internal = new Uint8Array(count);
    const usable = new UsableVerdicts();
    for (let key = 0; key < count; key++) {
      const domain = this.names[key];
      if (!domain.includes(".")) this.singleLabelKeys = true;
      let internal = this.ownInternal[key];
      let exclusion = this.ownExclusion[key];
      let customerKey = this.ownCustomer[key] !== undefined ? key : NO_KEY;
      for (let dot = domain.indexOf("."); dot >= 0; dot = domain.indexOf(".", dot + 1)) {
        const parent = this.keys.find(hashSuffix(domain, dot + 1), domain, dot + 1);
        if (parent === NO_KEY) continue;
        if (this.ownInternal[parent]) internal = true;
        exclusion ??= this.ownExclusion[parent]; // the nearest one: parents are visited from long to short
        if (customerKey === NO_KEY && this.ownCustomer[parent] !== undefined) customerKey = parent;
      }
      if (customerKey !== NO_KEY && usable.of(this.names[customerKey])) this.customerKey[key] = customerKey;
      this.internal[key] = internal ? 1 : 0;
      if (exclusion !== undefined) this.exclusions.set(key, exclusion);
    }
    this.names = [];
    this.ownInternal = [];
    this.ownExclusion = [];
    return this;
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * The longest key that is the host of `address` (which starts at `hostStart`) or a parent of it, or -1. Only
   * whole labels are compared, so look-alikes never match (`notacme.com` is not `acme.com`). One pass from the
   * end hashes every suffix on the way, so no suffix is cut out as a string of its own.
   */
  lookup(address: string, hostStart: number): number {
    let found = NO_KEY;
    let hash = HASH_START;
    let dotted = false;
    for (let i = address.length - 1; i >= hostStart; i--) {
      const c = address.charCodeAt(i);
      hash = hashStep(hash, c);
      if (c === DOT) {
        dotted = true;
      } else if (i === hostStart || (address.charCodeAt(i - 1) === DOT && (dotted || this.singleLabelKeys))) {
        const key = this.keys.find(hashFinish(hash), address, i);
        if (key !== NO_KEY) found = key; // shorter suffixes come first: the last one found is the longest
      }
    }
    return found;
  }

  isInternal(key: number): boolean {
    return key !== NO_KEY && this.internal[key] === 1;
  }

  exclusion(key: number): IndexExclusion | undefined {
    return key === NO_KEY || this.exclusions.size === 0 ? undefined : this.exclusions.get(key);
  }

  /** The customer of a key from `lookup`, when it has one whose domain may match. */
  customerId(key: number): string | undefined {
    const customerKey = key === NO_KEY ? NO_KEY : this.customerKey[key];
    return customerKey === NO_KEY ? undefined : this.ownCustomer[customerKey];
  }

  /**
   * How the host of `address` (from `hostStart`) matches the customer of its `key`, once `customerId` named one:
   * as the customer's domain itself, as a subdomain of it, or not at all (a provider's subdomain).
   */
  customerVia(address: string, hostStart: number, key: number): "domain" | "subdomain" | undefined {
    const domainLength = this.keys.keyLength(this.customerKey[key]);
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
