import type { z } from "zod";
import {
  ApiError,
  createAsyncApi,
  CSRF_HEADER,
  ErrorBodySchema,
  SessionSchema,
  sentenceForStatus,
  unreachableError,
  type AsyncApi,
  type Session,
} from "./contract";

// The browser's way to the API: same-origin fetch with the session cookie, the CSRF token on every request that
// changes something, and the shared client (shared/api) for the endpoints the add-ins use too. Answers are parsed
// with the shared zod schemas; failures become ApiError with a sentence.

let csrfToken = "";

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Where a signed-out visitor goes: the sign-in page, coming back to where they were. */
export function signInUrl(): string {
  return `/auth/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`;
}

/** GETs started before the page's code has loaded (see `prefetch`), taken once, within a few seconds. */
const early = new Map<string, { at: number; response: Promise<Response> }>();

/** Starts a GET the first screen will ask for, beside the session and the page's script. */
export function prefetch(path: string, query?: Query): void {
  const url = withQuery(path, query);
  const response = fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
  response.catch(() => undefined);
  early.set(url, { at: Date.now(), response });
}

async function send(method: string, url: string, headers: Record<string, string>, body?: string) {
  const started = method === "GET" ? early.get(url) : undefined;
  early.delete(url);
  try {
    if (started && Date.now() - started.at < 10_000) return await started.response;
    return await fetch(url, {
      method,
      credentials: "same-origin",
      headers: method === "GET" ? headers : { ...headers, [CSRF_HEADER]: csrfToken },
      body,
    });
  } catch {
    throw unreachableError();
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      return new ApiError(code, message || sentenceForStatus(response.status), response.status, details);
    }
  } catch {
    // not JSON
  }
  return new ApiError(`http_${response.status}`, sentenceForStatus(response.status), response.status);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ""}`;
}

/** One JSON call: parsed with `schema`, or an ApiError. */
export async function call<T extends z.ZodType>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  schema: T | null,
  options: { query?: Query; json?: unknown; text?: string; contentType?: string } = {},
): Promise<z.infer<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers["content-type"] = options.contentType ?? "text/plain";
    body = options.text;
  }
  const response = await send(method, withQuery(path, options.query), headers, body);
  if (!response.ok) throw await errorFrom(response);
  if (!schema || response.status === 204) return undefined as z.infer<T>;
  const value = schema.safeParse(await response.json().catch(() => undefined));
  if (!value.success) {
    throw new ApiError(
      "bad_response",
      "The Touchbase server sent an answer this version does not understand.",
      response.status,
    );
  }
  return value.data as z.infer<T>;
}

/** A text answer (CSV export). */
export async function callText(path: string, query?: Query): Promise<string> {
  const response = await send("GET", withQuery(path, query), { accept: "text/csv" });
  if (!response.ok) throw await errorFrom(response);
  return response.text();
}

/** The shared client over the session cookie: the same endpoints and parsing as the add-ins. */
export const api: AsyncApi = createAsyncApi({ baseUrl: "", token: "" }, async (request) => {
  const response = await send(request.method, request.url, request.headers, request.body);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: await response.text() };
});

/** Whether a route exists on this server (features other work lands: tokens, users). */
export async function routeExists(path: string): Promise<boolean> {
  const response = await send("GET", withQuery(path), { accept: "application/json" });
  return response.status !== 404;
}

export async function loadSession(): Promise<Session> {
  const session = await call("GET", "/session", SessionSchema);
  setCsrfToken(session.csrfToken);
  return session;
}
