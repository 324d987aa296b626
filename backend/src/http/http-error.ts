import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { DataError, type ErrorKind } from "../data/errors";
import { isDataException, sqlState } from "../db/sql-state";

/**
 * An error a client can act on: a status, a stable code and one sentence. Thrown by routes and HTTP middleware;
 * the layers below throw `DataError`s (`../data/errors.ts`), which `handleError` maps to a status.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The HTTP status of each kind of error the data layer throws. */
const STATUS_OF_KIND: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "too-large": 413,
  "too-many": 429,
  unavailable: 503,
};

/** The status and sentence of an error meant for the client (a route's or a data function's), else null. */
export function clientError(
  error: unknown,
): { status: ContentfulStatusCode; code: string; message: string } | null {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof DataError)
    return { status: STATUS_OF_KIND[error.kind], code: error.code, message: error.message };
  return null;
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Zod issues as `{ path, message }`, and a sentence naming the first one. */
export function validationError(error: ZodError, where = "request"): HttpError {
  const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const at = first?.path ? ` at "${first.path}"` : "";
  return new HttpError(
    400,
    "invalid_request",
    `The ${where} is not valid${at}: ${first?.message ?? "unexpected shape"}.`,
    issues,
  );
}

const PG_UNIQUE_VIOLATION = "23505";

/** Turns anything thrown in a handler into the JSON error shape; never a stack trace. */
export function handleError(err: unknown, c: Context): Response {
  const known = clientError(err);
  if (known) {
    const details = (err as HttpError | DataError).details;
    return c.json(errorBody(known.code, known.message, details), known.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) {
      return c.json(
        errorBody("payload_too_large", "The request body is larger than this server accepts."),
        413,
      );
    }
    // The JSON routes' validator refuses any other body type; the routes that take CSV or MIME say so themselves.
    if (status === 415) {
      return c.json(
        errorBody(
          "unsupported_media_type",
          "This request's body must be JSON: send it with the header Content-Type: application/json.",
        ),
        415,
      );
    }
    if (status === 400 && /json/i.test(err.message)) {
      return c.json(errorBody("malformed_json", "The request body is not valid JSON."), 400);
    }
    return c.json(errorBody(`http_${status}`, err.message || "The request was refused."), status);
  }
  if (sqlState(err) === PG_UNIQUE_VIOLATION) {
    return c.json(errorBody("conflict", "That conflicts with something that already exists."), 409);
  }
  // Class 22 is "data exception": a value the database could not take (a safety net behind validation).
  if (isDataException(err)) {
    return c.json(errorBody("invalid_value", "A value in the request is not valid."), 400);
  }
  console.error("touchbase: unexpected error", err);
  return c.json(errorBody("internal", "The Touchbase server had a problem. Try again in a moment."), 500);
}
