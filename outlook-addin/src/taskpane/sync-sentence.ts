import type { SyncMessagesResult } from "../sync";
import type { Notice } from "./pane-view";

const emails = (n: number) => `${n} email${n === 1 ? "" : "s"}`;
/** "1 email is" / "2 emails are". */
const emailsAre = (n: number) => `${emails(n)} ${n === 1 ? "is" : "are"}`;

/**
 * The result of "Sync N selected" in sentences: what was stored first, then what was not sent and why.
 * "2 emails synced, 1 already in Touchbase. 1 email is not customer mail and stays in Outlook."
 */
export function syncSentence(
  result: SyncMessagesResult,
  count: number,
): { intent: Notice["intent"]; text: string } {
  const by = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  const done: string[] = [];
  if (by("stored")) done.push(`${emails(by("stored"))} synced`);
  if (by("duplicate")) done.push(`${by("duplicate")} already in Touchbase`);
  if (by("queued")) done.push(`${by("queued")} waiting to upload`);
  const sentences = done.length ? [`${done.join(", ")}.`] : [];
  const notCustomer = result.notSent.length + by("not-customer");
  if (notCustomer)
    sentences.push(
      `${emailsAre(notCustomer)} not customer mail and stay${notCustomer === 1 ? "s" : ""} in Outlook.`,
    );
  if (by("excluded")) sentences.push(`${emailsAre(by("excluded"))} from an excluded sender.`);
  if (by("invalid"))
    sentences.push(
      `${emails(by("invalid"))} ${by("invalid") === 1 ? "was" : "were"} rejected by the server.`,
    );
  if (sentences.length === 0) sentences.push(`Nothing to sync in the ${emails(count)} selected.`);
  const text = sentences.join(" ").replace(/^./, (c) => c.toUpperCase());
  if (result.error) return { intent: "warning", text: `${text} ${result.error.message}` };
  return { intent: by("invalid") ? "warning" : "success", text };
}
