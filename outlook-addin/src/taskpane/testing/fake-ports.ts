// Fake ports for component tests: an in-memory Outlook (HostPort) and Touchbase (TouchbaseEngine) with a real
// customer index from the shared core, recording every call so tests assert what the pane asked for.
import {
  buildCustomerIndex,
  type Customer,
  type EmailInput,
  type EmailSummary,
  type LookupResponse,
  type MailMessage,
} from "../../../../shared";
import type {
  AddinSettings,
  OpenMessage,
  OpenMessageWithBody,
  SelectedMessage,
  SelectionChange,
} from "../../office";
import { DEFAULT_SETTINGS } from "../../office/roaming-settings";
import { toMailMessage } from "../../office/read-item";
import type {
  EngineApi,
  ExcludeResult,
  OutboxStatus,
  StoredSnapshot,
  SyncedElsewhere,
  SyncMessagesResult,
  TouchbaseEngine,
} from "../../sync";
import type { FolderSyncController } from "../../sync/folder-run-controller";
import type { HostPort } from "../ports";

export const SNAPSHOT: StoredSnapshot = {
  version: "v1",
  internalDomains: ["northwind-cs.com"],
  customers: [
    { id: "c-acme", name: "Acme Corporation", domains: ["acme.com"] },
    { id: "c-umb", name: "Umbrella", domains: ["umbrella.com"] },
    { id: "c-umb-eu", name: "Umbrella Europe", domains: ["eu.umbrella.com"] },
  ],
  contacts: [{ id: "k-wile", customerId: "c-acme", address: "wile.coyote@acme.com" }],
  exclusions: [],
  settings: {
    autoCreateContacts: true,
    skipBulk: true,
    skipAutoReplies: true,
    skipCalendar: true,
    skipNoReply: true,
    lookbackDays: 90,
  },
};

export const VIEWER = "alex@northwind-cs.com";

export function openMessage(over: Partial<Omit<OpenMessage, "mail">> = {}): OpenMessage {
  const base: Omit<OpenMessage, "mail"> = {
    itemId: "AAMk/item+1",
    restId: "AAMk-item_1",
    internetMessageId: "<m1@acme.com>",
    conversationId: "conv-1",
    subject: "Renewal",
    from: { name: "Wile E. Coyote", address: "wile.coyote@acme.com" },
    to: [{ name: "Alex", address: VIEWER }],
    cc: [],
    date: "2026-05-01T10:00:00.000Z",
    headers: {},
    ...over,
  };
  return { ...base, mail: toMailMessage(base) };
}

export function withBody(message: OpenMessage): OpenMessageWithBody {
  const email: EmailInput = {
    messageId: message.internetMessageId,
    from: message.mail.from,
    to: message.mail.to,
    subject: message.subject,
    sentAt: message.date,
    text: "Hello",
    source: "outlook",
  };
  return { ...message, email };
}

export const ACME: Customer = {
  id: "c-acme",
  name: "Acme Corporation",
  domains: ["acme.com"],
  attributes: { owner: "Alex Admin", arr: 184000, plan: "Enterprise" },
  lastTouchAt: "2026-04-30T09:00:00.000Z",
};

export function summary(over: Partial<EmailSummary> & { id: string }): EmailSummary {
  return {
    messageId: `<${over.id}@acme.com>`,
    subject: "Earlier",
    from: "Wile E. Coyote <wile.coyote@acme.com>",
    to: VIEWER,
    sentAt: "2026-04-20T10:00:00.000Z",
    direction: "inbound",
    snippet: "Snippet",
    threadKey: over.id,
    threadCount: 1,
    ...over,
  };
}

export function lookupFor(
  message: OpenMessage,
  options: { emailId?: string | null; history?: EmailSummary[] } = {},
): LookupResponse {
  return {
    results: [
      {
        email: message.from?.address ?? "",
        customer: ACME,
        contact: { id: "k-wile", firstName: "Wile", lastName: "Coyote", lastTouchAt: null },
        recentEmails: options.history ?? [summary({ id: "e1" })],
        matchedBy: "contact",
        exclusion: null,
      },
    ],
    message: {
      messageId: message.internetMessageId,
      emailId: options.emailId ?? null,
      syncedByMe: Boolean(options.emailId),
    },
  };
}

