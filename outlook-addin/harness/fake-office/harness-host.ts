// The contract between the harness page (which plays Outlook: message list, reading pane, ribbon) and the fake
// `Office` installed in each add-in frame. Only plain JSON-like data crosses it: the frames run on another
// origin (and so in their own browser process, as add-ins do in Outlook) and talk to the page by postMessage,
// the way Office.js talks to its host (see frame-bridge.ts and remote-host.ts).

export interface HarnessAddress {
  name: string;
  address: string;
}

/** One message as Outlook would expose it to an add-in in read mode. */
export interface HarnessItem {
  /** EWS form (what `item.itemId` shows); `convertToRestId` gives the Graph id back. */
  itemId: string;
  restId: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  from: HarnessAddress;
  sender: HarnessAddress;
  to: HarnessAddress[];
  cc: HarnessAddress[];
  /** ISO 8601. */
  dateTimeCreated: string;
  /** `IPM.Note`, or `IPM.Schedule.Meeting.Request` for invitations. */
  itemClass: string;
  body: { html: string | null; text: string };
  /** The raw header block `getAllInternetHeadersAsync` returns. */
  headers: string;
}

export interface HarnessSelected {
  itemId: string;
  subject: string;
  conversationId: string;
  internetMessageId: string;
}

export interface HarnessTheme {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
}

export interface HarnessNotification {
  key: string;
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
}

/** Item or selection changed, `Office.onReady` re-run, Office's theme switched (OfficeThemeChanged, 1.14). */
export type HarnessEvent = "item" | "selection" | "ready" | "theme";

/** What a frame's fake Office asks the harness page. */
export interface HarnessHost {
  /** Highest Mailbox requirement set this simulated Outlook supports, e.g. "1.15". */
  mailboxVersion: string;
  profile: { emailAddress: string; displayName: string };
  /** The simulated world, passed on to the add-in through `window.touchbaseHarness`. */
  environment: {
    graphUrl: string | null;
    mailbox: string;
    storeName: string;
    /** The simulated Entra: the app (client) id and tenant the add-in signs in with; null without one. */
    entra?: { clientId: string; tenantId: string } | null;
  };
  /** The single open item (null when none or several are selected). */
  currentItem(): HarnessItem | null;
  selectedItems(): HarnessSelected[];
  /** Full data of any item of the mailbox, by EWS id (for `loadItemByIdAsync`). */
  loadItem(itemId: string): Promise<HarnessItem | null>;
  theme(): HarnessTheme;
  subscribe(listener: (event: HarnessEvent) => void): () => void;
  roamingSettings(): Record<string, unknown>;
  saveRoamingSettings(values: Record<string, unknown>): void | Promise<void>;
  notifications(itemId: string): HarnessNotification[];
  setNotifications(itemId: string, list: HarnessNotification[]): void;
  /** `Office.actions.associate` in a frame registers the function with the page's ribbon. */
  registerAction(name: string, run: (event: unknown) => void): void;
  /** Resolves once the host's state is known (a remote host waits for the page's first message). */
  ready?: Promise<void>;
}
