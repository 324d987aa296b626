import { getMailbox, getOffice } from "./office-runtime";
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

/**
 * Outlook does not support `officeTheme.isDarkTheme`/`themeId` (see the office-js docs), so dark mode is read
 * from the body background colour, which Outlook does provide.
 */
export function officeThemeInfo(): OfficeThemeInfo {
  let theme: Office.OfficeTheme | undefined;
  try {
    theme = getOffice().context?.officeTheme;
  } catch {
    theme = undefined;
  }
  const background = theme?.bodyBackgroundColor ?? null;
  const l = luminance(background);
  return {
    isDark: l !== null && l < 0.4,
    bodyBackgroundColor: background,
    bodyForegroundColor: theme?.bodyForegroundColor ?? null,
  };
}
