import {
  CHANNEL,
  isChannelMessage,
  type FrameMessage,
  type FrameState,
  type HostMessage,
  type InitData,
} from "./bridge-protocol";
import type { HarnessHost, HarnessItem, HarnessNotification } from "./harness-host";

/** A frame as the page knows it: where to post. */
export interface FrameLink {
  post(message: HostMessage): void;
}

/**
 * The page's side of the channel: answers each frame's hello with the host's state, forwards every event with
 * the state it changes (the new item first, so the add-in can read it at once), and carries calls and ribbon
 * actions. `accept(link, message)` is fed by the page's message listener (or a test).
 */
export function createFrameBridge(host: HarnessHost) {
  const links = new Set<FrameLink>();
  const events = new Map<number, { completed?: () => void }>();
  let nextEvent = 1;

  const state = (): Omit<FrameState, "roaming"> => {
    const item = host.currentItem();
    return {
      item,
      selection: host.selectedItems(),
      theme: host.theme(),
      notifications: item ? { [item.itemId]: host.notifications(item.itemId) } : {},
    };
  };
  const broadcast = (message: HostMessage, except?: FrameLink) => {
    for (const link of links) if (link !== except) link.post(message);
  };

  const stop = host.subscribe((event) =>
    broadcast({ channel: CHANNEL, type: "event", event, state: state() }),
  );

  async function answer(link: FrameLink, message: Extract<FrameMessage, { type: "call" }>): Promise<unknown> {
    const [a, b] = message.args;
    switch (message.method) {
      case "loadItem":
        return (await host.loadItem(String(a))) satisfies HarnessItem | null;
      case "saveRoaming":
        await host.saveRoamingSettings(a as Record<string, unknown>);
        broadcast({ channel: CHANNEL, type: "state", state: { roaming: host.roamingSettings() } }, link);
        return null;
      case "setNotifications":
        host.setNotifications(String(a), b as HarnessNotification[]);
        broadcast(
          {
            channel: CHANNEL,
            type: "state",
            state: { notifications: { [String(a)]: b as HarnessNotification[] } },
          },
          link,
        );
        return null;
      case "registerAction":
        host.registerAction(String(a), (event) => {
          const eventId = nextEvent++;
          events.set(eventId, event as { completed?: () => void });
          link.post({ channel: CHANNEL, type: "invokeAction", name: String(a), eventId });
        });
        return null;
    }
  }

  return {
    accept(link: FrameLink, data: unknown): void {
      if (!isChannelMessage<FrameMessage>(data)) return;
      links.add(link);
      if (data.type === "hello") {
        const init: InitData = {
          ...state(),
          roaming: host.roamingSettings(),
          mailboxVersion: host.mailboxVersion,
          profile: host.profile,
        };
        link.post({ channel: CHANNEL, type: "init", data: init });
      } else if (data.type === "call") {
        answer(link, data).then(
          (value) => link.post({ channel: CHANNEL, type: "result", id: data.id, ok: true, value }),
          (error: unknown) =>
            link.post({
              channel: CHANNEL,
              type: "result",
              id: data.id,
              ok: false,
              error: error instanceof Error ? error.message : String(error),
            }),
        );
      } else if (data.type === "actionDone") {
        events.get(data.eventId)?.completed?.();
        events.delete(data.eventId);
      }
    },
    close: stop,
  };
}

/** Serves the page's frames over `window.postMessage`, accepting only messages from `frameOrigin`. */
export function serveFramesOverWindow(
  host: HarnessHost,
  frameOrigin: string,
  win: Window = window,
): () => void {
  const bridge = createFrameBridge(host);
  const links = new Map<MessageEventSource, FrameLink>();
  const onMessage = (event: MessageEvent) => {
    if (event.origin !== frameOrigin || !event.source) return;
    let link = links.get(event.source);
    if (!link) {
      const source = event.source as Window;
      link = { post: (message) => source.postMessage(message, frameOrigin) };
      links.set(event.source, link);
    }
    bridge.accept(link, event.data);
  };
  win.addEventListener("message", onMessage);
  return () => {
    win.removeEventListener("message", onMessage);
    bridge.close();
  };
}
