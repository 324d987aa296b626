import { useEffect, type RefObject } from "react";
import { normalizeMessageId } from "../../../shared";
import type { SelectionChange } from "../office";
import type { LookupCache } from "./lookup-cache";
import type { PaneView } from "./pane-view";
import type { HostPort } from "./ports";
import type { TouchbaseEngine } from "../sync";

/**
 * What makes the pane reload by itself: a new selection, a new customer index, emails the ribbon uploaded (when
 * the open message is one of them) and the outbox draining the emails this pane queued.
 */
export function usePaneEvents(
  host: HostPort,
  touchbase: TouchbaseEngine,
  cache: LookupCache,
  pane: {
    load: (change?: SelectionChange) => Promise<void>;
    viewRef: RefObject<PaneView>;
    invalidate: () => void;
  },
) {
  const { load, viewRef, invalidate } = pane;
  useEffect(() => {
    void load({ kind: "item" });
    const offSelection = host.onSelectionChanged((change) => void load(change));
    const offIndex = touchbase.index.subscribe(() => {
      cache.clear();
      void load();
    });
    const offElsewhere = touchbase.onSyncedElsewhere(({ messageIds }) => {
      // The ribbon (another frame) uploaded emails: forget what was known about them; if the open message is one
      // of them, show its new state.
      cache.forgetUploaded(messageIds);
      const uploaded = new Set(messageIds.map((id) => normalizeMessageId(id)));
      const open = viewRef.current;
      if (open.kind === "message" && uploaded.has(normalizeMessageId(open.model.messageId))) void load();
    });
    const offOutbox = touchbase.outbox.subscribe((status) => {
      // Emails this pane queued have drained: ask the server again so their state turns to "synced".
      if (status.pending === 0 && cache.drainPending()) void load();
    });
    return () => {
      invalidate();
      offSelection();
      offIndex();
      offElsewhere();
      offOutbox();
    };
  }, [host, touchbase, cache, load, viewRef, invalidate]);
}
