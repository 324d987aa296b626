import type {
  HarnessEvent,
  HarnessItem,
  HarnessNotification,
  HarnessSelected,
  HarnessTheme,
} from "./harness-host";

// The messages between the harness page and its add-in frames. Like Office.js, a frame gets the host's state
// when it starts and the new item with each event, and asks for everything else with a call and a reply.

export const CHANNEL = "touchbase-harness/1";

/** What a frame mirrors of the page, so Office's synchronous properties (`mailbox.item`) stay synchronous. */
export interface FrameState {
  item: HarnessItem | null;
  selection: HarnessSelected[];
  theme: HarnessTheme;
  roaming: Record<string, unknown>;
  /** Notifications per item id (the open item's, and any a frame set). */
  notifications: Record<string, HarnessNotification[]>;
}

export interface InitData extends FrameState {
  mailboxVersion: string;
  profile: { emailAddress: string; displayName: string };
}

export type CallMethod = "loadItem" | "saveRoaming" | "setNotifications" | "registerAction";

export type FrameMessage =
  | { channel: typeof CHANNEL; type: "hello" }
  | { channel: typeof CHANNEL; type: "call"; id: number; method: CallMethod; args: unknown[] }
  | { channel: typeof CHANNEL; type: "actionDone"; eventId: number };

export type HostMessage =
  | { channel: typeof CHANNEL; type: "init"; data: InitData }
  | { channel: typeof CHANNEL; type: "event"; event: HarnessEvent; state: Partial<FrameState> }
  | { channel: typeof CHANNEL; type: "state"; state: Partial<FrameState> }
  | { channel: typeof CHANNEL; type: "result"; id: number; ok: boolean; value?: unknown; error?: string }
  | { channel: typeof CHANNEL; type: "invokeAction"; name: string; eventId: number };

/** One end of a message channel: `window.postMessage` between frames, or a MessagePort in tests. */
export interface Port<Out, In> {
  post(message: Out): void;
  listen(handler: (message: In) => void): () => void;
}

export function isChannelMessage<T extends { channel: string }>(data: unknown): data is T {
  return typeof data === "object" && data !== null && (data as { channel?: unknown }).channel === CHANNEL;
}
