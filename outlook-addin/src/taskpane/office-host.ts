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

/** What the host keeps: headers already read, and who listens to the selection and the theme. */
interface HostState {
  readonly headers: Map<string, Record<string, string>>;
  readonly listeners: Set<(change: SelectionChange) => void>;
  readonly themeListeners: Set<() => void>;
  /** Office's events are registered once, on the first subscription, and fanned out. */
  registered: boolean;
  themeRegistered: boolean;
  /** `Office.onReady` calls so far: the second and later ones count as an item change. */
  readyCalls: number;
}

async function readWithCachedHeaders(state: HostState, itemId: string): Promise<OpenMessage> {
  const cached = state.headers.get(itemId);
  if (!cached) {
    const message = await readCurrentItem();
    state.headers.set(itemId, message.headers);
    if (state.headers.size > HEADER_CACHE_SIZE)
      state.headers.delete(state.headers.keys().next().value as string);
    return message;
  }
  const base = await readCurrentItem(null, { headers: false });
  const withHeaders = { ...base, headers: cached };
  return {
    ...withHeaders,
    mail: toMailMessage(withHeaders, { hasCalendarInvite: base.mail.hasCalendarInvite }),
  };
}

async function readCurrent(state: HostState): Promise<OpenMessage | null> {
  const item = getOffice().context.mailbox.item;
  if (!item) return null;
  try {
    return await readWithCachedHeaders(state, String(item.itemId ?? ""));
  } catch (error) {
    if (error instanceof OfficeError && error.code === "no_item") return null;
    throw error;
  }
}

function emit(state: HostState, change: SelectionChange): void {
  state.listeners.forEach((l) => l(change));
}

function registerSelectionEvents(state: HostState): void {
  if (state.registered) return;
  state.registered = true;
  onSelectionChanged((change) => emit(state, change)).catch(() => undefined);
  void getOffice().onReady(() => {
    state.readyCalls += 1;
    if (state.readyCalls > 1) emit(state, { kind: "item" });
  });
}

function registerThemeEvents(state: HostState): void {
  if (state.themeRegistered) return;
  state.themeRegistered = true;
  onOfficeThemeChanged(() => state.themeListeners.forEach((l) => l())).catch(() => undefined);
}

async function readSelected(itemIds: string[]) {
  if (!canLoadItemsById()) {
    throw new OfficeError(
      "unsupported",
      "This version of Outlook cannot read several selected messages; open them one by one.",
    );
  }
  return readSelectedItems(itemIds);
}

export function createOfficeHost(): HostPort {
  const state: HostState = {
    headers: new Map(),
    listeners: new Set(),
    themeListeners: new Set(),
    registered: false,
    themeRegistered: false,
    readyCalls: 0,
  };
  return {
    readCurrent: () => readCurrent(state),
    currentItemId: () => {
      const id = getOffice().context.mailbox.item?.itemId;
      return id ? String(id) : null;
    },
    readCurrentWithBody: () => readItemAsEmail(),
    onSelectionChanged(listener) {
      state.listeners.add(listener);
      registerSelectionEvents(state);
      return () => void state.listeners.delete(listener);
    },
    selectedItems: () => getSelectedItems(),
    readSelected,
    supportsMultiSelect: isSetSupported("1.13"),
    canLoadItemsById: canLoadItemsById(),
    restIdOf: convertToRestId,
    theme: officeThemeInfo,
    onThemeChanged(listener) {
      state.themeListeners.add(listener);
      registerThemeEvents(state);
      return () => void state.themeListeners.delete(listener);
    },
    viewer: currentViewer,
    loadSettings,
    saveSettings,
  };
}
