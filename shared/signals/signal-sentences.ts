import type { Signals } from "../api/schemas";

// What the Outlook pane and the Gmail card say about a customer's conversation signals: one wording for both
// shells. Each line comes with a spoken form for screen readers (no "h" or "min" abbreviations to stumble on).

export interface SignalLine {
  /** As shown: "Median reply 4 h (12 replies)". */
  text: string;
  /** As read aloud: "Median first reply time: 4 hours, over 12 replies". */
  spoken: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A duration in whole minutes, hours or days: the short form and the spoken one. */
export function duration(minutes: number): { short: string; long: string } {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return { short: `${m} min`, long: plural(m, "minute") };
  const h = Math.round(m / 60);
  if (h < 48) return { short: `${h} h`, long: plural(h, "hour") };
  const d = Math.round(h / 24);
  return { short: `${d} d`, long: plural(d, "day") };
}

/**
 * How long a thread has waited, in the largest whole unit: "3 days", "5 hours", "20 minutes", and "less than a
 * minute" for an email that just arrived ("0 minutes" read as a glitch).
 */
export function waitedFor(sinceIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(sinceIso)) / 60_000));
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, "hour");
  return plural(Math.floor(hours / 24), "day");
}

/** "Waiting for a reply for 3 days", for the newest awaiting thread; null when nothing waits. */
export function waitingLine(signals: Signals, now: Date = new Date()): SignalLine | null {
  const first = signals.awaitingReply[0];
  if (!first) return null;
  const waited = waitedFor(first.since, now);
  const more = (signals.awaitingReplyCount ?? signals.awaitingReply.length) - 1;
  const others = more > 0 ? ` (and ${plural(more, "other thread")})` : "";
  const subject = first.subject?.trim() ? `: ${first.subject.trim()}` : "";
  return {
    text: `Waiting for a reply for ${waited}${others}`,
    spoken: `A customer email has been waiting for a reply for ${waited}${subject}${others}`,
  };
}

/** "Median reply 4 h (12 replies)", or the designed empty state "No replies measured yet". */
export function medianLine(signals: Signals): SignalLine {
  if (signals.medianFirstReplyMinutes === null || signals.repliesMeasured === 0) {
    return {
      text: "No replies measured yet",
      spoken: "No first replies measured in the last 90 days yet",
    };
  }
  const d = duration(signals.medianFirstReplyMinutes);
  const n = plural(signals.repliesMeasured, "reply", "replies");
  return {
    text: `Median reply ${d.short} (${n})`,
    spoken: `Median first reply time: ${d.long}, over ${n} in the last 90 days`,
  };
}

/**
 * The captions above the two lines where a surface labels them (the Gmail card, the web profile). Not "Awaiting
 * reply": above "Waiting for a reply for 3 days" it said the same thing twice.
 */
export const SIGNAL_LABELS = { waiting: "Unanswered", median: "Response time" } as const;

/** "Nothing is waiting for a reply": said when no thread waits, so the absence is a statement, not a gap. */
export const NOTHING_WAITING: SignalLine = {
  text: "Nothing is waiting for a reply",
  spoken: "No customer email is waiting for a reply",
};
