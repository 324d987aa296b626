// Counts every call the script makes into a Google service, by kind ("UrlFetchApp.fetch",
// "GmailMessage.getHeader", …), and the time spent waiting on the network, so tests and the benchmark can hold
// the add-on to its budgets (one UrlFetch per card, 0 on a cache hit).

export class ServiceMeter {
  readonly calls = new Map<string, number>();
  networkMs = 0;
  modelledMs = 0;

  count(kind: string): void {
    this.calls.set(kind, (this.calls.get(kind) ?? 0) + 1);
  }

  get(kind: string): number {
    return this.calls.get(kind) ?? 0;
  }

  /** Calls whose kind starts with a service name, e.g. total("UrlFetchApp"). */
  total(prefix: string): number {
    let sum = 0;
    for (const [kind, n] of this.calls) if (kind.startsWith(prefix)) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.calls.clear();
    this.networkMs = 0;
    this.modelledMs = 0;
  }
}
