import type { HarnessHost, HarnessItem, HarnessNotification } from "./harness-host";
import { DIALOG_EVENT, displayDialog } from "./fake-dialog";

// A fake `Office` global implementing the Office.js subset the add-in uses (listed at the top of
// outlook-addin/src/office/index.ts), with the documented constants, callback shapes and limits, driven by the
// harness page. Callbacks are delivered asynchronously, as Office.js does.

const EVENT = {
  ItemChanged: "olkItemSelectedChanged",
  SelectedItemsChanged: "olkSelectedItemsChanged",
  OfficeThemeChanged: "officeThemeChanged",
} as const;

/** Documented limits: roaming settings 32 KB; notifications ≤ 5 per item, message ≤ 150 chars, key ≤ 32. */
const ROAMING_LIMIT = 32 * 1024;
const MAX_NOTIFICATIONS = 5;
const MAX_NOTIFICATION_MESSAGE = 150;
const MAX_NOTIFICATION_KEY = 32;

type Callback<T> = (result: AsyncResult<T>) => void;
interface AsyncResult<T> {
  status: "succeeded" | "failed";
  value: T;
  error?: { name: string; message: string; code: number };
  asyncContext?: unknown;
}

function later(fn: () => void): void {
  setTimeout(fn, 0);
}

/** Office's optional `options` argument before the callback: `(…, callback)` or `(…, options, callback)`. */
function splitArgs<T>(args: unknown[]): {
  options: Record<string, unknown>;
  callback: Callback<T> | undefined;
} {
  const last = args[args.length - 1];
  const callback = typeof last === "function" ? (last as Callback<T>) : undefined;
  const first = args[0];
  const options = first && typeof first === "object" ? (first as Record<string, unknown>) : {};
  return { options, callback };
}

function succeed<T>(
  callback: Callback<T> | undefined,
  value: T,
  options: Record<string, unknown> = {},
): void {
  if (callback) later(() => callback({ status: "succeeded", value, asyncContext: options.asyncContext }));
}

function fail<T>(callback: Callback<T> | undefined, code: number, name: string, message: string): void {
  if (callback)
    later(() => callback({ status: "failed", value: undefined as T, error: { name, message, code } }));
}

/** Mailbox requirement sets compare numerically ("1.15" > "1.5"). */
export function versionAtMost(version: string, max: string): boolean {
  const [a1, a2 = 0] = version.split(".").map(Number);
  const [b1, b2 = 0] = max.split(".").map(Number);
  return a1 < b1 || (a1 === b1 && a2 <= b2);
}

export const toRestId = (ewsId: string) => ewsId.replace(/\//g, "-").replace(/\+/g, "_");
export const toEwsId = (restId: string) => restId.replace(/-/g, "/").replace(/_/g, "+");

/** A read-mode item (`Office.MessageRead`) over the harness's data; `loaded` makes it a `loadItemByIdAsync` item. */
function itemObject(host: HarnessHost, data: HarnessItem, loaded?: { unload: () => void }) {
  const notifications = {
    getAllAsync: (...args: unknown[]) => {
      const { options, callback } = splitArgs<HarnessNotification[]>(args);
      succeed(callback, host.notifications(data.itemId), options);
    },
    addAsync: (key: string, details: Omit<HarnessNotification, "key">, ...args: unknown[]) =>
      putNotification("add", key, details, args),
    replaceAsync: (key: string, details: Omit<HarnessNotification, "key">, ...args: unknown[]) =>
      putNotification("replace", key, details, args),
    removeAsync: (key: string, ...args: unknown[]) => {
      const { options, callback } = splitArgs<void>(args);
      const list = host.notifications(data.itemId);
      if (!list.some((n) => n.key === key))
        return fail(callback, 9041, "KeyNotFound", "The key was not found.");
      host.setNotifications(
        data.itemId,
        list.filter((n) => n.key !== key),
      );
      succeed(callback, undefined, options);
    },
  };

  function putNotification(
    mode: "add" | "replace",
    key: string,
    details: Omit<HarnessNotification, "key">,
    args: unknown[],
  ): void {
    const { options, callback } = splitArgs<void>(args);
    const list = host.notifications(data.itemId);
    const exists = list.some((n) => n.key === key);
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_NOTIFICATION_KEY) {
      return fail(callback, 9041, "InvalidKey", "The key must be 1 to 32 characters.");
    }
    if (typeof details?.message !== "string" || details.message.length > MAX_NOTIFICATION_MESSAGE) {
      return fail(callback, 9041, "MessageTooLong", "The message must be at most 150 characters.");
    }
    if (mode === "add" && exists)
      return fail(callback, 9041, "DuplicateKey", "A notification with this key exists.");
    if (!exists && list.length >= MAX_NOTIFICATIONS) {
      return fail(
        callback,
        9041,
        "NumberOfNotificationsExceeded",
        "An item can show at most 5 notifications.",
      );
    }
    const entry: HarnessNotification = { key, type: String(details.type), message: details.message };
    if (details.icon) entry.icon = details.icon;
    if (details.persistent !== undefined) entry.persistent = details.persistent;
    host.setNotifications(
      data.itemId,
      exists ? list.map((n) => (n.key === key ? entry : n)) : [...list, entry],
    );
    succeed(callback, undefined, options);
  }

  const item: Record<string, unknown> = {
    itemId: data.itemId,
    itemType: "message",
    itemClass: data.itemClass,
    internetMessageId: data.internetMessageId,
    conversationId: data.conversationId,
    subject: data.subject,
    normalizedSubject: data.subject.replace(/^((re|fw|fwd|aw|wg)\s*:\s*)+/i, ""),
    from: { displayName: data.from.name, emailAddress: data.from.address, recipientType: "externalUser" },
    sender: {
      displayName: data.sender.name,
      emailAddress: data.sender.address,
      recipientType: "externalUser",
    },
    to: data.to.map((a) => ({ displayName: a.name, emailAddress: a.address, recipientType: "user" })),
    cc: data.cc.map((a) => ({ displayName: a.name, emailAddress: a.address, recipientType: "user" })),
    dateTimeCreated: new Date(data.dateTimeCreated),
    dateTimeModified: new Date(data.dateTimeCreated),
    attachments: [],
    body: {
      getAsync(coercionType: string, ...args: unknown[]) {
        const { options, callback } = splitArgs<string>(args);
        if (coercionType === "html") succeed(callback, data.body.html ?? escapeText(data.body.text), options);
        else if (coercionType === "text") succeed(callback, data.body.text, options);
        else fail(callback, 1000, "InvalidCoercion", "The coercion type is not supported.");
      },
    },
    getAllInternetHeadersAsync(...args: unknown[]) {
      const { options, callback } = splitArgs<string>(args);
      if (!versionAtMost("1.8", host.mailboxVersion))
        throw new Error("getAllInternetHeadersAsync needs Mailbox 1.8.");
      succeed(callback, data.headers, options);
    },
    notificationMessages: notifications,
  };
  if (loaded) {
    item.unloadAsync = (...args: unknown[]) => {
      const { options, callback } = splitArgs<void>(args);
      loaded.unload();
      succeed(callback, undefined, options);
    };
  }
  return item;
}

