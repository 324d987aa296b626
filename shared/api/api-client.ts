import { ApiError, sentenceForStatus, unreachableError } from "./api-error";
import {
  endpoints,
  type Endpoint,
  type EndpointName,
  type InputOf,
  type OutputOf,
  type Query,
} from "./endpoints";
import { ErrorBodySchema } from "./schemas";
import type { AsyncTransport, HttpRequest, HttpResponse, SyncTransport } from "./http-types";

export interface ApiConfig {
  /** The server's URL, e.g. `https://touchbase.example.com`; the API lives under `/api/v1`. */
  baseUrl: string;
  token: string;
}

export const API_PREFIX = "/api/v1";

function queryString(query: Query | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.trim().replace(/\/+$/, "")}${API_PREFIX}${path}`;
}

/** Builds the HTTP request for an endpoint; pure, so every shell sends exactly the same thing. */
export function buildRequest<K extends EndpointName>(
  config: ApiConfig,
  name: K,
  input: InputOf<K>,
): HttpRequest {
  const ep = endpoints[name] as unknown as Endpoint<InputOf<K>, OutputOf<K>>;
  const headers: Record<string, string> = { accept: "application/json", ...(ep.headers?.(input) ?? {}) };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  const body = ep.body?.(input);
  if (body) headers["content-type"] = body.contentType;
  return {
    method: ep.method,
    url: apiUrl(config.baseUrl, ep.path(input)) + queryString(ep.query?.(input)),
    headers,
    body: body?.text,
  };
}

/** Turns a response into the endpoint's output, or throws an ApiError with a sentence a user can read. */
export function parseResponse<K extends EndpointName>(name: K, response: HttpResponse): OutputOf<K> {
  const ep = endpoints[name] as unknown as Endpoint<InputOf<K>, OutputOf<K>>;
  const ok = (response.status >= 200 && response.status < 300) || (ep.accept ?? []).includes(response.status);
  if (!ok) throw errorFromResponse(response);
  try {
    return ep.parse(response);
  } catch {
    throw new ApiError(
      "bad_response",
      "The Touchbase server sent an answer this version does not understand.",
      response.status,
    );
  }
}

function errorFromResponse(response: HttpResponse): ApiError {
  let parsed: ReturnType<typeof ErrorBodySchema.safeParse> | null;
  try {
    parsed = ErrorBodySchema.safeParse(JSON.parse(response.body));
  } catch {
    parsed = null;
  }
  if (parsed?.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(code, message || sentenceForStatus(response.status), response.status, details);
  }
  return new ApiError(`http_${response.status}`, sentenceForStatus(response.status), response.status);
}

export type SyncApi = { [K in EndpointName]: (input: InputOf<K>) => OutputOf<K> };
export type AsyncApi = { [K in EndpointName]: (input: InputOf<K>) => Promise<OutputOf<K>> };

/** The API over a synchronous transport (Apps Script's UrlFetchApp). */
export function createSyncApi(config: ApiConfig, send: SyncTransport): SyncApi {
  const api = {} as Record<EndpointName, (input: unknown) => unknown>;
  for (const name of Object.keys(endpoints) as EndpointName[]) {
    api[name] = (input) => {
      const request = buildRequest(config, name, input as never);
      let response: HttpResponse;
      try {
        response = send(request);
      } catch {
        throw unreachableError();
      }
      return parseResponse(name, response);
    };
  }
  return api as unknown as SyncApi;
}

/** The API over an asynchronous transport (fetch in the browser and in Node). */
export function createAsyncApi(config: ApiConfig, send: AsyncTransport): AsyncApi {
  const api = {} as Record<EndpointName, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(endpoints) as EndpointName[]) {
    api[name] = async (input) => {
      const request = buildRequest(config, name, input as never);
      let response: HttpResponse;
      try {
        response = await send(request);
      } catch {
        throw unreachableError();
      }
      return parseResponse(name, response);
    };
  }
  return api as unknown as AsyncApi;
}
