import { addressForDisplay, type EmailInput } from "../../../shared";
import type { SelectedMessage } from "../office";
import type { SyncMessagesResult, TouchbaseEngine } from "../sync";
import { describeError } from "../sync/error-sentence";
import { reasonSentence } from "./format";
import type { LookupCache } from "./lookup-cache";
import type { MessageModel } from "./pane-model";
import type { Notice } from "./pane-view";
import type { HostPort } from "./ports";
import { syncSentence } from "./sync-sentence";

// The pane's actions as plain functions over one context: each says what happened in a notice and reloads.

export type NoticeInput = Omit<Notice, "id">;

export interface ActionContext {
  host: HostPort;
  touchbase: TouchbaseEngine;
  cache: LookupCache;
  setNotice(notice: NoticeInput | null): void;
  setBusy(action: string | null): void;
  reload(): Promise<void>;
  generation(): number;
}

/** Runs an action with its busy flag; a failure becomes an error notice. */
async function busyWith(ctx: ActionContext, name: string, action: () => Promise<void>): Promise<void> {
  ctx.setBusy(name);
  try {
    await action();
  } catch (error) {
    ctx.setNotice({ intent: "error", text: describeError(error) });
  } finally {
    ctx.setBusy(null);
  }
}

/** Uploads the open message (Sync, or auto-sync on open); reloads only if the user is still on it. */
export function syncOpen(ctx: ActionContext, model: MessageModel, generation = ctx.generation()) {
  return busyWith(ctx, "sync", async () => {
    const open = await ctx.host.readCurrentWithBody();
    const result = await ctx.touchbase.syncMessages([open.email], "open");
    ctx.cache.forget(model.messageId);
    if (result.outcomes[0]?.status === "queued") ctx.cache.markPending(model.messageId);
    const notice = openSyncNotice(result);
    if (notice) ctx.setNotice(notice);
    if (generation === ctx.generation()) await ctx.reload();
  });
}

function openSyncNotice(result: SyncMessagesResult): NoticeInput | null {
  const outcome = result.outcomes[0];
  if (result.notSent.length)
    return { intent: "info", text: `Not synced: ${reasonSentence(result.notSent[0].reason)}` };
  // Queued: the state ("Waiting to upload") and the outbox banner say it; a third sentence would repeat them.
  if (outcome?.status === "queued") return null;
  if (outcome?.status === "stored") return { intent: "success", text: "Synced to Touchbase." };
  if (outcome?.status === "duplicate") return { intent: "success", text: "Already in Touchbase." };
  if (outcome)
    return { intent: "warning", text: `The server did not store it: ${outcome.reason ?? outcome.status}.` };
  return null;
}

export function removeStored(ctx: ActionContext, model: MessageModel, emailId: string) {
  return busyWith(ctx, "remove", async () => {
    await ctx.touchbase.api.removeEmail(emailId);
    ctx.cache.forget(model.messageId);
    ctx.cache.unmarkPending(model.messageId);
    ctx.cache.claimAutoSync(model.messageId); // do not put it straight back
    ctx.setNotice({ intent: "success", text: "Removed from Touchbase." });
    await ctx.reload();
  });
}

export function excludeSender(
  ctx: ActionContext,
  input: { kind: "address" | "domain"; value: string; purge: boolean },
) {
  return busyWith(ctx, "exclude", async () => {
    const result = await ctx.touchbase.exclude(input);
    ctx.cache.clear();
    const who = addressForDisplay(input.value);
    const n = result.purged;
    const purged = n
      ? ` ${n} stored email${n === 1 ? " was" : "s were"} deleted (undo does not bring ${n === 1 ? "it" : "them"} back).`
      : "";
    ctx.setNotice({
      intent: "success",
      text: `${who} is excluded: Touchbase will not store their emails.${purged}`,
      undo: async () => {
        await result.undo();
        ctx.cache.clear();
        ctx.setNotice({ intent: "info", text: `${who} is no longer excluded.` });
        await ctx.reload();
      },
    });
    await ctx.reload();
  });
}

export function syncSelected(ctx: ActionContext, items: SelectedMessage[]) {
  return busyWith(ctx, "sync-selected", async () => {
    const { emails, failed } = await readSelected(ctx, items);
    const result: SyncMessagesResult = emails.length
      ? await ctx.touchbase.syncMessages(emails, "selection")
      : { outcomes: [], notSent: [], error: null };
    ctx.cache.clear();
    const summary = syncSentence(result, items.length);
    const unread = failed ? ` ${failed} could not be read from Outlook.` : "";
    ctx.setNotice({ intent: failed ? "warning" : summary.intent, text: summary.text + unread });
  });
}

/** The selected messages with their bodies: through Office.js on Mailbox 1.15, through Graph on 1.13–1.14. */
async function readSelected(
  ctx: ActionContext,
  items: SelectedMessage[],
): Promise<{ emails: EmailInput[]; failed: number }> {
  if (ctx.host.canLoadItemsById) {
    const read = await ctx.host.readSelected(items.map((i) => i.itemId));
    const emails = read.flatMap((r) => (r.message ? [r.message.email] : []));
    return { emails, failed: read.length - emails.length };
  }
  const known = items.map((i) => ctx.host.restIdOf(i.itemId)).filter((id): id is string => id !== null);
  const fetched = known.length ? await ctx.touchbase.fetchEmails(known) : { emails: [], missing: [] };
  return { emails: fetched.emails, failed: items.length - fetched.emails.length };
}
