import { getMailbox, getOffice, isSetSupported, officeCall } from "./office-runtime";
import type { OfficeThemeInfo } from "./office-types";

/** The Graph/REST form of an EWS item id (Mailbox 1.3), or null when the host cannot convert it. */
export function convertToRestId(itemId: string): string | null {
  try {
    const office = getOffice();
    const version = office.MailboxEnums?.RestVersion?.v2_0 ?? ("v2.0" as Office.MailboxEnums.RestVersion);
    const restId = getMailbox().convertToRestId(itemId, version);
    return typeof restId === "string" && restId ? restId : null;
  } catch {
    return null;
  }
}

/** Relative luminance of a `#rrggbb` colour, 0 (black) … 1 (white); null if it is not such a colour. */
function luminance(hex: string | undefined | null): number | null {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark when the system asks for it (hosts older than Mailbox 1.14 give add-ins no Office theme). */
function prefersDark(): boolean {
  try {
    return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  } catch {
    return false;
  }
}

/**
 * The Office theme as light or dark. Outlook offers `Office.context.officeTheme` from Mailbox 1.14 on (with its
 * colours; `isDarkTheme` and `themeId` are documented as not supported in Outlook), so dark is read from the body
 * background colour. Older hosts have no theme API: the system's colour scheme decides.
 */
export function officeThemeInfo(): OfficeThemeInfo {
  let theme: Office.OfficeTheme | undefined;
  try {
    theme = isSetSupported("1.14") ? getOffice().context?.officeTheme : undefined;
  } catch {
    theme = undefined;
  }
  const background = theme?.bodyBackgroundColor ?? null;
  const l = luminance(background);
  return {
    isDark: l !== null ? l < 0.4 : prefersDark(),
    bodyBackgroundColor: background,
    bodyForegroundColor: theme?.bodyForegroundColor ?? null,
  };
}

/**
 * Calls `handler` when the user switches Office's theme: `OfficeThemeChanged` (Mailbox 1.14, task panes only).
 * On older hosts there is no such event; returns a no-op remover then.
 */
export async function onOfficeThemeChanged(handler: () => void): Promise<() => Promise<void>> {
  const office = getOffice();
  const type = office.EventType?.OfficeThemeChanged;
  if (!type || !isSetSupported("1.14")) return async () => undefined;
  const mailbox = getMailbox();
  await officeCall<void>((cb) => mailbox.addHandlerAsync(type, handler, cb), {
    code: "handler_failed",
    message: "Outlook could not tell Touchbase when its theme changes.",
  });
  return async () => {
    await officeCall<void>((cb) => mailbox.removeHandlerAsync(type, cb), {
      code: "handler_failed",
      message: "Outlook could not remove an event handler.",
    }).catch(() => undefined);
  };
}
