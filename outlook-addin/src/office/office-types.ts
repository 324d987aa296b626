import type { EmailInput, MailMessage } from "../../../shared";

/** One person on a message, as Office.js reports it. */
export interface OfficeAddress {
  name: string;
  address: string;
}

/** The message open in the reading pane, read through Office.js (no Graph needed). */
export interface OpenMessage {
  /** The EWS item id Office gives (`item.itemId`); changes when the message moves folder. */
  itemId: string;
  /** The same id in REST/Graph form (`convertToRestId`), or null when the host cannot convert it. */
  restId: string | null;
  /** The Internet Message-ID, angle brackets included; empty when Outlook has none (drafts). */
  internetMessageId: string;
  conversationId: string | null;
  subject: string;
  from: OfficeAddress | null;
  to: OfficeAddress[];
  cc: OfficeAddress[];
  /** ISO 8601 date the item was created (= received for incoming mail). */
  date: string;
  /** Raw header block from `getAllInternetHeadersAsync` (Mailbox 1.8), parsed; empty when unsupported. */
  headers: Record<string, string>;
  /** The message as the shared core's classifier wants it. */
  mail: MailMessage;
}

/** What `readItemAsEmail` produces: the open message ready for the outbox. */
export interface OpenMessageWithBody extends OpenMessage {
  email: EmailInput;
}

/** A message in a multi-selection (Mailbox 1.13 `getSelectedItemsAsync`). */
export interface SelectedMessage {
  itemId: string;
  subject: string;
  conversationId: string | null;
  internetMessageId: string | null;
  itemType: string;
  itemMode: string;
}

/** The Office theme reduced to what the task pane needs to pick a Fluent theme. */
export interface OfficeThemeInfo {
  isDark: boolean;
  bodyBackgroundColor: string | null;
  bodyForegroundColor: string | null;
}

/** Why the pane re-reads the item: a new item, a new selection, or `Office.onReady` re-running. */
export type SelectionChange = { kind: "item" } | { kind: "selection"; items: SelectedMessage[] };
