import { shownTo, type VisibilityRow } from "./email-visibility";
import type { Caller } from "./workspaces";

// The one mapping from an email row to a list item (history, lookup's recent emails, a profile thread's emails,
// the web's conversations), through the visibility rule: each list adds only its own fields.

/** The columns every email list selects, as the driver hands them back (or a function's JSON: dates as text). */
export interface SummaryRow extends VisibilityRow {
  id: string;
  subject: string;
  from_header: string;
  to_header: string;
  sent_at: Date | string;
  direction: "inbound" | "outbound";
  snippet: string;
  thread_key: string;
}

/** The list item as the caller may see it: the fields every list shows, then the list's own `extra`. */
export function emailSummaryOf<E extends object>(caller: Caller, r: SummaryRow, extra: E) {
  return shownTo(caller, r, {
    id: r.id,
    subject: r.subject,
    from: r.from_header,
    to: r.to_header,
    sentAt: new Date(r.sent_at).toISOString(),
    direction: r.direction,
    snippet: r.snippet,
    threadKey: r.thread_key,
    ...extra,
  });
}
