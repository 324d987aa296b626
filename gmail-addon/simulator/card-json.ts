// The pieces every CardService fake class shares: the JSON type, serialization, argument checks, enums.
import { exception } from "./apps-script-error";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export const SERIALIZE = Symbol("serialize");
/** Google renders at most 100 widgets per card and ignores the rest. */
export const MAX_WIDGETS = 100;

export interface Serializable {
  [SERIALIZE](ctx: RenderContext): Json;
}

export interface RenderContext {
  /** Problems Google would show as a broken card or silently drop; tests require this to stay empty. */
  violations: string[];
  openLinkPrefixes: string[];
  widgets: number;
}

export const ICONS = [
  "NONE",
  "AIRPLANE",
  "BOOKMARK",
  "BUS",
  "CAR",
  "CLOCK",
  "CONFIRMATION_NUMBER_ICON",
  "DOLLAR",
  "DESCRIPTION",
  "EMAIL",
  "EVENT_PERFORMER",
  "EVENT_SEAT",
  "FLIGHT_ARRIVAL",
  "FLIGHT_DEPARTURE",
  "HOTEL",
  "HOTEL_ROOM_TYPE",
  "INVITE",
  "MAP_PIN",
  "MEMBERSHIP",
  "MULTIPLE_PEOPLE",
  "OFFER",
  "PERSON",
  "PHONE",
  "RESTAURANT_ICON",
  "SHOPPING_CART",
  "STAR",
  "STORE",
  "TICKET",
  "TRAIN",
  "VIDEO_CAMERA",
  "VIDEO_PLAY",
] as const;
export const enumOf = <T extends string>(values: readonly T[]) =>
  Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as Readonly<Record<T, T>>;

export function ser(value: unknown, ctx: RenderContext): Json {
  return (value as Serializable)[SERIALIZE](ctx);
}

export function requireType(value: unknown, type: { new (...args: never[]): unknown }, what: string): void {
  if (!(value instanceof type)) throw exception(`Invalid argument: ${what}`);
}

/** Tags Google renders in formatted text (developers.google.com/workspace/add-ons/concepts/widgets#text_formatting). */
const FORMATTING_TAGS = /^(b|i|u|s|br|font|a)$/i;
const ENTITY = /&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i;

/**
 * A plain-text field (header title, labels, buttons, selection items) shows its string as is: an entity in it
 * would be seen literally, which means the add-on escaped where Google does not interpret markup.
 */
export function plainField(ctx: RenderContext, value: string | undefined, where: string): void {
  const entity = value === undefined ? null : ENTITY.exec(value);
  if (entity)
    ctx.violations.push(`${where} is plain text but contains "${entity[0]}", which Google shows literally`);
}

/**
 * A formatted-text field (paragraph, decorated text, section header) is read as a little HTML: a tag Google does
 * not know is dropped or breaks the text, which means data reached it unescaped.
 */
export function formattedField(ctx: RenderContext, value: string | undefined, where: string): void {
  for (const m of (value ?? "").matchAll(/<\/?([a-z][\w-]*)[^>]*>/gi)) {
    if (!FORMATTING_TAGS.test(m[1])) {
      ctx.violations.push(
        `${where} is formatted text and contains "${m[0]}", which Google would not show as typed`,
      );
    }
  }
}

export function text(value: unknown, what: string): string {
  if (typeof value !== "string") throw exception(`Invalid argument: ${what}`);
  return value;
}
