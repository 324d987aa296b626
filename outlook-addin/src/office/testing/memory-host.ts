// Test helper: the harness's fake Office (outlook-addin/harness/fake-office) over an in-memory host, so adapter
// tests run against the same Office.js subset, constants and documented limits the browser harness uses.
import { createFakeOffice, toEwsId } from "../../../harness/fake-office/fake-office";
import type {
  HarnessEvent,
  HarnessHost,
  HarnessItem,
  HarnessNotification,
  HarnessSelected,
} from "../../../harness/fake-office/harness-host";
import { setOfficeForTests } from "../office-runtime";

export interface MemoryHost extends HarnessHost {
  items: Map<string, HarnessItem>;
  current: string | null;
  selected: HarnessSelected[];
  roaming: Record<string, unknown>;
  notes: Map<string, HarnessNotification[]>;
  actions: Map<string, (event: unknown) => void>;
  emit(event: HarnessEvent): void;
  themeColors: { bodyBackgroundColor: string; bodyForegroundColor: string };
}

export function harnessItem(partial: Partial<HarnessItem> & { restId: string }): HarnessItem {
  const from = partial.from ?? { name: "Wile E. Coyote", address: "wile.coyote@acme.com" };
  return {
    itemId: toEwsId(partial.restId),
    internetMessageId: `<${partial.restId}@acme.com>`,
    conversationId: "conv-1",
    subject: "Renewal",
    from,
    sender: from,
    to: [{ name: "Alex Admin", address: "admin@touchbase.local" }],
    cc: [],
    dateTimeCreated: "2026-03-01T10:00:00.000Z",
    itemClass: "IPM.Note",
    body: { html: "<p>Hello <b>Alex</b></p>", text: "Hello Alex" },
    headers: "",
    ...partial,
  };
}

/** Installs a fake Office (Mailbox `version`) for the adapters; returns the host to drive it. */
export function installMemoryOffice(
  version = "1.15",
  roaming: Record<string, unknown> = {},
): MemoryHost & { dispose(): void } {
  const listeners = new Set<(event: HarnessEvent) => void>();
  const host: MemoryHost = {
    mailboxVersion: version,
    profile: { emailAddress: "admin@touchbase.local", displayName: "Alex Admin" },
    environment: { graphUrl: null, mailbox: "admin@touchbase.local", storeName: "test" },
    items: new Map(),
    current: null,
    selected: [],
    roaming,
    notes: new Map(),
    actions: new Map(),
    themeColors: { bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000" },
    currentItem: () => (host.current ? (host.items.get(host.current) ?? null) : null),
    selectedItems: () => host.selected,
    loadItem: async (itemId) => host.items.get(itemId) ?? null,
    theme: () => ({ ...host.themeColors, controlBackgroundColor: "#fff", controlForegroundColor: "#000" }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    roamingSettings: () => host.roaming,
    saveRoamingSettings(values) {
      host.roaming = values;
    },
    notifications: (itemId) => host.notes.get(itemId) ?? [],
    setNotifications(itemId, list) {
      host.notes.set(itemId, list);
    },
    registerAction(name, run) {
      host.actions.set(name, run);
    },
    emit(event) {
      for (const l of listeners) l(event);
    },
  };
  const fake = createFakeOffice(host);
  setOfficeForTests(fake.office);
  return Object.assign(host, {
    dispose() {
      fake.dispose();
      setOfficeForTests(null);
    },
  });
}

export function addItem(host: MemoryHost, item: HarnessItem, open = true): HarnessItem {
  host.items.set(item.itemId, item);
  if (open) host.current = item.itemId;
  return item;
}