function escapeText(text: string): string {
  return `<div>${text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!).replace(/\n/g, "<br>")}</div>`;
}

export interface FakeOffice {
  office: typeof Office;
  /** Stops listening to the host (the frame is going away). */
  dispose(): void;
}

/** Builds the fake `Office` for one frame. */
export function createFakeOffice(
  host: HarnessHost,
  options: {
    nestedAppAuth?: boolean;
    /** What a dialog page (the sign-in window) is told of the simulated world; no dialog API without it. */
    dialogWorld?: Record<string, string>;
  } = {},
): FakeOffice {
  // NestedAppAuth 1.1 is offered when the harness gave the frame a simulated NAA broker (fake-naa-bridge.ts).
  const supported = (set: string, version?: string) =>
    set.toLowerCase() === "nestedappauth"
      ? Boolean(options.nestedAppAuth) && versionAtMost(version ?? "1.1", "1.1")
      : set.toLowerCase() === "mailbox" && versionAtMost(version ?? "1.1", host.mailboxVersion);
  const handlers = new Map<string, (args: unknown) => void>();
  const readyCallbacks: ((info: unknown) => void)[] = [];
  const readyInfo = { host: "Outlook", platform: "OfficeOnline" };
  // Read when the host is ready: a remote host has no settings until the page's first message arrives.
  let roaming: Record<string, unknown> = host.ready ? {} : structuredClone(host.roamingSettings());
  const ready = host.ready
    ? host.ready.then(() => {
        roaming = structuredClone(host.roamingSettings());
      })
    : Promise.resolve();
  let loadedItems = 0;

  const unsubscribe = host.subscribe((event) => {
    if (event === "ready") return readyCallbacks.forEach((cb) => later(() => cb(readyInfo)));
    if (event === "theme") {
      const onTheme = handlers.get(EVENT.OfficeThemeChanged);
      if (onTheme)
        queueMicrotask(() => onTheme({ type: EVENT.OfficeThemeChanged, officeTheme: host.theme() }));
      return;
    }
    const type = event === "item" ? EVENT.ItemChanged : EVENT.SelectedItemsChanged;
    const handler = handlers.get(type);
    // Office.js calls handlers from the host's message, never inside the caller's own code: a microtask is enough.
    // The mark is when the add-in learns of the change: the benchmark measures the add-in's latency from it.
    if (handler)
      queueMicrotask(() => {
        performance.mark(`office:${type}`);
        handler({ type });
      });
  });

  const mailbox = {
    get item() {
      const data = host.currentItem();
      return data ? itemObject(host, data) : null;
    },
    get userProfile() {
      return {
        emailAddress: host.profile.emailAddress,
        displayName: host.profile.displayName,
        timeZone: "UTC",
        accountType: "enterprise",
      };
    },
    diagnostics: { hostName: "OutlookWebApp", hostVersion: "16.0", OWAView: "ThreeColumns" },
    restUrl: "https://outlook.office.com/api",
    convertToRestId: (itemId: string, version: string) => {
      if (!["v1.0", "v2.0", "beta"].includes(version)) throw new Error("Sys.ArgumentException: restVersion");
      return toRestId(itemId);
    },
    convertToEwsId: (restId: string) => toEwsId(restId),
    addHandlerAsync(eventType: string, handler: (args: unknown) => void, ...args: unknown[]) {
      const { options, callback } = splitArgs<void>(args);
      const known =
        eventType === EVENT.ItemChanged ||
        (eventType === EVENT.SelectedItemsChanged && supported("Mailbox", "1.13")) ||
        (eventType === EVENT.OfficeThemeChanged && supported("Mailbox", "1.14"));
      if (!known) return fail(callback, 5000, "Invalid event", "The event type is not supported.");
      handlers.set(eventType, handler);
      succeed(callback, undefined, options);
    },
    removeHandlerAsync(eventType: string, ...args: unknown[]) {
      const { options, callback } = splitArgs<void>(args);
      handlers.delete(eventType);
      succeed(callback, undefined, options);
    },
    getSelectedItemsAsync(...args: unknown[]) {
      const { options, callback } = splitArgs<unknown[]>(args);
      if (!supported("Mailbox", "1.13")) throw new Error("getSelectedItemsAsync needs Mailbox 1.13.");
      const items = host.selectedItems().map((s) => ({ ...s, itemMode: "Read", itemType: "message" }));
      succeed(callback, items, options);
    },
    loadItemByIdAsync(itemId: string, ...args: unknown[]) {
      const { options, callback } = splitArgs<unknown>(args);
      if (!supported("Mailbox", "1.15")) throw new Error("loadItemByIdAsync needs Mailbox 1.15.");
      // Documented: one loaded item at a time; the add-in must unload it before loading the next.
      if (loadedItems > 0) {
        return fail(callback, 9049, "TooManyItemsLoaded", "Unload the loaded item before loading another.");
      }
      host.loadItem(itemId).then(
        (data) => {
          if (!data) return fail(callback, 9048, "ItemNotFound", "The item was not found.");
          loadedItems += 1;
          const unload = () => void (loadedItems = Math.max(0, loadedItems - 1));
          succeed(callback, itemObject(host, data, { unload }), options);
        },
        () => fail(callback, 9048, "ItemNotFound", "The item could not be loaded."),
      );
    },
  };

  const roamingSettings = {
    get: (name: string) => (name in roaming ? structuredClone(roaming[name]) : null),
    set: (name: string, value: unknown) => {
      roaming[name] = structuredClone(value);
    },
    remove: (name: string) => {
      delete roaming[name];
    },
    saveAsync(...args: unknown[]) {
      const { options, callback } = splitArgs<void>(args);
      const size = JSON.stringify(roaming).length;
      if (size > ROAMING_LIMIT) {
        return fail(callback, 9057, "SettingsSizeExceeded", "Roaming settings are limited to 32 KB.");
      }
      Promise.resolve(host.saveRoamingSettings(structuredClone(roaming))).then(
        () => {
          roaming = structuredClone(host.roamingSettings());
          succeed(callback, undefined, options);
        },
        () => fail(callback, 9057, "SaveFailed", "The settings could not be saved."),
      );
    },
  };

  const office = {
    HostType: { Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    EventType: { ...EVENT, ...DIALOG_EVENT },
    MailboxEnums: {
      RestVersion: { v1_0: "v1.0", v2_0: "v2.0", Beta: "beta" },
      ItemNotificationMessageType: {
        ProgressIndicator: "progressIndicator",
        InformationalMessage: "informationalMessage",
        ErrorMessage: "errorMessage",
        InsightMessage: "insightMessage",
      },
      ItemType: { Message: "message", Appointment: "appointment" },
    },
    onReady(callback?: (info: unknown) => void) {
      if (callback) {
        readyCallbacks.push(callback);
        void ready.then(() => later(() => callback(readyInfo)));
      }
      return ready.then(() => readyInfo);
    },
    context: {
      // Outlook gives add-ins the Office theme from Mailbox 1.14 on.
      get officeTheme() {
        return supported("Mailbox", "1.14") ? host.theme() : undefined;
      },
      requirements: { isSetSupported: supported },
      ...(options.dialogWorld ? { ui: dialogUi(options.dialogWorld) } : {}),
      diagnostics: { host: "Outlook", platform: "OfficeOnline", version: "16.0" },
      roamingSettings,
      mailbox,
      displayLanguage: "en-US",
      contentLanguage: "en-US",
    },
    actions: {
      associate(name: string, fn: (event: unknown) => void) {
        host.registerAction(name, fn);
      },
    },
  };
  return { office: office as unknown as typeof Office, dispose: unsubscribe };
}

/** `Office.context.ui` in a frame: the dialog API (DialogApi 1.1), a window per dialog (fake-dialog.ts). */
function dialogUi(world: Record<string, string>) {
  return {
    displayDialogAsync(url: string, ...args: unknown[]) {
      const { options, callback } = splitArgs<unknown>(args);
      displayDialog(url, options as { width?: number; height?: number }, callback, { world });
    },
  };
}
