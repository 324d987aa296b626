// Drives the add-on like a person in Gmail's sidebar: open a message, press a button by its text, fill inputs.
// Keeps the card stack and applies navigations the way Gmail does.
import type { AppsScriptSandbox, EntryKind, Invocation } from "./apps-script-sandbox";
import type { Json } from "./card-service";
import {
  actionEvent,
  contextualEvent,
  homepageEvent,
  openedMessage,
  type OpenedMessage,
} from "./event-objects";

type Obj = { [key: string]: Json };

export interface Clickable {
  text: string;
  action: { function: string; parameters: Record<string, string> } | null;
  openLink: string | null;
}

function asObj(value: Json | undefined): Obj {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function asList(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function toClickable(text: string, onClick: Json | undefined): Clickable {
  const click = asObj(onClick);
  const action = asObj(click.action);
  const params = asList(action.parameters).map(asObj);
  return {
    text,
    action: action.function
      ? {
          function: String(action.function),
          parameters: Object.fromEntries(params.map((p) => [String(p.key), String(p.value)])),
        }
      : null,
    openLink: click.openLink ? String(asObj(click.openLink).url) : null,
  };
}

/** Every button, clickable row and header-menu item on a card, in reading order. */
export function clickables(card: Json): Clickable[] {
  const out: Clickable[] = [];
  for (const section of asList(asObj(card).sections).map(asObj)) {
    for (const widget of asList(section.widgets).map(asObj)) {
      for (const b of asList(asObj(widget.buttonList).buttons).map(asObj))
        out.push(toClickable(String(b.text), b.onClick));
      const dt = asObj(widget.decoratedText);
      if (dt.button) out.push(toClickable(String(asObj(dt.button).text), asObj(dt.button).onClick));
      if (dt.onClick) out.push(toClickable(String(dt.text), dt.onClick));
    }
  }
  for (const a of asList(asObj(card).cardActions).map(asObj))
    out.push(toClickable(String(a.actionLabel), a.onClick));
  return out;
}

/** Every text a person can read on a card (header, labels, paragraphs, buttons), for assertions. */
export function cardText(card: Json): string {
  const parts: string[] = [];
  const walk = (v: Json) => {
    if (typeof v === "string") parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v))
        if (
          ![
            "onClick",
            "parameters",
            "function",
            "name",
            "value",
            "type",
            "knownIcon",
            "loadIndicator",
            "controlType",
          ].includes(k)
        )
          walk(x);
    }
  };
  walk(card);
  return parts.join("\n");
}

/** Default form values of a card's inputs, as Gmail would submit them. */
function formDefaults(card: Json): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const section of asList(asObj(card).sections).map(asObj)) {
    for (const widget of asList(section.widgets).map(asObj)) {
      const input = asObj(widget.textInput);
      if (input.name) values[String(input.name)] = [String(input.value ?? "")];
      const select = asObj(widget.selectionInput);
      if (select.name) {
        values[String(select.name)] = asList(select.items)
          .map(asObj)
          .filter((i) => i.selected)
          .map((i) => String(i.value));
      }
      const sw = asObj(asObj(widget.decoratedText).switchControl);
      if (sw.name) values[String(sw.name)] = sw.selected ? [String(sw.value)] : [];
    }
  }
  return values;
}

export class Sidebar {
  stack: Json[] = [];
  notifications: string[] = [];
  last: Invocation | null = null;
  private opened: OpenedMessage | null = null;

  constructor(private readonly sandbox: AppsScriptSandbox) {}

  get card(): Json {
    return this.stack[this.stack.length - 1] ?? null;
  }

  get text(): string {
    return cardText(this.card);
  }

  private run(fn: string, event: unknown, kind: EntryKind): Invocation {
    const result = this.sandbox.invoke(fn, event, kind);
    this.last = result;
    if (result.error) throw new Error(`${fn} failed in the simulator: ${result.error}`);
    if (result.violations.length)
      throw new Error(`${fn} produced a card Google would not show: ${result.violations.join("; ")}`);
    return result;
  }

  openMessage(messageId: string): Invocation {
    const message = this.sandbox.options.mailbox.messages.get(messageId);
    if (!message) throw new Error(`no simulated message ${messageId}`);
    this.opened = openedMessage(message.id, message.threadId);
    const fn = this.sandbox.manifest.addOns.gmail.contextualTriggers?.[0]?.onTriggerFunction ?? "";
    const result = this.run(fn, contextualEvent(this.opened), "contextual");
    this.stack = Array.isArray(result.json) ? [...result.json] : [result.json];
    return result;
  }

  openHomepage(): Invocation {
    this.opened = null;
    const fn = this.sandbox.manifest.addOns.common.homepageTrigger?.runFunction ?? "";
    const result = this.run(fn, homepageEvent(), "homepage");
    this.stack = Array.isArray(result.json) ? [...result.json] : [result.json];
    return result;
  }

  universal(label: string): Invocation {
    const action = this.sandbox.manifest.addOns.common.universalActions?.find((a) => a.label === label);
    if (!action?.runFunction) throw new Error(`no universal action "${label}"`);
    const event = actionEvent(
      {},
      {},
      this.opened && { ...openedMessage(this.opened.messageId, this.opened.threadId) },
    );
    const result = this.run(action.runFunction, event, "universal");
    this.apply(result.json);
    return result;
  }

  buttons(): string[] {
    return clickables(this.card).map((c) => c.text);
  }

  /** Presses the first button or menu item whose text matches; inputs keep their values unless overridden. */
  click(text: string | RegExp, inputs: Record<string, string[]> = {}): Invocation {
    const target = clickables(this.card).find((c) =>
      typeof text === "string" ? c.text === text : text.test(c.text),
    );
    if (!target?.action)
      throw new Error(`no button "${text}" on the card; buttons: ${this.buttons().join(", ")}`);
    const opened = this.opened && openedMessage(this.opened.messageId, this.opened.threadId);
    const event = actionEvent(target.action.parameters, { ...formDefaults(this.card), ...inputs }, opened);
    const result = this.run(target.action.function, event, "action");
    this.apply(result.json);
    return result;
  }

  private apply(json: Json): void {
    const action = asObj(asObj(asObj(json).renderActions).action);
    for (const step of asList(action.navigations).map(asObj)) {
      if (step.pushCard) this.stack.push(step.pushCard);
      else if (step.updateCard) this.stack[Math.max(0, this.stack.length - 1)] = step.updateCard;
      else if (step.popCard) this.stack.pop();
      else if (step.popToRoot) this.stack = this.stack.slice(0, 1);
    }
    const notification = asObj(action.notification);
    if (notification.text) this.notifications.push(String(notification.text));
  }

  get notice(): string {
    return this.notifications[this.notifications.length - 1] ?? "";
  }
}
