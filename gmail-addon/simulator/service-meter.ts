// Counts every call the script makes into a Google service, by kind ("UrlFetchApp.fetch",
// "GmailMessage.getHeader", …), the modelled time each kind cost, and the time spent waiting on the network, so
// tests and the benchmark can hold the add-on to its budgets (one UrlFetch per card, 0 on a cache hit).
import { latencyOf } from "./latency-model";
import type { VirtualClock } from "./virtual-clock";

export class ServiceMeter {
  readonly calls = new Map<string, number>();
  readonly modelled = new Map<string, number>();
  networkMs = 0;

  /** Without a clock the meter only counts (unit tests of single fakes). */
  constructor(private readonly clock?: VirtualClock) {}

  count(kind: string): void {
    this.calls.set(kind, (this.calls.get(kind) ?? 0) + 1);
  }

  /** A service call: counted, its modelled latency recorded and added to the script clock. */
  call(kind: string, ms = latencyOf(kind)): void {
    this.count(kind);
    this.modelled.set(kind, (this.modelled.get(kind) ?? 0) + ms);
    this.clock?.advance(ms);
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

  modelledSnapshot(): Record<string, number> {
    return Object.fromEntries([...this.modelled.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.calls.clear();
    this.modelled.clear();
    this.networkMs = 0;
  }
}
