import type { HarnessConfig } from "./harness-config";
import type {
  HarnessEvent,
  HarnessHost,
  HarnessItem,
  HarnessNotification,
  HarnessSelected,
  HarnessTheme,
} from "./fake-office/harness-host";
import { toEwsId, versionAtMost } from "./fake-office/fake-office";
import type { SimFolderInfo, SimMessageSummary } from "./simulator-client";

// The harness page's Outlook: the mailbox's folders and messages (from the Graph simulator), the selection,
// item notifications, roaming settings and ribbon actions. The fake Office in each add-in frame reads it
// through the HarnessHost interface; the page's React views read it through `snapshot()` + `subscribe`.

/** The roaming-settings key the add-in keeps its settings under (outlook-addin/src/office/roaming-settings.ts). */
export const SETTINGS_KEY = "touchbase.settings.v1";

const THEMES: Record<"light" | "dark", HarnessTheme> = {
  light: {
    bodyBackgroundColor: "#ffffff",
    bodyForegroundColor: "#242424",
    controlBackgroundColor: "#f5f5f5",
    controlForegroundColor: "#242424",
  },
  dark: {
    bodyBackgroundColor: "#292929",
    bodyForegroundColor: "#ffffff",
    controlBackgroundColor: "#1f1f1f",
    controlForegroundColor: "#ffffff",
  },
};

export interface HarnessState {
  folders: SimFolderInfo[];
  folderId: string | null;
  messages: SimMessageSummary[];
  selection: string[];
  current: HarnessItem | null;
  notifications: HarnessNotification[];
  theme: "light" | "dark";
  actions: string[];
  running: string | null;
  status: string | null;
}

/** Where the mailbox's content comes from (the Graph simulator's control API; a fake in tests). */
export interface MailboxSource {
  folders(): Promise<SimFolderInfo[]>;
  messages(folderId: string): Promise<SimMessageSummary[]>;
  item(restId: string): Promise<HarnessItem | null>;
}

export interface RoamingStorage {
  load(): Record<string, unknown>;
  save(values: Record<string, unknown>): void;
}

/** Roaming settings kept in localStorage per mailbox (Outlook keeps them per user, on the server). */
export function localRoamingStorage(mailbox: string, storage: Storage = localStorage): RoamingStorage {
  const key = `touchbase-harness-roaming:${mailbox}`;
  return {
    load() {
      try {
        const parsed = JSON.parse(storage.getItem(key) ?? "{}") as unknown;
        return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
      } catch {
        return {};
      }
    },
    save: (values) => storage.setItem(key, JSON.stringify(values)),
  };
}

/**
 * Points the add-in at the harness's backend: the server URL into its roaming settings (it signs in itself, through
 * the simulated Entra). A token an older build saved there is dropped.
 */
export function connectRoaming(roaming: RoamingStorage, apiUrl: string): void {
  const values = roaming.load();
  let settings: Record<string, unknown> = {};
  try {
    const parsed = typeof values[SETTINGS_KEY] === "string" ? JSON.parse(values[SETTINGS_KEY] as string) : {};
    if (parsed && typeof parsed === "object") settings = parsed as Record<string, unknown>;
  } catch {
    settings = {};
  }
  roaming.save({
    ...values,
    [SETTINGS_KEY]: JSON.stringify({ ...settings, serverUrl: apiUrl, apiToken: "" }),
  });
}

export class MailboxHost implements HarnessHost {
  readonly mailboxVersion: string;
  readonly profile: { emailAddress: string; displayName: string };
  readonly environment: HarnessHost["environment"];
  private state: HarnessState;
  private readonly frameListeners = new Set<(event: HarnessEvent) => void>();
  private readonly viewListeners = new Set<() => void>();
  private readonly items = new Map<string, HarnessItem>();
  private readonly notes = new Map<string, HarnessNotification[]>();
  private readonly actionFns = new Map<string, (event: unknown) => void>();
  private selectSeq = 0;

  constructor(
    readonly config: HarnessConfig,
    private readonly sim: MailboxSource | null,
    private readonly roaming: RoamingStorage,
    displayName = "",
  ) {
    this.mailboxVersion = config.mailboxVersion;
    this.profile = { emailAddress: config.mailbox, displayName };
    this.environment = {
      graphUrl: config.graphUrl,
      mailbox: config.mailbox,
      storeName: config.storeName,
      entra: config.entra,
    };
    this.state = {
      folders: [],
      folderId: null,
      messages: [],
      selection: [],
      current: null,
      notifications: [],
      theme: config.theme,
      actions: [],
      running: null,
      status: null,
    };
  }

  // ---- for the page -----------------------------------------------------------------------------
  snapshot = (): HarnessState => this.state;
  subscribeView = (listener: () => void): (() => void) => {
    this.viewListeners.add(listener);
    return () => void this.viewListeners.delete(listener);
  };
  private update(patch: Partial<HarnessState>, notifyFrames?: () => void): void {
    this.state = { ...this.state, ...patch };
    if (!notifyFrames) return this.viewListeners.forEach((l) => l());
    // The add-in hears of the change first; the page redraws its list and reading pane in a later task, so
    // its own drawing never holds up the message to the add-in's frame.
    notifyFrames();
    setTimeout(() => this.viewListeners.forEach((l) => l()), 0);
  }
  private emit(event: HarnessEvent): void {
    for (const listener of [...this.frameListeners]) {
      try {
        listener(event);
      } catch {
        this.frameListeners.delete(listener); // a frame that navigated away
      }
    }
  }

