// What each kind of entry point must return, as Google documents it, and the JSON Gmail receives from it:
// homepage and contextual triggers return a Card or a non-empty array of Cards; a universal action returns a
// UniversalActionResponse (or nothing, for a background task); a card action returns an ActionResponse; a
// time-driven trigger's return value is ignored. Anything else is what Gmail reports as a broken add-on.
import { ActionResponse, Card, UniversalActionResponse } from "./card-builders";
import type { Json } from "./card-service";

/** The ways Apps Script calls into an add-on: the manifest's triggers, card actions, time-driven triggers. */
export type EntryKind = "homepage" | "contextual" | "universal" | "action" | "time";

export interface Rendered {
  /** The returned value as Google's JSON (a card, a list of cards, renderActions), or null for none. */
  json: Json;
  cards: Card[];
}

const EXPECTED: Record<EntryKind, string> = {
  homepage: "a Card or an array of Cards",
  contextual: "a Card or an array of Cards",
  universal: "a UniversalActionResponse (or nothing)",
  action: "an ActionResponse",
  time: "anything (ignored)",
};

function describe(result: unknown): string {
  if (result instanceof UniversalActionResponse) return "a UniversalActionResponse";
  if (result instanceof ActionResponse) return "an ActionResponse";
  if (result instanceof Card) return "a Card";
  if (Array.isArray(result)) return `an array of ${result.length} values`;
  return result === undefined || result === null ? "nothing" : Object.prototype.toString.call(result);
}

export function renderResult(kind: EntryKind, result: unknown): Rendered {
  if (kind === "time") return { json: null, cards: [] };
  const isCards = Array.isArray(result) && result.length > 0 && result.every((c) => c instanceof Card);
  const ok =
    kind === "homepage" || kind === "contextual"
      ? result instanceof Card || isCards
      : kind === "universal"
        ? result instanceof UniversalActionResponse || result === undefined || result === null
        : result instanceof ActionResponse && !(result instanceof UniversalActionResponse);
  if (!ok) {
    throw new Error(
      `A ${kind} function must return ${EXPECTED[kind]}; this one returned ${describe(result)}.`,
    );
  }
  if (result instanceof Card) return { json: result.json, cards: [result] };
  if (isCards) return { json: (result as Card[]).map((c) => c.json), cards: result as Card[] };
  if (result instanceof ActionResponse) return { json: result.json, cards: result.cards };
  return { json: null, cards: [] };
}
