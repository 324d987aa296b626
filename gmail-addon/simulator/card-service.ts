// A faithful fake of Apps Script's CardService: the same builders and enums, producing card JSON in the shape
// of Google's Card v1 (developers.google.com/workspace/add-ons/reference/rpc/google.apps.card.v1), and refusing
// misuse the way Google does (a card without sections, an empty section, an action without a function, …).
import { exception } from "./apps-script-error";
import {
  enumOf,
  ICONS,
  MAX_WIDGETS,
  requireType,
  SERIALIZE,
  ser,
  text,
  type Json,
  type RenderContext,
  formattedField,
  plainField,
  type Serializable,
} from "./card-json";
import { SelectionInput, Switch, TextInput } from "./card-inputs";
import type { ServiceMeter } from "./service-meter";

class Action implements Serializable {
  functionName = "";
  parameters: Record<string, string> = {};
  loadIndicator = "SPINNER";
  setFunctionName(name: string) {
    this.functionName = text(name, "functionName");
    return this;
  }
  setParameters(params: Record<string, unknown>) {
    for (const [k, v] of Object.entries(params ?? {})) {
      if (typeof v !== "string") throw exception("Invalid argument: parameters (values must be strings)");
      this.parameters[k] = v;
    }
    return this;
  }
  setLoadIndicator(indicator: string) {
    this.loadIndicator = indicator;
    return this;
  }
  setPersistValues() {
    return this;
  }
  [SERIALIZE](): Json {
    if (!this.functionName) throw exception("Action must have a function name set.");
    return {
      function: this.functionName,
      parameters: Object.entries(this.parameters).map(([key, value]) => ({ key, value })),
      loadIndicator: this.loadIndicator,
    };
  }
}

class OpenLink implements Serializable {
  url = "";
  openAs = "FULL_SIZE";
  onClose = "NOTHING";
  setUrl(url: string) {
    this.url = text(url, "url");
    return this;
  }
  setOpenAs(v: string) {
    this.openAs = v;
    return this;
  }
  setOnClose(v: string) {
    this.onClose = v;
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.url) throw exception("OpenLink must have a URL set.");
    if (!ctx.openLinkPrefixes.some((p) => this.url.startsWith(p))) {
      ctx.violations.push(`openLink ${this.url} is not under the manifest's openLinkUrlPrefixes`);
    }
    return { url: this.url, openAs: this.openAs, onClose: this.onClose };
  }
}

abstract class Clickable {
  onClick: Action | OpenLink | null = null;
  setOnClickAction(action: Action) {
    requireType(action, Action, "action");
    this.onClick = action;
    return this;
  }
  setOpenLink(link: OpenLink) {
    requireType(link, OpenLink, "openLink");
    this.onClick = link;
    return this;
  }
  protected click(ctx: RenderContext): Json | undefined {
    if (!this.onClick) return undefined;
    return this.onClick instanceof Action
      ? { action: ser(this.onClick, ctx) }
      : { openLink: ser(this.onClick, ctx) };
  }
}

class TextButton extends Clickable implements Serializable {
  label = "";
  style = "OUTLINED";
  disabled = false;
  setText(t: string) {
    this.label = text(t, "text");
    return this;
  }
  setTextButtonStyle(style: string) {
    this.style = style;
    return this;
  }
  setDisabled(d: boolean) {
    this.disabled = Boolean(d);
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.label) throw exception("TextButton must have text set.");
    plainField(ctx, this.label, "button text");
    const onClick = this.click(ctx);
    if (!onClick) throw exception("Button must have an on click action or an open link set.");
    return { text: this.label, onClick, type: this.style, ...(this.disabled ? { disabled: true } : {}) };
  }
}

class ButtonSet implements Serializable {
  buttons: TextButton[] = [];
  addButton(b: TextButton) {
    requireType(b, TextButton, "button");
    this.buttons.push(b);
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (this.buttons.length === 0) throw exception("ButtonSet must contain at least one button.");
    return { buttonList: { buttons: this.buttons.map((b) => ser(b, ctx)) } };
  }
}

class IconImage implements Serializable {
  icon: string | null = null;
  url: string | null = null;
  alt = "";
  setIcon(icon: string) {
    if (!ICONS.includes(icon as (typeof ICONS)[number])) throw exception("Invalid argument: icon");
    this.icon = icon;
    return this;
  }
  setIconUrl(url: string) {
    this.url = text(url, "url");
    return this;
  }
  setAltText(t: string) {
    this.alt = t;
    return this;
  }
  [SERIALIZE](): Json {
    if (!this.icon && !this.url) throw exception("IconImage must have an icon or icon URL set.");
    return this.icon ? { knownIcon: this.icon, altText: this.alt } : { iconUrl: this.url, altText: this.alt };
  }
}