type Listener<T> = (value: T) => void;

export class FakeHost implements HostPort {
  current: OpenMessage | null = openMessage();
  selected: SelectedMessage[] = [];
  settings: AddinSettings = { ...DEFAULT_SETTINGS, serverUrl: "https://tb.example" };
  dark = false;
  supportsMultiSelect = true;
  canLoadItemsById = true;
  readonly calls: string[] = [];
  private readonly listeners = new Set<Listener<SelectionChange>>();
  private readonly themeListeners = new Set<() => void>();

  readCurrent = async () => {
    this.calls.push("readCurrent");
    return this.current;
  };
  currentItemId = () => this.current?.itemId ?? null;
  readCurrentWithBody = async () => {
    if (!this.current) throw new Error("no item");
    return withBody(this.current);
  };
  onSelectionChanged = (listener: Listener<SelectionChange>) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  selectedItems = async () => this.selected;
  readSelected = async (ids: string[]) =>
    ids.map((itemId, i) => ({
      itemId,
      message: withBody(openMessage({ itemId, internetMessageId: `<sel${i}@acme.com>` })),
    }));
  /** Outlook's EWS id → REST id (`convertToRestId`). */
  restIdOf = (itemId: string) => itemId.replace(/\//g, "-").replace(/\+/g, "_");
  onThemeChanged = (listener: () => void) => {
    this.themeListeners.add(listener);
    return () => void this.themeListeners.delete(listener);
  };
  /** Simulates OfficeThemeChanged. */
  setDark(dark: boolean): void {
    this.dark = dark;
    this.themeListeners.forEach((l) => l());
  }
  theme = () => ({
    isDark: this.dark,
    bodyBackgroundColor: this.dark ? "#292929" : "#ffffff",
    bodyForegroundColor: null,
  });
  viewer = () => ({ addresses: [VIEWER] });
  loadSettings = () => this.settings;
  saveSettings = async (patch: Partial<AddinSettings>) => {
    this.calls.push("saveSettings");
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  };

  /** Simulates Outlook firing ItemChanged / SelectedItemsChanged. */
  fire(change: SelectionChange): void {
    this.listeners.forEach((l) => l(change));
  }
}

export class FakeTouchbase implements TouchbaseEngine {
  readonly storeName = "fake";
  account = { username: "alex.admin@northwind-cs.com", name: "Alex Admin" };
  snapshot: StoredSnapshot = SNAPSHOT;
  lookupAnswer: (input: { emails: string[]; messageIdSha256?: string }) => Promise<LookupResponse>;
  /** Every /lookup the pane asked for, and every other call that would reach the backend. */
  readonly lookups: { emails: string[]; messageIdSha256?: string }[] = [];
  readonly fetched: string[][] = [];
  deleted = 0;
  outboxStatus: OutboxStatus = {
    pending: 0,
    draining: false,
    online: true,
    lastError: null,
    nextAttemptAt: null,
  };
  readonly synced: { emails: EmailInput[]; origin: string }[] = [];
  readonly excluded: { kind: string; value: string; purge: boolean }[] = [];
  readonly removed: string[] = [];
  undone = 0;
  syncResult: (emails: EmailInput[]) => SyncMessagesResult = (emails) => ({
    outcomes: emails.map((e) => ({
      key: e.messageId,
      messageId: e.messageId,
      origin: "open",
      status: "stored" as const,
      emailId: "stored-1",
    })),
    notSent: [],
    error: null,
  });
  private readonly indexListeners = new Set<() => void>();
  private readonly outboxListeners = new Set<Listener<OutboxStatus>>();
  private readonly elsewhereListeners = new Set<Listener<SyncedElsewhere>>();
  folders: TouchbaseEngine["folders"] = null;
  folderSync: FolderSyncController | null = null;
  readonly schedule = null;
  /** Threads made private or shared again from the history. */
  readonly privacyChanges: { id: string; private: boolean }[] = [];
  indexRefreshes = 0;

