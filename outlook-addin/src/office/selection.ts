import { getMailbox, getOffice, isSetSupported, officeCall, OfficeError } from "./office-runtime";
import type { OpenMessageWithBody, SelectedMessage, SelectionChange } from "./office-types";
import { readItemAsEmail } from "./read-item";

/**
 * Calls `handler` whenever the pinned pane should re-read: `ItemChanged` (Mailbox 1.5) and, where supported,
 * `SelectedItemsChanged` (1.13). Returns a function that removes both handlers.
 */
export async function onSelectionChanged(
  handler: (change: SelectionChange) => void,
): Promise<() => Promise<void>> {
  const office = getOffice();
  const mailbox = getMailbox();
  const registered: Office.EventType[] = [];
  const add = (type: Office.EventType, fn: (event: unknown) => void) =>
    officeCall<void>((cb) => mailbox.addHandlerAsync(type, fn, cb), {
      code: "handler_failed",
      message: "Outlook could not tell Touchbase when the selection changes.",
    }).then(() => void registered.push(type));

  await add(office.EventType.ItemChanged, () => handler({ kind: "item" }));
  if (isSetSupported("1.13") && office.EventType.SelectedItemsChanged) {
    await add(office.EventType.SelectedItemsChanged, () => {
      getSelectedItems()
        .then((items) => handler({ kind: "selection", items }))
        .catch(() => handler({ kind: "selection", items: [] }));
    }).catch(() => undefined); // optional: single-item panes still work
  }
  return async () => {
    for (const type of registered) {
      await officeCall<void>((cb) => mailbox.removeHandlerAsync(type, cb), {
        code: "handler_failed",
        message: "Outlook could not remove an event handler.",
      }).catch(() => undefined);
    }
  };
}

/** The selected messages (Mailbox 1.13); `[]` on hosts without multi-select. */
export async function getSelectedItems(): Promise<SelectedMessage[]> {
  if (!isSetSupported("1.13")) return [];
  const mailbox = getMailbox();
  if (typeof mailbox.getSelectedItemsAsync !== "function") return [];
  const items = await officeCall<Office.SelectedItemDetails[]>((cb) => mailbox.getSelectedItemsAsync(cb), {
    code: "selection_failed",
    message: "Outlook could not list the selected messages.",
  });
  return (items ?? [])
    .filter((i) => String(i.itemType ?? "message").toLowerCase() === "message")
    .map((i) => ({
      itemId: String(i.itemId),
      subject: String(i.subject ?? ""),
      conversationId: i.conversationId ? String(i.conversationId) : null,
      internetMessageId: i.internetMessageId ? String(i.internetMessageId) : null,
      itemType: String(i.itemType ?? "message"),
      itemMode: String(i.itemMode ?? "Read"),
    }));
}

/** Whether selected messages can be read with Office.js alone (`loadItemByIdAsync`, Mailbox 1.15). */
export function canLoadItemsById(): boolean {
  return isSetSupported("1.15") && typeof getMailbox().loadItemByIdAsync === "function";
}

/**
 * Reads selected messages with their bodies through `loadItemByIdAsync` (Mailbox 1.15), one at a time as the
 * API requires (each is unloaded before the next). Failures are returned per item, never thrown for the batch.
 */
export async function readSelectedItems(
  itemIds: string[],
): Promise<{ itemId: string; message?: OpenMessageWithBody; error?: OfficeError }[]> {
  if (!canLoadItemsById()) {
    throw new OfficeError(
      "unsupported",
      "This version of Outlook cannot read several selected messages at once.",
    );
  }
  const mailbox = getMailbox();
  const results: { itemId: string; message?: OpenMessageWithBody; error?: OfficeError }[] = [];
  for (const itemId of itemIds) {
    let loaded: Office.LoadedMessageRead | null = null;
    try {
      loaded = (await officeCall<Office.LoadedMessageCompose | Office.LoadedMessageRead>(
        (cb) => mailbox.loadItemByIdAsync(itemId, cb),
        { code: "load_failed", message: "Outlook could not open one of the selected messages." },
      )) as Office.LoadedMessageRead;
      const message = await readItemAsEmail(loaded as unknown as Office.MessageRead);
      results.push({ itemId, message });
    } catch (error) {
      results.push({
        itemId,
        error:
          error instanceof OfficeError
            ? error
            : new OfficeError("load_failed", "Outlook could not open one of the selected messages."),
      });
    } finally {
      if (loaded && typeof loaded.unloadAsync === "function") {
        const item = loaded;
        await officeCall<void>((cb) => item.unloadAsync(cb), {
          code: "unload_failed",
          message: "Outlook could not close a selected message.",
        }).catch(() => undefined);
      }
    }
  }
  return results;
}
