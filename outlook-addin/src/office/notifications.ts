import { getMailbox, officeCall } from "./office-runtime";

// Item notifications (Mailbox 1.3): the ribbon command has no UI of its own, so progress and the final summary
// appear in the message's info bar. Keys are stable so each update replaces the previous line.

const MAX_MESSAGE = 150; // Office rejects notification messages longer than 150 characters

type Kind = "progressIndicator" | "informationalMessage" | "errorMessage";

async function put(key: string, type: Kind, message: string): Promise<void> {
  const item = getMailbox().item;
  if (!item?.notificationMessages) return;
  const details: Office.NotificationMessageDetails = {
    type: type as Office.MailboxEnums.ItemNotificationMessageType,
    message: message.slice(0, MAX_MESSAGE),
  };
  if (type === "informationalMessage") {
    details.icon = "Icon.16x16";
    details.persistent = false;
  }
  const failure = { code: "notification_failed", message: "Outlook could not show a notification." };
  try {
    await officeCall<void>((cb) => item.notificationMessages.replaceAsync(key, details, cb), failure);
  } catch {
    // Some hosts reject replace for an unknown key; add is the documented way to create it.
    await officeCall<void>((cb) => item.notificationMessages.addAsync(key, details, cb), failure).catch(
      () => undefined,
    );
  }
}

export const showProgress = (key: string, message: string) => put(key, "progressIndicator", message);
export const showInfo = (key: string, message: string) => put(key, "informationalMessage", message);
export const showError = (key: string, message: string) => put(key, "errorMessage", message);

export async function clearNotification(key: string): Promise<void> {
  const item = getMailbox().item;
  if (!item?.notificationMessages) return;
  await officeCall<void>((cb) => item.notificationMessages.removeAsync(key, cb), {
    code: "notification_failed",
    message: "Outlook could not remove a notification.",
  }).catch(() => undefined);
}