  constructor(private readonly host: FakeHost) {
    this.lookupAnswer = async () => lookupFor(this.host.current ?? openMessage());
  }

  api: EngineApi = {
    lookup: (input) => {
      this.lookups.push(input);
      return this.lookupAnswer(input);
    },
    email: async (id) => ({
      ...summary({ id }),
      cc: "",
      text: null,
      html: `<p id="body">Body of ${id}</p><img src="https://tracker.example/p.gif"><script>parent.hacked = true</script>`,
      replyText: `Body of ${id}`,
      hasQuotedText: false,
      customerIds: ["c-acme"],
      syncedBy: [],
    }),
    customerEmails: async () => ({ emails: [], nextCursor: null }),
    removeEmail: async (emailId) => {
      this.removed.push(emailId);
    },
    setEmailPrivate: async (input) => {
      this.privacyChanges.push(input);
      return { id: input.id, threadKey: input.id, private: input.private };
    },
  };

  index = {
    current: () => ({
      index: buildCustomerIndex(this.snapshot),
      snapshot: this.snapshot,
      etag: this.snapshot.version,
      checkedAt: 0,
    }),
    classify: async (message: MailMessage) =>
      buildCustomerIndex(this.snapshot).classify(message, { addresses: [VIEWER] }),
    refresh: async () => {
      this.indexRefreshes += 1;
      return { changed: false };
    },
    subscribe: (listener: () => void) => {
      this.indexListeners.add(listener);
      return () => void this.indexListeners.delete(listener);
    },
  };
  outbox = {
    status: () => this.outboxStatus,
    subscribe: (listener: Listener<OutboxStatus>) => {
      this.outboxListeners.add(listener);
      return () => void this.outboxListeners.delete(listener);
    },
    drain: async () => [],
    outcome: () => undefined,
    pendingFor: async () => 0,
    onOutcomes: () => () => undefined,
  };

  setOutbox(status: Partial<OutboxStatus>): void {
    this.outboxStatus = { ...this.outboxStatus, ...status };
    this.outboxListeners.forEach((l) => l(this.outboxStatus));
  }

  setSnapshot(snapshot: StoredSnapshot): void {
    this.snapshot = snapshot;
    this.indexListeners.forEach((l) => l());
  }

  fetchEmails = async (restIds: string[]) => {
    this.fetched.push(restIds);
    return {
      emails: restIds.map(
        (id, i) => withBody(openMessage({ itemId: id, internetMessageId: `<g${i}@acme.com>` })).email,
      ),
      missing: [],
    };
  };
  onSyncedElsewhere = (listener: Listener<SyncedElsewhere>) => {
    this.elsewhereListeners.add(listener);
    return () => void this.elsewhereListeners.delete(listener);
  };
  /** Simulates the ribbon (another frame) uploading emails. */
  syncedElsewhere(messageIds: string[]): void {
    this.elsewhereListeners.forEach((l) => l({ kind: "uploaded", messageIds }));
  }
  deleteLocalData = async () => {
    this.deleted += 1;
  };
  syncMessages = async (emails: EmailInput[], origin: string) => {
    this.synced.push({ emails, origin });
    return this.syncResult(emails);
  };
  exclude = async (input: {
    kind: "address" | "domain";
    value: string;
    purge?: boolean;
  }): Promise<ExcludeResult> => {
    this.excluded.push({ ...input, purge: input.purge ?? false });
    const exclusion = { id: "x1", kind: input.kind, value: input.value, scope: "user" as const };
    this.setSnapshot({ ...this.snapshot, exclusions: [...this.snapshot.exclusions, exclusion] });
    return {
      exclusion,
      purged: input.purge ? 3 : 0,
      undo: async () => {
        this.undone += 1;
        this.setSnapshot({
          ...this.snapshot,
          exclusions: this.snapshot.exclusions.filter((x) => x.id !== "x1"),
        });
      },
    };
  };
  close = async () => undefined;
}
