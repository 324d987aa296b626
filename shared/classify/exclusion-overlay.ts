import { normalizeAddress } from "../address/normalize-address";
import { normalizeDomain } from "../domain/normalize-domain";
import type { IndexExclusion } from "./types";

/**
 * Exclusions kept apart from the big domain table: address entries, and the per-user entries a server lays over
 * one shared workspace index. Small by nature (a user excludes a handful of senders), so a domain check walks
 * the host's suffixes only when there is any domain entry at all.
 */
export class ExclusionOverlay {
  private readonly addresses = new Map<string, IndexExclusion>();
  private readonly domains = new Map<string, IndexExclusion>();

  /** A new overlay with these entries added; this one is left as it was (indexes share overlays). */
  with(exclusions: readonly IndexExclusion[]): ExclusionOverlay {
    const next = new ExclusionOverlay();
    for (const [k, v] of this.addresses) next.addresses.set(k, v);
    for (const [k, v] of this.domains) next.domains.set(k, v);
    for (const exclusion of exclusions) {
      if (exclusion.kind === "address") {
        const address = normalizeAddress(exclusion.value);
        if (address !== null && !next.addresses.has(address)) next.addresses.set(address, exclusion);
      } else {
        const domain = normalizeDomain(exclusion.value);
        if (domain !== null && !next.domains.has(domain)) next.domains.set(domain, exclusion);
      }
    }
    return next;
  }

  /**
   * The entry rejecting this normalized address, whose host starts at `hostStart` (address entries first, then the
   * nearest domain entry).
   */
  match(address: string, hostStart: number): IndexExclusion | undefined {
    if (this.addresses.size > 0) {
      const byAddress = this.addresses.get(address);
      if (byAddress !== undefined) return byAddress;
    }
    if (this.domains.size === 0) return undefined;
    let suffix = address.slice(hostStart);
    for (;;) {
      const byDomain = this.domains.get(suffix);
      if (byDomain !== undefined) return byDomain;
      const dot = suffix.indexOf(".");
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
    }
  }
}
