// Cards, their headers, actions and footers, and the responses a callback returns (navigation,
// notification, universal actions), serialized like Google's JSON (renderActions / Card v1).
import { exception } from "./apps-script-error";
import { plainField } from "./card-json";
import {
  Action,
  CardSection,
  MAX_WIDGETS,
  SERIALIZE,
  TextButton,
  newCardServiceWidgets,
  requireType,
  ser,
  text,
  type Json,
  type RenderContext,
  type Serializable,
} from "./card-service";
import type { ServiceMeter } from "./service-meter";

export class CardHeader implements Serializable {
  f: { title?: string; subtitle?: string; imageUrl?: string; imageType?: string; imageAltText?: string } = {};
  setTitle(t: string) {
    this.f.title = text(t, "title");
    return this;
  }
  setSubtitle(t: string) {
    this.f.subtitle = text(t, "subtitle");
    return this;
  }
  setImageUrl(u: string) {
    this.f.imageUrl = text(u, "imageUrl");
    return this;
  }
  setImageStyle(s: string) {
    this.f.imageType = s;
    return this;
  }
  setImageAltText(t: string) {
    this.f.imageAltText = t;
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.f.title) throw exception("CardHeader must have a title set.");
    plainField(ctx, this.f.title, "the card header's title");
    plainField(ctx, this.f.subtitle, "the card header's subtitle");
    return { ...this.f };
  }
}

export class CardAction implements Serializable {
  label = "";
  action: Action | null = null;
  setText(t: string) {
    this.label = text(t, "text");
    return this;
  }
  setOnClickAction(a: Action) {
    requireType(a, Action, "action");
    this.action = a;
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.label || !this.action) throw exception("CardAction must have text and an action set.");
    plainField(ctx, this.label, "a card action's text");
    return { actionLabel: this.label, onClick: { action: ser(this.action, ctx) } };
  }
}

export class FixedFooter implements Serializable {
  primary: TextButton | null = null;
  secondary: TextButton | null = null;
  setPrimaryButton(b: TextButton) {
    requireType(b, TextButton, "button");
    this.primary = b;
    return this;
  }
  setSecondaryButton(b: TextButton) {
    requireType(b, TextButton, "button");
    this.secondary = b;
    return this;
  }
  [SERIALIZE](ctx: RenderContext): Json {
    if (!this.primary) throw exception("FixedFooter must have a primary button set.");
    return {
      primaryButton: ser(this.primary, ctx),
      ...(this.secondary ? { secondaryButton: ser(this.secondary, ctx) } : {}),
    };
  }
}

/** A built card: immutable JSON, as Google serializes it when the callback returns. */
export class Card {
  constructor(
    readonly json: { [key: string]: Json },
    readonly violations: string[],
  ) {}
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
}

export class CardBuilder {
  name = "";
  header: CardHeader | null = null;
  sections: CardSection[] = [];
  actions: CardAction[] = [];
  footer: FixedFooter | null = null;
  constructor(private readonly openLinkPrefixes: string[]) {}
  setName(n: string) {
    this.name = text(n, "name");
    return this;
  }
  setHeader(h: CardHeader) {
    requireType(h, CardHeader, "header");
    this.header = h;
    return this;
  }
  addSection(s: CardSection) {
    requireType(s, CardSection, "section");
    this.sections.push(s);
    return this;
  }
  addCardAction(a: CardAction) {
    requireType(a, CardAction, "cardAction");
    this.actions.push(a);
    return this;
  }
  setFixedFooter(f: FixedFooter) {
    requireType(f, FixedFooter, "fixedFooter");
    this.footer = f;
    return this;
  }
  build(): Card {
    if (this.sections.length === 0) throw exception("Card must contain at least one section.");
    const ctx: RenderContext = { violations: [], openLinkPrefixes: this.openLinkPrefixes, widgets: 0 };
    const json: { [key: string]: Json } = {};
    if (this.name) json.name = this.name;
    if (this.header) json.header = ser(this.header, ctx);
    json.sections = this.sections.map((s) => ser(s, ctx));
    if (this.actions.length) json.cardActions = this.actions.map((a) => ser(a, ctx));
    if (this.footer) json.fixedFooter = ser(this.footer, ctx);
    if (ctx.widgets > MAX_WIDGETS) {
      ctx.violations.push(`card has ${ctx.widgets} widgets; Google shows the first ${MAX_WIDGETS}`);
    }
    return new Card(json, ctx.violations);
  }
}

