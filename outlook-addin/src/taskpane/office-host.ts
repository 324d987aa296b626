import {
  canLoadItemsById,
  convertToRestId,
  currentViewer,
  getOffice,
  getSelectedItems,
  isSetSupported,
  loadSettings,
  officeThemeInfo,
  onOfficeThemeChanged,
  onSelectionChanged,
  OfficeError,
  readCurrentItem,
  readItemAsEmail,
  readSelectedItems,
  saveSettings,
  toMailMessage,
  type OpenMessage,
  type SelectionChange,
} from "../office";
import type { HostPort } from "./ports";

/**
 * The pane's HostPort over the real (or the harness's fake) Office.js. Office allows one handler per event, so
 * the events are registered once and fanned out; `Office.onReady` running again (some hosts re-run it for a
 * pinned pane instead of firing ItemChanged) counts as an item change.
 */
/** Headers of messages already read: they never change, and reading them is an Office round trip. */
const HEADER_CACHE_SIZE = 200;

export function createOfficeHost(): HostPort {
  const headers = new Map<string, Record<string, string>>();
  const withCachedHeaders = async (itemId: string): Promise<OpenMessage> => {
    const cached = headers.get(itemId);
    if (!cached) {
      const message = await readCurrentItem();
      headers.set(itemId, message.headers);
      if (headers.size > HEADER_CACHE_SIZE) headers.delete(headers.keys().next().value as string);
      return message;
    }
    const base = await readCurrentItem(null, { headers: false });
    const withHeaders = { ...base, headers: cached };
    return {
      ...withHeaders,
      mail: toMailMessage(withHeaders, { hasCalendarInvite: base.mail.hasCalendarInvite }),
    };
  };
  const listeners = new Set<(change: SelectionChange) => void>();
  const emit = (change: SelectionChange) => listeners.forEach((l) => l(change));
  const themeListeners = new Set<() => void>();
  let themeRegistered = false;
  let registered = false;
  const register = () => {
    if (registered) return;
    registered = true;
    onSelectionChanged(emit).catch(() => undefined);
    let readyCalls = 0;
    void getOffice().onReady(() => {
      readyCalls += 1;
      if (readyCalls > 1) emit({ kind: "item" });
    });
  };
  return {
    async readCurrent() {
      const item = getOffice().context.mailbox.item;
      if (!item) return null;
      try {
        return await withCachedHeaders(String(item.itemId ?? ""));
      } catch (error) {
        if (error instanceof OfficeError && error.code === "no_item") return null;
        throw error;
      }
    },
    currentItemId: () => {
      const id = getOffice().context.mailbox.item?.itemId;
      return id ? String(id) : null;
    },
    readCurrentWithBody: () => readItemAsEmail(),
    onSelectionChanged(listener) {
      listeners.add(listener);
      register();
      return () => void listeners.delete(listener);
    },
    selectedItems: () => getSelectedItems(),
    async readSelected(itemIds) {
      if (!canLoadItemsById()) {
        throw new OfficeError(
          "unsupported",
          "This version of Outlook cannot read several selected messages; open them one by one.",
        );
      }
      return readSelectedItems(itemIds);
    },
    supportsMultiSelect: isSetSupported("1.13"),
    canLoadItemsById: canLoadItemsById(),
    restIdOf: convertToRestId,
    theme: officeThemeInfo,
    onThemeChanged(listener) {
      themeListeners.add(listener);
      if (!themeRegistered) {
        themeRegistered = true;
        onOfficeThemeChanged(() => themeListeners.forEach((l) => l())).catch(() => undefined);
      }
      return () => void themeListeners.delete(listener);
    },
    viewer: currentViewer,
    loadSettings,
    saveSettings,
  };
}
