import { normalizeDomain } from "../domain/normalize-domain";
import { isPersonalHost } from "../domain/personal-domains";
import { isPublicSuffix } from "../domain/registrable-domain";
import type { IndexExclusion } from "./types";

/**
 * What is known about one domain key, already combined with what its parent domains say, so a lookup can stop at
 * the longest key that exists: `eu.umbrella.com` carries its own customer plus any exclusion or internal flag set
 * on `umbrella.com`; a key without its own customer inherits the nearest parent's.
 */
export interface DomainFacts {
  customerId?: string;
  /** The customer's domain that matched: the key itself or the parent it inherited from. */
  customerDomain?: string;
  internal: boolean;
  /** The nearest exclusion entry on this domain or a parent of it. */
  exclusion?: IndexExclusion;
  /** Whether `customerDomain` may match at all (neither a public suffix nor a personal provider); decided on first use. */
  usable?: boolean;
}

interface Own {
  customerId?: string;
  internal: boolean;
  exclusion?: IndexExclusion;
}

/** Domain keys → facts, built once. Lookups walk a host's suffixes and stop at the first key found. */
export class DomainTable {
  private readonly own = new Map<string, Own>();
  private readonly facts = new Map<string, DomainFacts>();
  private singleLabelKeys = false;
  addCustomerDomain(raw: string, customerId: string): void {
    const own = this.ownEntry(raw);
    if (own) own.customerId ??= customerId; // a domain belongs to one customer; the first one wins
  }

  addInternalDomain(raw: string): void {
    const own = this.ownEntry(raw);
    if (own) own.internal = true;
  }

  addExcludedDomain(exclusion: IndexExclusion): void {
    const own = this.ownEntry(exclusion.value);
    if (own) own.exclusion ??= exclusion;
  }

  private ownEntry(raw: string): Own | null {
    const domain = normalizeDomain(raw);
    if (domain === null) return null;
    let own = this.own.get(domain);
    if (own === undefined) {
      own = { internal: false };
      this.own.set(domain, own);
    }
    return own;
  }

  /** Folds each key's parents into it. Call once after adding everything. */
  seal(): this {
    for (const [domain, own] of this.own) {
      if (!domain.includes(".")) this.singleLabelKeys = true;
      const facts: DomainFacts = { internal: own.internal, exclusion: own.exclusion };
      if (own.customerId !== undefined) {
        facts.customerId = own.customerId;
        facts.customerDomain = domain;
      }
      for (let dot = domain.indexOf("."); dot >= 0; dot = domain.indexOf(".", dot + 1)) {
        const parentName = domain.slice(dot + 1);
        const parent = this.own.get(parentName);
        if (parent === undefined) continue;
        if (parent.internal) facts.internal = true;
        facts.exclusion ??= parent.exclusion; // the nearest one: parents are visited from long to short
        if (facts.customerId === undefined && parent.customerId !== undefined) {
          facts.customerId = parent.customerId;
          facts.customerDomain = parentName;
        }
      }
      this.facts.set(domain, facts);
    }
    this.own.clear();
    return this;
  }

  get size(): number {
    return this.facts.size;
  }

  /**
   * The facts of the longest key that is the host or a parent of it. Only whole labels are compared, so
   * look-alikes never match (`notacme.com` is not `acme.com`); the longest key wins.
   */
  lookup(host: string): DomainFacts | undefined {
    let suffix = host;
    for (;;) {
      const facts = this.facts.get(suffix);
      if (facts !== undefined) return facts;
      const dot = suffix.indexOf(".");
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
      if (!this.singleLabelKeys && !suffix.includes(".")) return undefined;
    }
  }

  /**
   * False when the customer domain these facts carry is a public suffix (`co.uk` would claim a whole country's
   * mail) or a personal provider (`gmail.com` matches people, not a company). Decided on first match and
   * remembered on the facts, so building stays a few Map writes per domain and a match one Map read.
   */
  static customerDomainUsable(facts: DomainFacts): boolean {
    if (facts.usable === undefined) {
      const domain = facts.customerDomain;
      facts.usable = domain !== undefined && !isPublicSuffix(domain) && !isPersonalHost(domain);
    }
    return facts.usable;
  }
}
