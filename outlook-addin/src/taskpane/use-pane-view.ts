import { useCallback, useEffect, useRef, useState } from "react";
import type { SelectionChange } from "../office";
import { loadSelection } from "./load-message";
import type { LookupCache } from "./lookup-cache";
import type { MessageModel } from "./pane-model";
import type { PaneView } from "./pane-view";
import type { HostPort } from "./ports";
import type { TouchbaseEngine } from "../sync";

/**
 * The view for the current selection and `load` to (re)load it. Each load gets a generation number: an answer
 * for a message the user already left is dropped. `onLookedUp` hears about a customer email `/lookup` just
 * answered for (auto-sync).
 */
export function usePaneView(
  host: HostPort,
  touchbase: TouchbaseEngine,
  cache: LookupCache,
  hooks: { onNewSelection: () => void; onLookedUp: (model: MessageModel, generation: number) => void },
) {
  const [view, setView] = useState<PaneView>({ kind: "loading" });
  // The latest view and callbacks, for handlers registered once.
  const viewRef = useRef(view);
  const hooksRef = useRef(hooks);
  useEffect(() => {
    viewRef.current = view;
    hooksRef.current = hooks;
  });
  const generation = useRef(0);
  const lastChange = useRef<SelectionChange>({ kind: "item" });
  const loadingItem = useRef<string | null>(null);

  const load = useCallback(
    async (change: SelectionChange = lastChange.current) => {
      // Outlook fires SelectedItemsChanged next to ItemChanged for a one-message selection: same item, no reload.
      const single = change.kind === "selection" && change.items.length === 1;
      if (single && change.items[0].itemId === loadingItem.current) return;
      if (change !== lastChange.current) hooksRef.current.onNewSelection();
      lastChange.current = change;
      loadingItem.current = host.currentItemId();
      const gen = ++generation.current;
      const stale = () => gen !== generation.current;
      const model = await loadSelection({ host, touchbase, cache, show: setView, stale }, change);
      if (model && !stale()) hooksRef.current.onLookedUp(model, gen);
    },
    [host, touchbase, cache],
  );

  /** The current generation: an action that started in it reloads only if the user is still there. */
  const current = useCallback(() => generation.current, []);
  /** Drops every load in flight (the pane is going away). */
  const invalidate = useCallback(() => void (generation.current += 1), []);
  return { view, viewRef, load, generation: current, invalidate };
}