class DecoratedText extends Clickable implements Serializable {
  fields: { topLabel?: string; text?: string; bottomLabel?: string; wrapText?: boolean } = {};
  startIcon: IconImage | null = null;
  button: TextButton | null = null;
  switchControl: Switch | null = null;
  setTopLabel(t: string) {
    this.fields.topLabel = text(t, "topLabel");
    return this;
  }
  setText(t: string) {
    this.fields.text = text(t, "text");
    return this;
  }
  setBottomLabel(t: string) {
    this.fields.bottomLabel = text(t, "bottomLabel");
    return this;
  }
  setWrapText(w: boolean) {
    this.fields.wrapText = Boolean(w);
    return this;
  }
  setStartIcon(icon: IconImage) {
    requireType(icon, IconImage, "startIcon");
    this.startIcon = icon;
    return this;
  }
  setButton(b: TextButton) {
    requireType(b, TextButton, "button");
    if (this.switchControl) throw exception("DecoratedText can have a button or a switch, not both.");
    this.button = b;
    return this;
  }
  setSwitchControl(s: Switch) {
    requireType(s, Switch, "switchControl");
    if (this.button) throw exception("DecoratedText can have a button or a switch, not both.");
    this.switchControl = s;
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.fields.text) throw exception("DecoratedText must have text set.");
    formattedField(ctx, this.fields.text, "decorated text");
    plainField(ctx, this.fields.topLabel, "a top label");
    plainField(ctx, this.fields.bottomLabel, "a bottom label");
    const out: Record<string, Json> = { ...this.fields };
    if (this.startIcon) out.startIcon = ser(this.startIcon, ctx);
    if (this.button) out.button = ser(this.button, ctx);
    if (this.switchControl) out.switchControl = ser(this.switchControl, ctx);
    const onClick = this.click(ctx);
    if (onClick) out.onClick = onClick;
    return { decoratedText: out };
  }
}

class TextParagraph implements Serializable {
  value = "";
  setText(t: string) {
    this.value = text(t, "text");
    return this;
  }
  setMaxLines() {
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.value) throw exception("TextParagraph must have text set.");
    formattedField(ctx, this.value, "a paragraph");
    return { textParagraph: { text: this.value } };
  }
}

class Divider implements Serializable {
  [SERIALIZE](): Json {
    return { divider: {} };
  }
}

const WIDGET_TYPES = [
  DecoratedText,
  TextParagraph,
  ButtonSet,
  TextInput,
  SelectionInput,
  Divider,
  TextButton,
];

class CardSection implements Serializable {
  header = "";
  widgets: Serializable[] = [];
  collapsible = false;
  uncollapsible = 0;
  setHeader(h: string) {
    this.header = text(h, "header");
    return this;
  }
  addWidget(w: Serializable) {
    if (!WIDGET_TYPES.some((t) => w instanceof t)) throw exception("Invalid argument: widget");
    this.widgets.push(w);
    return this;
  }
  setCollapsible(c: boolean) {
    this.collapsible = Boolean(c);
    return this;
  }
  setNumUncollapsibleWidgets(n: number) {
    this.uncollapsible = n;
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (this.widgets.length === 0) throw exception("Card section must contain at least one widget.");
    formattedField(ctx, this.header, "a section header");
    const widgets: Json[] = [];
    for (const w of this.widgets) {
      ctx.widgets++;
      if (ctx.widgets > MAX_WIDGETS) continue; // Google drops widgets past the limit
      widgets.push(w instanceof TextButton ? { buttonList: { buttons: [ser(w, ctx)] } } : ser(w, ctx));
    }
    return {
      ...(this.header ? { header: this.header } : {}),
      ...(this.collapsible ? { collapsible: true, uncollapsibleWidgetsCount: this.uncollapsible } : {}),
      widgets,
    };
  }
}

export { Action, ButtonSet, CardSection, DecoratedText, TextButton, TextInput, SelectionInput, OpenLink };
export { ICONS, enumOf, MAX_WIDGETS, SERIALIZE, ser, text, requireType };
export type { Json, RenderContext, Serializable };

export function newCardServiceWidgets(meter: ServiceMeter) {
  const counted =
    <T>(kind: string, make: () => T) =>
    () => {
      meter.count(`CardService.${kind}`);
      return make();
    };
  return {
    newAction: counted("newAction", () => new Action()),
    newOpenLink: counted("newOpenLink", () => new OpenLink()),
    newTextButton: counted("newTextButton", () => new TextButton()),
    newButtonSet: counted("newButtonSet", () => new ButtonSet()),
    newIconImage: counted("newIconImage", () => new IconImage()),
    newSwitch: counted("newSwitch", () => new Switch()),
    newDecoratedText: counted("newDecoratedText", () => new DecoratedText()),
    newTextParagraph: counted("newTextParagraph", () => new TextParagraph()),
    newTextInput: counted("newTextInput", () => new TextInput()),
    newSelectionInput: counted("newSelectionInput", () => new SelectionInput()),
    newDivider: counted("newDivider", () => new Divider()),
    newCardSection: counted("newCardSection", () => new CardSection()),
    Icon: enumOf(ICONS),
    TextButtonStyle: enumOf(["OUTLINED", "TEXT", "FILLED", "FILLED_TONAL", "BORDERLESS"] as const),
    SelectionInputType: enumOf(["CHECK_BOX", "RADIO_BUTTON", "DROPDOWN", "SWITCH", "MULTI_SELECT"] as const),
    LoadIndicator: enumOf(["SPINNER", "NONE"] as const),
    OpenAs: enumOf(["FULL_SIZE", "OVERLAY"] as const),
    OnClose: enumOf(["NOTHING", "RELOAD"] as const),
    ImageStyle: enumOf(["SQUARE", "CIRCLE"] as const),
    ImageCropType: enumOf(["SQUARE", "CIRCLE", "RECTANGLE_CUSTOM", "RECTANGLE_4_3"] as const),
    SwitchControlType: enumOf(["SWITCH", "CHECK_BOX"] as const),
  };
}
