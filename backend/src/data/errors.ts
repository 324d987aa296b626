/**
 * What data, identity and inbound functions throw when a caller asked for something they cannot have: a kind,
 * a stable code and one sentence. They know nothing of HTTP; the routes' error handler maps each kind to a
 * status (`backend/src/http/http-error.ts`) and the CLI prints the sentence.
 */
export const ERROR_KINDS = [
  "invalid",
  "unauthenticated",
  "forbidden",
  "not-found",
  "conflict",
  "too-large",
  "too-many",
  "unavailable",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class DataError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "DataError";
  }
}

const kindOf =
  (kind: ErrorKind) =>
  (code: string, message: string, details?: unknown): DataError =>
    new DataError(kind, code, message, details);

/** The input cannot be used (a bad value, a missing field, a refused file). */
export const invalid = kindOf("invalid");
/** No usable credential. */
export const unauthenticated = kindOf("unauthenticated");
/** The caller may not do this. */
export const forbiddenTo = kindOf("forbidden");
/** No such thing, or not in the caller's workspace. */
export const missing = kindOf("not-found");
/** It clashes with something that exists (a duplicate, a stale version). */
export const conflict = kindOf("conflict");
export const tooLarge = kindOf("too-large");
export const tooMany = kindOf("too-many");
/** A part the request needs is not set up or not reachable. */
export const unavailable = kindOf("unavailable");

export const notFound = (what = "That item") =>
  missing("not_found", `${what} does not exist in this workspace.`);
export const forbidden = (message = "Only a workspace admin can do this.") =>
  forbiddenTo("forbidden", message);
