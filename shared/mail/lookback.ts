const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_LOOKBACK_DAYS = 3650;

/** The oldest date a sync looks at: `days` before `now` (clamped to 0…3650 days; 90 by default). */
export function lookbackCutoff(now: Date, days = 90): Date {
  const d = Number.isFinite(days) ? Math.min(Math.max(Math.floor(days), 0), MAX_LOOKBACK_DAYS) : 90;
  const base = now instanceof Date && !Number.isNaN(now.getTime()) ? now.getTime() : Date.now();
  return new Date(base - d * DAY_MS);
}
