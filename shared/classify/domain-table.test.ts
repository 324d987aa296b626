import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DomainTable } from "./domain-table";

/** The walk the table's one-pass lookup replaced: suffix by suffix from the host, the first key found. */
function byWalk(keys: ReadonlySet<string>, host: string, singleLabelKeys: boolean): string | undefined {
  let suffix = host;
  for (;;) {
    if (keys.has(suffix)) return suffix;
    const dot = suffix.indexOf(".");
    if (dot < 0) return undefined;
    suffix = suffix.slice(dot + 1);
    if (!singleLabelKeys && !suffix.includes(".")) return undefined;
  }
}

describe("DomainTable.lookup", () => {
  it("finds the longest key that is the host or a parent of it, as walking the suffixes does", () => {
    const label = fc.constantFrom("a", "b", "c", "x-y", "q1");
    const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));
    const host = fc
      .array(fc.constantFrom("a", "b", "c", "x-y", "q1", ""), { maxLength: 5 })
      .map((l) => l.join("."));
    fc.assert(
      fc.property(fc.array(domain, { maxLength: 8 }), fc.array(host, { maxLength: 8 }), (domains, hosts) => {
        const table = new DomainTable();
        for (const d of domains) table.addCustomerDomain(d, d); // each key is its own customer
        table.seal();
        const keys = new Set(domains);
        const singleLabelKeys = domains.some((d) => !d.includes("."));
        for (const h of [...hosts, ...domains, ...domains.map((d) => `mail.${d}`)]) {
          const address = `someone@${h}`;
          expect(table.customerId(table.lookup(address, 8)), h).toBe(byWalk(keys, h, singleLabelKeys));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
