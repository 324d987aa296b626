// What an invoked function returned, as Google's JSON: a card, a list of cards, or renderActions.
import { ActionResponse, Card } from "./card-builders";
import type { Json } from "./card-service";

/** The ways Apps Script calls into an add-on: the manifest's triggers, card actions, time-driven triggers. */
export type EntryKind = "homepage" | "contextual" | "universal" | "action" | "time";

export interface Rendered {
  /** The returned value as Google's JSON (a card, a list of cards, or renderActions). */
  json: Json;
  cards: Card[];
}

export function renderResult(_kind: EntryKind, result: unknown): Rendered {
  if (result instanceof Card) return { json: result.json, cards: [result] };
  if (Array.isArray(result) && result.every((c) => c instanceof Card)) {
    return { json: result.map((c: Card) => c.json), cards: result };
  }
  if (result instanceof ActionResponse) return { json: result.json, cards: result.cards };
  if (result === undefined || result === null) return { json: null, cards: [] };
  throw new Error(
    `The function returned something Apps Script cannot render: ${Object.prototype.toString.call(result)}`,
  );
}
