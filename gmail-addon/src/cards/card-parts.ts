// Small builders shared by the cards. Every button goes through one global function, onCardAction, with the
// handler's name in the "action" parameter (see ../action-router.ts): few globals, one place to catch errors.
//
// Escaping follows what Google renders: only TextParagraph text, DecoratedText text and section headers are
// formatted text (a little HTML); card headers, top and bottom labels, buttons, selection items and inputs show
// their string as is. So the helpers take plain text and escape exactly where Google would interpret markup;
// paragraph_ alone takes HTML, for the few sentences that use <b>, and its callers escape any data in it.

export const ACTION_FUNCTION = "onCardAction";

export function action_(
  name: string,
  params: Record<string, string> = {},
): GoogleAppsScript.Card_Service.Action {
  return CardService.newAction()
    .setFunctionName(ACTION_FUNCTION)
    .setParameters({ ...params, action: name })
    .setLoadIndicator(CardService.LoadIndicator.SPINNER);
}

export function button_(
  text: string,
  onClick: GoogleAppsScript.Card_Service.Action,
  filled = false,
): GoogleAppsScript.Card_Service.TextButton {
  const button = CardService.newTextButton().setText(text).setOnClickAction(onClick);
  return filled ? button.setTextButtonStyle(CardService.TextButtonStyle.FILLED) : button;
}

export function linkButton_(text: string, url: string): GoogleAppsScript.Card_Service.TextButton {
  return CardService.newTextButton().setText(text).setOpenLink(CardService.newOpenLink().setUrl(url));
}

export function buttons_(
  ...list: GoogleAppsScript.Card_Service.TextButton[]
): GoogleAppsScript.Card_Service.ButtonSet {
  const set = CardService.newButtonSet();
  for (const b of list) set.addButton(b);
  return set;
}

/** A paragraph of formatted text: `html` is markup; escape_() any data put in it. */
export function paragraph_(html: string): GoogleAppsScript.Card_Service.TextParagraph {
  return CardService.newTextParagraph().setText(html);
}

/** A labelled fact; all three strings are plain text (the middle one is escaped, since Google formats it). */
export function fact_(
  top: string,
  text: string,
  bottom?: string,
  icon?: GoogleAppsScript.Card_Service.Icon,
): GoogleAppsScript.Card_Service.DecoratedText {
  const widget = CardService.newDecoratedText()
    .setTopLabel(top)
    .setText(escape_(text || "—"))
    .setWrapText(true);
  if (bottom) widget.setBottomLabel(bottom);
  if (icon !== undefined) widget.setStartIcon(CardService.newIconImage().setIcon(icon));
  return widget;
}

/** A section; `header` is plain text (escaped, since Google formats section headers). */
export function section_(
  header: string | null,
  widgets: GoogleAppsScript.Card_Service.Widget[],
): GoogleAppsScript.Card_Service.CardSection {
  const section = CardService.newCardSection();
  if (header) section.setHeader(escape_(header));
  for (const w of widgets) section.addWidget(w);
  return section;
}

/** For formatted-text fields: anything from an email or the server is shown as text, never markup. */
export function escape_(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "today", "3 days ago", or "12 Mar 2025": locale-free, so every user and test sees the same. */
export function when_(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return "never";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "unknown";
  const days = Math.floor((now.getTime() - date.getTime()) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 30) return `${days} days ago`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function plural_(count: number, one: string, many = one + "s"): string {
  return `${count} ${count === 1 ? one : many}`;
}