type NavStep = { [key: string]: Json };

export class Navigation {
  steps: { kind: string; card?: Card; name?: string }[] = [];
  pushCard(c: Card) {
    requireType(c, Card, "card");
    this.steps.push({ kind: "pushCard", card: c });
    return this;
  }
  updateCard(c: Card) {
    requireType(c, Card, "card");
    this.steps.push({ kind: "updateCard", card: c });
    return this;
  }
  popCard() {
    this.steps.push({ kind: "popCard" });
    return this;
  }
  popToRoot() {
    this.steps.push({ kind: "popToRoot" });
    return this;
  }
  popToNamedCard(name: string) {
    this.steps.push({ kind: "popToCard", name });
    return this;
  }
  json(): NavStep[] {
    return this.steps.map((s) => (s.card ? { [s.kind]: s.card.json } : { [s.kind]: s.name ?? true }));
  }
}

export class Notification {
  value = "";
  setText(t: string) {
    this.value = text(t, "text");
    return this;
  }
}

/** What a card action returns; `json` is the renderActions object Google's client receives. */
export class ActionResponse {
  constructor(
    readonly json: { [key: string]: Json },
    readonly cards: Card[],
  ) {}
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
}

export class ActionResponseBuilder {
  navigation: Navigation | null = null;
  notification: Notification | null = null;
  link: string | null = null;
  stateChanged = false;
  setNavigation(n: Navigation) {
    requireType(n, Navigation, "navigation");
    this.navigation = n;
    return this;
  }
  setNotification(n: Notification) {
    requireType(n, Notification, "notification");
    this.notification = n;
    return this;
  }
  setOpenLink(link: { url: string }) {
    this.link = link.url;
    return this;
  }
  setStateChanged(s: boolean) {
    this.stateChanged = Boolean(s);
    return this;
  }
  build(): ActionResponse {
    if (!this.navigation && !this.notification && !this.link && !this.stateChanged) {
      throw exception("ActionResponse must have a navigation, notification, link or state change set.");
    }
    if (this.notification && !this.notification.value) throw exception("Notification must have text set.");
    const action: { [key: string]: Json } = {};
    if (this.navigation) action.navigations = this.navigation.json();
    if (this.notification) action.notification = { text: this.notification.value };
    if (this.link) action.link = { url: this.link };
    const json: { [key: string]: Json } = { renderActions: { action } };
    if (this.stateChanged) json.stateChanged = true;
    const cards = (this.navigation?.steps ?? []).flatMap((s) => (s.card ? [s.card] : []));
    return new ActionResponse(json, cards);
  }
}

export class UniversalActionResponse extends ActionResponse {}

export class UniversalActionResponseBuilder {
  cards: Card[] = [];
  link: string | null = null;
  displayAddOnCards(cards: Card[]) {
    if (!Array.isArray(cards) || cards.length === 0) throw exception("Invalid argument: cards");
    cards.forEach((c) => requireType(c, Card, "cards"));
    this.cards = cards;
    return this;
  }
  setOpenLink(link: { url: string }) {
    this.link = link.url;
    return this;
  }
  build(): UniversalActionResponse {
    if (!this.cards.length && !this.link)
      throw exception("UniversalActionResponse must display cards or open a link.");
    const action: { [key: string]: Json } = this.cards.length
      ? { navigations: this.cards.map((c) => ({ pushCard: c.json })) }
      : { link: { url: this.link } };
    return new UniversalActionResponse({ renderActions: { action } }, this.cards);
  }
}

export function createCardService(meter: ServiceMeter, openLinkPrefixes: string[]) {
  const counted =
    <T>(kind: string, make: () => T) =>
    () => {
      meter.count(`CardService.${kind}`);
      return make();
    };
  return {
    ...newCardServiceWidgets(meter),
    newCardBuilder: counted("newCardBuilder", () => new CardBuilder(openLinkPrefixes)),
    newCardHeader: counted("newCardHeader", () => new CardHeader()),
    newCardAction: counted("newCardAction", () => new CardAction()),
    newFixedFooter: counted("newFixedFooter", () => new FixedFooter()),
    newNavigation: counted("newNavigation", () => new Navigation()),
    newNotification: counted("newNotification", () => new Notification()),
    newActionResponseBuilder: counted("newActionResponseBuilder", () => new ActionResponseBuilder()),
    newUniversalActionResponseBuilder: counted(
      "newUniversalActionResponseBuilder",
      () => new UniversalActionResponseBuilder(),
    ),
  };
}