  async loadFolders(): Promise<void> {
    if (!this.sim) return;
    const folders = await this.sim.folders();
    this.update({ folders });
    const inbox = folders.find((f) => f.wellKnownName === "inbox") ?? folders[0];
    if (inbox && !this.state.folderId) await this.openFolder(inbox.id);
  }

  async openFolder(folderId: string): Promise<void> {
    if (!this.sim) return;
    const messages = await this.sim.messages(folderId);
    this.update({ folderId, messages });
  }

  /** Selects messages by Graph id, as clicking in Outlook's list does, and fires the add-in's events. */
  async select(restIds: string[]): Promise<void> {
    const seq = ++this.selectSeq;
    const multi = restIds.length > 1 && versionAtMost("1.13", this.mailboxVersion);
    const ids = multi ? restIds : restIds.slice(-1);
    let current: HarnessItem | null = null;
    if (ids.length === 1) current = await this.loadItem(toEwsId(ids[0]));
    if (seq !== this.selectSeq) return; // a newer click won
    this.update({
      selection: ids,
      current,
      notifications: current ? this.notifications(current.itemId) : [],
    });
    if (!multi) this.emit("item");
    if (versionAtMost("1.13", this.mailboxVersion)) this.emit("selection");
  }

  /** Switches Office's theme: hosts with Mailbox 1.14 tell the add-in (OfficeThemeChanged). */
  setTheme(theme: "light" | "dark"): void {
    this.update({ theme });
    if (this.themeEvents) this.emit("theme");
  }

  /** Whether this Outlook fires OfficeThemeChanged (1.14); older ones reload their add-ins instead. */
  get themeEvents(): boolean {
    return versionAtMost("1.14", this.mailboxVersion);
  }

  /** Some hosts re-run `Office.onReady` for a pinned pane instead of firing ItemChanged. */
  rerunReady(): void {
    this.emit("ready");
  }

  /** Signs the add-in out as its own Sign out does: the server URL stays, the session is not resumed silently. */
  signOut(): void {
    const values = this.roaming.load();
    values[SETTINGS_KEY] = JSON.stringify({ serverUrl: this.config.apiUrl, signedOut: true });
    this.roaming.save(values);
  }

  /** Runs a ribbon command (`ExecuteFunction`) with an event whose `completed()` ends it. */
  runAction(name?: string): Promise<void> {
    const chosen = name ?? this.state.actions.find((a) => /sync/i.test(a)) ?? this.state.actions[0];
    const fn = chosen ? this.actionFns.get(chosen) : undefined;
    if (!chosen || !fn)
      return Promise.reject(new Error("The commands frame has not registered any function yet."));
    this.update({ running: chosen, status: null });
    return new Promise<void>((resolve) => {
      let done = false;
      // Outlook ends an ExecuteFunction that has not called completed() after about 5 minutes.
      const timer = setTimeout(
        () => finish("The command did not call event.completed() within 5 minutes."),
        300_000,
      );
      const finish = (status: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.update({ running: null, status });
        resolve();
      };
      try {
        fn({ source: { id: chosen }, completed: () => finish(null) });
      } catch (error) {
        finish(`The command threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  // ---- HarnessHost (for the frames) ----------------------------------------------------------------
  currentItem = (): HarnessItem | null => this.state.current;
  selectedItems = (): HarnessSelected[] =>
    this.state.selection.map((id) => {
      const m = this.state.messages.find((x) => x.id === id);
      return {
        itemId: toEwsId(id),
        subject: m?.subject ?? "",
        conversationId: m?.conversationId ?? "",
        internetMessageId: m?.internetMessageId ?? "",
      };
    });
  loadItem = async (itemId: string): Promise<HarnessItem | null> => {
    const cached = this.items.get(itemId);
    if (cached) return cached;
    const restId = itemId.replace(/\//g, "-").replace(/\+/g, "_");
    const item = this.sim ? await this.sim.item(restId) : null;
    if (item) this.items.set(itemId, item);
    return item;
  };
  theme = (): HarnessTheme => THEMES[this.state.theme];
  subscribe = (listener: (event: HarnessEvent) => void): (() => void) => {
    this.frameListeners.add(listener);
    return () => void this.frameListeners.delete(listener);
  };
  roamingSettings = (): Record<string, unknown> => this.roaming.load();
  saveRoamingSettings = (values: Record<string, unknown>): void => this.roaming.save(values);
  notifications = (itemId: string): HarnessNotification[] => [...(this.notes.get(itemId) ?? [])];
  setNotifications = (itemId: string, list: HarnessNotification[]): void => {
    this.notes.set(itemId, [...list]);
    if (this.state.current?.itemId === itemId) this.update({ notifications: [...list] });
  };
  registerAction = (name: string, run: (event: unknown) => void): void => {
    this.actionFns.set(name, run);
    this.update({ actions: [...this.actionFns.keys()] });
  };
}
