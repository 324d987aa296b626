/**
 * The add-in's only door to Office.js. Everything else (task pane, sync engine, ribbon command) calls these
 * adapters, so the harness's fake `Office` only has to implement what is listed here.
 *
 * Office.js subset used (requirement set of each call):
 * - `Office.onReady()` (common, always available)
 * - `Office.context.requirements.isSetSupported("Mailbox", "1.x")` (Mailbox 1.1) and
 *   `isSetSupported("NestedAppAuth", "1.1")` (is nested app authentication available)
 * - `Office.context.ui.displayDialogAsync(url, { height, width, promptBeforeOpen }, cb)` with the dialog's
 *   `DialogMessageReceived` / `DialogEventReceived` events and `close()` (DialogApi 1.1), and
 *   `Office.context.ui.messageParent` in the dialog page: Microsoft sign-in where NAA is not available (the
 *   harness signs in to the Graph simulator instead, so its fake Office leaves these out)
 * - `Office.context.diagnostics.hostName` / `.platform` (Mailbox 1.5 base; read only for display)
 * - `Office.context.officeTheme` (`bodyBackgroundColor`, `bodyForegroundColor`, `controlBackgroundColor`,
 *   `controlForegroundColor`) (Mailbox 1.14 in Outlook; its `isDarkTheme`/`themeId` are not supported in Outlook,
 *   so dark is read from the background colour; before 1.14 the system colour scheme decides) and
 *   `Office.EventType.OfficeThemeChanged` through `mailbox.addHandlerAsync` (Mailbox 1.14, task pane only)
 * - `Office.context.roamingSettings.get/set/saveAsync` (Mailbox 1.1); Touchbase keeps one JSON string under
 *   `touchbase.settings.v1` (Office caps all roaming settings at 32 KB)
 * - `Office.context.mailbox.userProfile.emailAddress` / `.displayName` (Mailbox 1.1)
 * - `Office.context.mailbox.item` (Mailbox 1.1, read mode only: `Office.MessageRead`):
 *   `itemId`, `internetMessageId`, `conversationId`, `subject`, `from`, `sender`, `to`, `cc`,
 *   `dateTimeCreated`, `itemType`, `itemClass` (meeting requests are `IPM.Schedule.Meeting.*`) (1.1);
 *   `body.getAsync(Office.CoercionType.Html|Text, cb)` (1.3);
 *   `getAllInternetHeadersAsync(cb)` (1.8, detected with isSetSupported; fall back to no headers);
 *   `notificationMessages.addAsync/replaceAsync/removeAsync` (1.3; `ProgressIndicator`,
 *   `InformationalMessage`, `ErrorMessage`).
 * - `Office.context.mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0)` (1.3)
 * - `Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, handler, cb)` (1.5) and
 *   `Office.EventType.SelectedItemsChanged` (1.13); `removeHandlerAsync` (1.5)
 * - `Office.context.mailbox.getSelectedItemsAsync(cb)` (1.13): `{ itemId, itemMode, itemType, subject,
 *   conversationId?, internetMessageId? }`
 * - `Office.context.mailbox.loadItemByIdAsync(itemId, cb)` + `item.unloadAsync(cb)` (1.15; selected-item sync
 *   without Graph — when absent, selected items are read through Graph instead)
 * - `Office.actions.associate(name, fn)` (ribbon commands; Mailbox 1.3 / add-in commands 1.0) and
 *   `event.completed()`
 * - `Office.AsyncResultStatus`, `Office.CoercionType`, `Office.EventType`, `Office.MailboxEnums.RestVersion`,
 *   `Office.MailboxEnums.ItemNotificationMessageType` (constants; the fake must provide the same string values)
 *
 * Notification keys are ≤ 32 characters and messages ≤ 150 (Office's limits). Nothing here is imported by Node
 * code except in tests, which install the harness's fake Office through `setOfficeForTests`.
 */
export * from "./office-types";
export { getOffice, officeReady, isSetSupported, setOfficeForTests, OfficeError } from "./office-runtime";
export {
  readCurrentItem,
  readItemAsEmail,
  toMailMessage,
  currentViewer,
  readHeaders,
  readBody,
} from "./read-item";
export { onSelectionChanged, getSelectedItems, readSelectedItems, canLoadItemsById } from "./selection";
export { showProgress, showInfo, showError, clearNotification } from "./notifications";
export { convertToRestId, officeThemeInfo, onOfficeThemeChanged } from "./mailbox-misc";
export { openDialog } from "./dialog";
export {
  loadSettings,
  saveSettings,
  DEFAULT_SETTINGS,
  AddinSettingsSchema,
  type AddinSettings,
  type FolderChoice,
} from "./roaming-settings";
