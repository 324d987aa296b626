import { invalid } from "./errors";

// Every keyset-paged list (history, threads, conversations, customers, contacts, exclusions) hands out its position
// as the last row's sort key: a JSON array of strings, base64url. A cursor is opaque to clients; one this server did
// not write (or wrote for another list) is a 400, never a query with odd values in it.

/** What one part of a cursor must look like. */
export type CursorPart = (value: string) => boolean;

/** An instant exactly as `Date.prototype.toISOString` writes it. */
export const isoInstant: CursorPart = (v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
/** Microseconds since the epoch, as text (exact, unlike a JS Date). */
export const epochMicros: CursorPart = (v) => /^-?\d{1,18}$/.test(v);
/** Any text: names, ids, keys. */
export const anyText: CursorPart = () => true;
/** An ISO instant, or the empty text for "no date" (rows whose sort column is null sort after every date). */
export const optionalInstant: CursorPart = (v) => v === "" || isoInstant(v);

export function encodeCursor(...parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export const invalidCursor = () => invalid("invalid_cursor", "The cursor is not one this server gave out.");

/** The parts `encodeCursor` wrote, each checked by its `CursorPart`; anything else is `invalid_cursor`. */
export function decodeCursor<const Shape extends readonly CursorPart[]>(
  cursor: string,
  shape: Shape,
): { -readonly [K in keyof Shape]: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const valid =
    Array.isArray(value) &&
    value.length === shape.length &&
    value.every((part, i) => typeof part === "string" && shape[i](part));
  if (!valid) throw invalidCursor();
  return value as { -readonly [K in keyof Shape]: string };
}
