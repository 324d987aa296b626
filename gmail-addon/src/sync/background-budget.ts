// Time-driven triggers share one daily allowance per user: 90 minutes of total runtime on consumer accounts,
// 6 hours on Google Workspace. The hourly sync could take 24 × 5 minutes, more than a consumer account has, so it
// keeps its own tally in UserProperties and stops for the day at a budget that leaves room for other triggers.

/** Background sync's own daily ceiling: two thirds of the smaller (consumer) quota. */
export const BACKGROUND_DAILY_BUDGET_MS = 60 * 60_000;
const USAGE_KEY = "tb.bgUsage";

interface Usage {
  day: string;
  ms: number;
}

/** Google resets quotas 24 hours after the first request; a UTC day is a close, simple stand-in. */
function today_(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function backgroundUsedMs_(now: Date): number {
  try {
    const usage = JSON.parse(
      PropertiesService.getUserProperties().getProperty(USAGE_KEY) ?? "null",
    ) as Usage | null;
    return usage && usage.day === today_(now) && Number.isFinite(usage.ms) ? usage.ms : 0;
  } catch {
    return 0;
  }
}

/** Adds `ms` of background runtime to today's tally. */
export function recordBackgroundUse_(now: Date, alreadyUsedMs: number, ms: number): void {
  const usage: Usage = { day: today_(now), ms: alreadyUsedMs + ms };
  PropertiesService.getUserProperties().setProperty(USAGE_KEY, JSON.stringify(usage));
}
