import type { AsyncTransport, HttpResponse } from "../../../shared";

/** The shared API client's transport over fetch; header names come back lower-case as the contract says. */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): AsyncTransport {
  return async (request) => {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const result: HttpResponse = { status: response.status, headers, body: await response.text() };
    return result;
  };
}
