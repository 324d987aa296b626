import { useCallback, useMemo, useRef, useState } from "react";
import type { SelectedMessage } from "../office";
import { describeError } from "../sync/error-sentence";
import { LookupCache } from "./lookup-cache";
import {
  excludeSender,
  removeStored,
  syncOpen,
  syncSelected,
  type ActionContext,
  type NoticeInput,
} from "./pane-actions";
import type { MessageModel } from "./pane-model";
import type { Notice } from "./pane-view";
import type { HostPort } from "./ports";
import type { TouchbaseEngine } from "../sync";
import { usePaneEvents } from "./use-pane-events";
import { usePaneView } from "./use-pane-view";

export type { Notice, PaneView } from "./pane-view";

/** The notice above the content: each new one gets an id (so the same sentence twice is announced twice). */
function useNotice() {
  const [notice, setNoticeState] = useState<Notice | null>(null);
  const nextId = useRef(0);
  const setNotice = useCallback((n: NoticeInput | null) => {
    setNoticeState(n ? { ...n, id: ++nextId.current } : null);
  }, []);
  // A new message: results of the last action go, an offer to undo stays until used or dismissed.
  const keepOnlyUndo = useCallback(() => setNoticeState((n) => (n && !n.undo ? null : n)), []);
  return { notice, setNotice, keepOnlyUndo };
}

/**
 * The pane's controller: follows the selection and classifies each message locally with the cached customer
 * index. Mail that is not customer mail (a stranger, a newsletter, colleagues only, an excluded sender…) is
 * shown from that alone, with no request to the backend at all. Customer mail is completed with `/lookup`
 * (cached per message in a `LookupCache`, revalidated on every visit), which gets only the customer
 * participants' addresses and the SHA-256 of the Message-ID.
 */
export function usePane(host: HostPort, touchbase: TouchbaseEngine, options: { autoSyncOnOpen: boolean }) {
  const [cache] = useState(() => new LookupCache());
  const { notice, setNotice, keepOnlyUndo } = useNotice();
  const [busy, setBusy] = useState<string | null>(null);
  const pane = usePaneView(host, touchbase, cache, {
    onNewSelection: keepOnlyUndo,
    onLookedUp: (model: MessageModel, generation: number) => {
      // The server answered: what waits in the outbox after a failure goes now, not at the end of its backoff.
      const outbox = touchbase.outbox.status();
      if (outbox.pending > 0 && outbox.lastError)
        void touchbase.outbox.drain({ retryNow: true }).catch(() => undefined);
      if (!options.autoSyncOnOpen || model.state.kind !== "not-synced") return;
      // Called after a render (an answer arriving), so `context` below is set.
      if (cache.claimAutoSync(model.messageId)) void syncOpen(context, model, generation);
    },
  });
  const { load, generation } = pane;
  usePaneEvents(host, touchbase, cache, pane);

  const context = useMemo<ActionContext>(
    () => ({ host, touchbase, cache, setNotice, setBusy, reload: () => load(), generation }),
    [host, touchbase, cache, load, generation, setNotice],
  );
  const actions = useMemo(() => {
    const ctx = context;
    return {
      reload: () => load(),
      sync: (model: MessageModel) => syncOpen(ctx, model),
      remove: (model: MessageModel, emailId: string) => removeStored(ctx, model, emailId),
      exclude: (input: { kind: "address" | "domain"; value: string; purge: boolean }) =>
        excludeSender(ctx, input),
      syncSelected: (items: SelectedMessage[]) => syncSelected(ctx, items),
      dismissNotice: () => setNotice(null),
      showError: (error: unknown) => setNotice({ intent: "error", text: describeError(error) }),
    };
  }, [context, load, setNotice]);

  return { view: pane.view, notice, busy, actions };
}
