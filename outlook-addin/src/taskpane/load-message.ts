import { ApiError, type LookupResponse } from "../../../shared";
import type { SelectionChange } from "../office";
import { describeError } from "../sync/error-sentence";
import { isAuthError } from "./errors";
import type { LookupCache } from "./lookup-cache";
import { messageIdSha256 } from "./message-hash";
import { localModel, withLookup, withoutLookup, type MessageModel } from "./pane-model";
import type { PaneView } from "./pane-view";
import type { HostPort } from "./ports";
import type { TouchbaseEngine } from "../sync";

// Loading what the pane shows for a selection, as named steps over one context. Plain async functions: the hook
// (`use-pane-view.ts`) owns the React state and the generation counter that makes a late answer harmless.

export interface LoadContext {
  host: HostPort;
  touchbase: TouchbaseEngine;
  cache: LookupCache;
  show(view: PaneView): void;
  /** True once another selection started loading: this one must not touch the view any more. */
  stale(): boolean;
}

/**
 * Shows the view for a selection. Returns the message's model when `/lookup` has just answered for it (the
 * moment auto-sync may act), else null.
 */
export async function loadSelection(ctx: LoadContext, change: SelectionChange): Promise<MessageModel | null> {
  try {
    if (change.kind === "selection" && change.items.length > 1) {
      ctx.show({ kind: "selection", items: change.items });
      return null;
    }
    const base = await readLocalModel(ctx);
    if (!base) return null;
    if (!base.related) {
      // Not customer mail: decided here, shown from local data, and nothing about it leaves Outlook.
      ctx.show({ kind: "message", model: base, lookupError: null });
      return null;
    }
    return await completeWithLookup(ctx, base);
  } catch (error) {
    if (!ctx.stale()) ctx.show(errorView(error));
    return null;
  }
}

/** The open message classified with the local index; null when there is none (or the selection was shown). */
async function readLocalModel(ctx: LoadContext): Promise<MessageModel | null> {
  const message = await ctx.host.readCurrent();
  if (ctx.stale()) return null;
  if (!message) {
    const items = ctx.host.supportsMultiSelect ? await ctx.host.selectedItems() : [];
    if (!ctx.stale()) ctx.show(items.length > 1 ? { kind: "selection", items } : { kind: "empty" });
    return null;
  }
  const local = await localIndex(ctx);
  return local ? localModel(message, local, ctx.host.viewer()) : null;
}

/** The customer index on this computer, fetched first when there is none yet (the request says nothing of the message). */
async function localIndex(ctx: LoadContext) {
  const local = ctx.touchbase.index.current();
  if (local) return local;
  ctx.show({ kind: "loading" });
  await ctx.touchbase.index.refresh();
  if (ctx.stale()) return null;
  const fetched = ctx.touchbase.index.current();
  if (!fetched) throw new ApiError("no_index", "Touchbase could not load your customers. Try again.", 0);
  return fetched;
}

/** A customer email: shown at once (from the last answer when there is one), then completed with `/lookup`. */
async function completeWithLookup(ctx: LoadContext, base: MessageModel): Promise<MessageModel | null> {
  // Cheap when fresh (the cache checks the server at most once a minute, with If-None-Match).
  void ctx.touchbase.index.refresh().catch(() => undefined);
  const cached = ctx.cache.get(base);
  const pending = ctx.cache.isPending(base.messageId);
  ctx.show({ kind: "message", model: cached ? withLookup(base, cached, pending) : base, lookupError: null });
  if (base.lookupEmails.length === 0) return null;
  let lookup: LookupResponse;
  try {
    lookup = await ctx.touchbase.api.lookup({
      emails: base.lookupEmails,
      messageIdSha256: await messageIdSha256(base.messageId),
    });
  } catch (error) {
    if (ctx.stale()) return null;
    const fallback = cached ? withLookup(base, cached, pending) : withoutLookup(base, pending);
    ctx.show(
      isAuthError(error)
        ? errorView(error)
        : { kind: "message", model: fallback, lookupError: describeError(error) },
    );
    return null;
  }
  if (ctx.stale()) return null;
  ctx.cache.put(base, lookup);
  const model = withLookup(base, lookup, ctx.cache.isPending(base.messageId));
  ctx.show({ kind: "message", model, lookupError: null });
  return model;
}

function errorView(error: unknown): PaneView {
  return isAuthError(error)
    ? { kind: "signed-out", message: describeError(error) }
    : { kind: "error", message: describeError(error) };
}
