// A BroadcastChannel between the add-in's frames of one window (task pane, ribbon command), per database: the
// ribbon's folder sync tells an open pane which emails are now in Touchbase, so the pane's "Not synced" turns to
// "Synced" without a click. Same-origin and same-window only; nothing leaves the browser.
import type { SyncedElsewhere } from "./engine-types";

export interface SyncSignal {
  post(change: SyncedElsewhere): void;
  subscribe(listener: (change: SyncedElsewhere) => void): () => void;
  close(): void;
}

function isChange(data: unknown): data is SyncedElsewhere {
  const d = data as Partial<SyncedElsewhere> | null;
  return (
    d?.kind === "uploaded" && Array.isArray(d.messageIds) && d.messageIds.every((m) => typeof m === "string")
  );
}

export function syncSignal(storeName: string): SyncSignal {
  if (typeof BroadcastChannel === "undefined") {
    return { post: () => undefined, subscribe: () => () => undefined, close: () => undefined };
  }
  const name = `touchbase-sync:${storeName}`;
  const sender = new BroadcastChannel(name);
  // This engine's own receivers hear its own messages too; the id tells them apart.
  const self = Math.random().toString(36).slice(2);
  const receivers = new Set<BroadcastChannel>();
  return {
    post: (change) => sender.postMessage({ ...change, from: self }),
    subscribe(listener) {
      // A channel object never hears its own messages: each listener gets its own receiver.
      const receiver = new BroadcastChannel(name);
      receiver.onmessage = (event: MessageEvent) => {
        const data = event.data as { from?: unknown };
        if (data?.from !== self && isChange(event.data)) {
          listener({ kind: "uploaded", messageIds: event.data.messageIds });
        }
      };
      receivers.add(receiver);
      return () => {
        receivers.delete(receiver);
        receiver.close();
      };
    },
    close() {
      sender.close();
      for (const r of receivers) r.close();
      receivers.clear();
    },
  };
}
