import {
  CHANNEL,
  isChannelMessage,
  type CallMethod,
  type FrameMessage,
  type FrameState,
  type HostMessage,
  type InitData,
  type Port,
} from "./bridge-protocol";
import type { HarnessEvent, HarnessHost, HarnessItem, HarnessNotification } from "./harness-host";

/** The HarnessHost a frame sees: a mirror of the page's state, kept current by its messages. */
export interface RemoteHost extends HarnessHost {
  ready: Promise<void>;
  close(): void;
}

export function connectRemoteHost(
  port: Port<FrameMessage, HostMessage>,
  environment: HarnessHost["environment"],
): RemoteHost {
  let data: InitData | null = null;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const listeners = new Set<(event: HarnessEvent) => void>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const actions = new Map<string, (event: unknown) => void>();
  let nextId = 1;

  const merge = (state: Partial<FrameState>) => {
    if (!data) return;
    data = {
      ...data,
      ...state,
      notifications: { ...data.notifications, ...(state.notifications ?? {}) },
    };
  };

  const stop = port.listen((message) => {
    if (!isChannelMessage<HostMessage>(message)) return;
    switch (message.type) {
      case "init":
        data = message.data;
        resolveReady();
        return;
      case "event":
        merge(message.state);
        listeners.forEach((l) => l(message.event));
        return;
      case "state":
        merge(message.state);
        return;
      case "result": {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) call?.resolve(message.value);
        else call?.reject(new Error(message.error ?? "The harness page refused the call."));
        return;
      }
      case "invokeAction": {
        const run = actions.get(message.name);
        const completed = () => port.post({ channel: CHANNEL, type: "actionDone", eventId: message.eventId });
        if (!run) return completed();
        run({ source: { id: message.name }, completed });
        return;
      }
    }
  });

  const call = <T>(method: CallMethod, args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      port.post({ channel: CHANNEL, type: "call", id, method, args });
    });

  port.post({ channel: CHANNEL, type: "hello" });

  const state = (): InitData => {
    if (!data) throw new Error("The harness page has not answered yet: wait for Office.onReady.");
    return data;
  };

  return {
    ready,
    environment,
    get mailboxVersion() {
      return state().mailboxVersion;
    },
    get profile() {
      return state().profile;
    },
    currentItem: () => data?.item ?? null,
    selectedItems: () => data?.selection ?? [],
    loadItem: (itemId: string) => call<HarnessItem | null>("loadItem", [itemId]),
    theme: () => state().theme,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    roamingSettings: () => data?.roaming ?? {},
    async saveRoamingSettings(values) {
      await call("saveRoaming", [values]);
      merge({ roaming: values });
    },
    notifications: (itemId: string): HarnessNotification[] => [...(data?.notifications[itemId] ?? [])],
    setNotifications(itemId, list) {
      merge({ notifications: { [itemId]: list } });
      void call("setNotifications", [itemId, list]).catch(() => undefined);
    },
    registerAction(name, run) {
      actions.set(name, run);
      void call("registerAction", [name]).catch(() => undefined);
    },
    close() {
      stop();
      for (const p of pending.values()) p.reject(new Error("The frame is closing."));
      pending.clear();
    },
  };
}

/** The frame's end of the channel: messages to and from the parent page, checked against its origin. */
export function parentWindowPort(hostOrigin: string): Port<FrameMessage, HostMessage> {
  return {
    post: (message) => window.parent.postMessage(message, hostOrigin),
    listen(handler) {
      const onMessage = (event: MessageEvent) => {
        if (event.source === window.parent && event.origin === hostOrigin) handler(event.data as HostMessage);
      };
      window.addEventListener("message", onMessage);
      return () => window.removeEventListener("message", onMessage);
    },
  };
}
