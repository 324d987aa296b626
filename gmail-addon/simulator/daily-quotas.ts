// Apps Script's daily quotas, per user, with Google's documented numbers (developers.google.com/apps-script/
// guides/services/quotas) and the sentences scripts meet when one runs out. They reset 24 hours after the first
// request; tests call newDay() for that.
import { exception } from "./apps-script-error";

export type Account = "consumer" | "workspace";
export type CountedService = "urlfetch" | "gmail" | "properties";

export const DAILY_LIMITS: Record<Account, Record<CountedService, number> & { triggerRuntimeMs: number }> = {
  // "URL Fetch calls", "Email read/write (excluding send)", "Properties read/write", "Triggers total runtime".
  consumer: { urlfetch: 20_000, gmail: 20_000, properties: 50_000, triggerRuntimeMs: 90 * 60_000 },
  workspace: { urlfetch: 100_000, gmail: 50_000, properties: 500_000, triggerRuntimeMs: 6 * 60 * 60_000 },
};

export const TRIGGER_RUNTIME_MESSAGE = "Service using too much computer time for one day";

export class DailyQuotas {
  readonly used: Record<CountedService, number> & { triggerRuntimeMs: number } = {
    urlfetch: 0,
    gmail: 0,
    properties: 0,
    triggerRuntimeMs: 0,
  };

  constructor(readonly limits: Record<CountedService, number> & { triggerRuntimeMs: number }) {}

  /** One more use of `service`; past the day's limit Apps Script refuses the call. */
  take(service: CountedService, n = 1): void {
    if (this.used[service] + n > this.limits[service]) {
      throw exception(`Service invoked too many times for one day: ${service}.`);
    }
    this.used[service] += n;
  }

  exhaust(service: CountedService | "triggerRuntimeMs"): void {
    this.used[service] = this.limits[service];
  }

  /** Time-driven execution time still allowed today. */
  triggerRuntimeLeftMs(): number {
    return Math.max(0, this.limits.triggerRuntimeMs - this.used.triggerRuntimeMs);
  }

  newDay(): void {
    for (const key of Object.keys(this.used) as (keyof typeof this.used)[]) this.used[key] = 0;
  }
}
