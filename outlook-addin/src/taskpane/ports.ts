import type { MailMessage, Viewer } from "../../../shared";
import type {
  AddinSettings,
  OfficeThemeInfo,
  OpenMessage,
  OpenMessageWithBody,
  SelectedMessage,
  SelectionChange,
} from "../office";
import type { TouchbaseEngine } from "../sync";

// The task pane's ports: the only ways its components reach Office and the network. `index.tsx` builds them:
// the HostPort from the Office adapters, and Touchbase itself is the sync engine's own interface
// (`TouchbaseEngine`, sync/engine-types.ts). Tests pass small fakes of both, so nothing here needs Office.

/** What Outlook offers the pane: the open message, the selection, the theme and the roaming settings. */
export interface HostPort {
  /** The open message without its body, or null when none is open (or several are selected). */
  readCurrent(): Promise<OpenMessage | null>;
  /** The open item's id, synchronously (null when none): tells a repeated event from a new item. */
  currentItemId(): string | null;
  /** The open message with its body, ready to upload. */
  readCurrentWithBody(): Promise<OpenMessageWithBody>;
  /** Calls back on ItemChanged, SelectedItemsChanged and when `Office.onReady` runs again. */
  onSelectionChanged(listener: (change: SelectionChange) => void): () => void;
  selectedItems(): Promise<SelectedMessage[]>;
  /** Reads selected messages with their bodies; per-item failures are returned, not thrown. */
  readSelected(
    itemIds: string[],
  ): Promise<{ itemId: string; message?: OpenMessageWithBody; error?: Error }[]>;
  /** Mailbox 1.13+: several messages can be selected with the pane open. */
  readonly supportsMultiSelect: boolean;
  /** Mailbox 1.15: selected messages can be read with Office.js (`loadItemByIdAsync`); else through Graph. */
  readonly canLoadItemsById: boolean;
  /** An item id in Graph's (REST) form, for reading it through Graph; null when the host cannot convert it. */
  restIdOf(itemId: string): string | null;
  theme(): OfficeThemeInfo;
  /** Calls back when Office's theme changes (Mailbox 1.14 OfficeThemeChanged); returns an unsubscribe. */
  onThemeChanged(listener: () => void): () => void;
  viewer(): Viewer;
  loadSettings(): AddinSettings;
  saveSettings(patch: Partial<AddinSettings>): Promise<AddinSettings>;
}

export interface ConnectOptions {
  /** From a click on Sign in: MSAL may show its sign-in (popup, or the Office dialog without NAA). */
  interactive: boolean;
}

/**
 * Signs in and opens a Touchbase session for the saved server URL; the pane reconnects when it changes. Throws
 * a sign-in error (auth/sign-in-errors.ts) when the user must sign in, or the server refuses them.
 */
export type ConnectFn = (settings: AddinSettings, options: ConnectOptions) => Promise<TouchbaseEngine>;

export type { MailMessage };
