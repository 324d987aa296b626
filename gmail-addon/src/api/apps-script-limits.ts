// Apps Script's own limits surface as exceptions whose message is the only clue. Recognising them lets the
// add-on say "Google's daily allowance is used up" or "that took too long" instead of "something went wrong".
// Sentences from developers.google.com/apps-script/guides/services/quotas and what scripts observe.

export type AppsScriptLimit =
  /** "Service invoked too many times for one day: urlfetch." (UrlFetch calls per day) */
  | "urlfetch"
  /** "…: gmail." (Email read/write per day) */
  | "gmail"
  /** "…: properties." (Properties read/write per day) */
  | "properties"
  /** Any other service's daily count. */
  | "service"
  /** "Service using too much computer time for one day" (time-driven triggers' total runtime) */
  | "trigger-runtime"
  /** "Exceeded maximum execution time" (30 s for card callbacks, 6 minutes otherwise) */
  | "execution-time";

export function appsScriptLimit_(error: unknown): AppsScriptLimit | null {
  const text = error instanceof Error ? error.message : String(error);
  const daily = /Service invoked too many times for one day:\s*([\w.-]+)/i.exec(text);
  if (daily) {
    const service = daily[1].replace(/\.$/, "").toLowerCase();
    return service === "urlfetch" || service === "gmail" || service === "properties" ? service : "service";
  }
  if (/Bandwidth quota exceeded/i.test(text)) return "urlfetch";
  if (/Service using too much computer time for one day/i.test(text)) return "trigger-runtime";
  if (/Exceeded maximum execution time/i.test(text)) return "execution-time";
  return null;
}

const DAILY = "It renews within 24 hours.";

/** What the user reads about each limit. */
export const LIMIT_SENTENCES: Record<AppsScriptLimit, string> = {
  urlfetch: `Touchbase has used up today's Google allowance for server requests. ${DAILY}`,
  gmail: `Touchbase has used up today's Google allowance for reading Gmail. ${DAILY}`,
  properties: `Touchbase has used up today's Google allowance for saving its settings. ${DAILY}`,
  service: `Touchbase has used up one of today's Google allowances. ${DAILY}`,
  "trigger-runtime": `Background sync has used up today's Google allowance for background work. ${DAILY}`,
  "execution-time":
    "Google stops an add-on step after 30 seconds, and this one needed longer. Try again: label sync continues where it stopped.",
};
