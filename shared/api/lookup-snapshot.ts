import { normalizeAddress } from "../address/normalize-address";
import type { CustomerIndexSnapshot } from "../classify/types";
import { DEFAULT_INDEX_SETTINGS } from "../classify/types";
import type { LookupResponse } from "./schemas";

/**
 * A small index snapshot holding exactly what `/lookup` said about a message's participants. Classifying the
 * message with it gives the same answer as the full index would, without downloading the index — the way
 * the Gmail add-on works, since Apps Script cannot keep a large index (100 KB per cache value).
 */
export function snapshotFromLookup(lookup: LookupResponse): CustomerIndexSnapshot {
  const customers = new Map<string, { id: string; name: string; domains: string[] }>();
  const contacts: CustomerIndexSnapshot["contacts"] = [];
  const exclusions = new Map<string, CustomerIndexSnapshot["exclusions"][number]>();
  for (const result of lookup.results) {
    if (result.customer) {
      customers.set(result.customer.id, {
        id: result.customer.id,
        name: result.customer.name,
        domains: result.customer.domains,
      });
      if (result.contact && result.matchedBy === "contact") {
        contacts.push({
          id: result.contact.id,
          customerId: result.customer.id,
          address: normalizeAddress(result.email) ?? result.email,
        });
      }
    }
    if (result.exclusion) {
      // An exclusion is keyed by id when it has one so two addresses excluded by one domain entry stay one entry.
      exclusions.set(result.exclusion.id, result.exclusion);
    }
  }
  return {
    version: "lookup",
    internalDomains: lookup.rules?.internalDomains ?? [],
    customers: [...customers.values()],
    contacts,
    exclusions: [...exclusions.values()],
    settings: lookup.rules?.settings ?? DEFAULT_INDEX_SETTINGS,
  };
}
