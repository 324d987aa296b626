import type { SyncMessagesResult } from "../sync";
import type { Notice } from "./pane-view";

/** The result of "Sync N selected" as one sentence. */
export function syncSentence(
  result: SyncMessagesResult,
  count: number,
): { intent: Notice["intent"]; text: string } {
  const by = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  const parts: string[] = [];
  const stored = by("stored");
  if (stored) parts.push(`${stored} synced`);
  if (by("duplicate")) parts.push(`${by("duplicate")} already synced`);
  if (by("queued")) parts.push(`${by("queued")} waiting to upload`);
  const notCustomer = result.notSent.length + by("not-customer");
  if (notCustomer) parts.push(`${notCustomer} not customer email${notCustomer === 1 ? "" : "s"}`);
  if (by("excluded")) parts.push(`${by("excluded")} excluded`);
  if (by("invalid")) parts.push(`${by("invalid")} rejected by the server`);
  const text = parts.length ? `${parts.join(", ")}.` : `Nothing to sync in ${count} messages.`;
  if (result.error) return { intent: "warning", text: `${text} ${result.error.message}` };
  return {
    intent: by("invalid") ? "warning" : "success",
    text: text.charAt(0).toUpperCase() + text.slice(1),
  };
}
