import type { CustomerIndexSnapshot } from "../classify/types";
import type { CustomerIndexSince } from "./schemas";

type Snapshot = CustomerIndexSnapshot & { exclusions: { id: string }[] };

function applyChangeSet<T extends { id: string }>(
  items: T[],
  change: { upserted: T[]; removed: string[] },
): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const id of change.removed) byId.delete(id);
  for (const item of change.upserted) byId.set(item.id, item);
  return [...byId.values()];
}

/**
 * A client's local snapshot brought up to date with a `GET /customer-index?since=` answer: either the changes
 * (upserts and removals by id) or, when the server could not diff from that version, a whole new snapshot.
 */
export function applyIndexChanges(current: Snapshot | null, answer: CustomerIndexSince): Snapshot {
  if (answer.full || current === null) {
    const { full: _full, ...rest } = answer as CustomerIndexSince & { full: boolean };
    if (answer.full) return rest as Snapshot;
    // Changes without a base cannot be applied; the caller asked `since` without a snapshot.
    return {
      version: answer.version,
      internalDomains: answer.internalDomains,
      settings: answer.settings,
      customers: answer.customers.upserted,
      contacts: answer.contacts.upserted,
      exclusions: answer.exclusions.upserted,
    };
  }
  return {
    version: answer.version,
    internalDomains: answer.internalDomains,
    settings: answer.settings,
    customers: applyChangeSet(
      current.customers as { id: string; name: string; domains: string[] }[],
      answer.customers,
    ),
    contacts: applyChangeSet(current.contacts, answer.contacts),
    exclusions: applyChangeSet(
      current.exclusions as Snapshot["exclusions"] & CustomerIndexSnapshot["exclusions"],
      answer.exclusions,
    ),
  } as Snapshot;
}
