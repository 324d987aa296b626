// The core's SyncTransport over Apps Script's UrlFetchApp. HTTP errors come back as responses
// (muteHttpExceptions), so only "could not talk to the server at all" and quota failures throw.
import type { HttpRequest, HttpResponse, SyncTransport } from "../../../shared";
import { appsScriptLimit_ } from "./apps-script-limits";

export type TransportFailure = "none" | "unreachable" | "quota";

export interface UrlFetchTransport {
  send: SyncTransport;
  /** Why the last request threw, so callers can tell a spent daily quota from a server that is down. */
  lastFailure(): TransportFailure;
  /** Requests sent through this transport (for the one-request-per-card budget). */
  count(): number;
}

export function urlFetchTransport_(): UrlFetchTransport {
  let failure: TransportFailure = "none";
  let sent = 0;
  const send = (request: HttpRequest): HttpResponse => {
    failure = "none";
    const headers: Record<string, string> = {};
    let contentType: string | undefined;
    for (const name of Object.keys(request.headers)) {
      // UrlFetchApp takes the content type as its own option and rejects it among the headers.
      if (name.toLowerCase() === "content-type") contentType = request.headers[name];
      else headers[name] = request.headers[name];
    }
    const params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
      method: request.method.toLowerCase() as GoogleAppsScript.URL_Fetch.HttpMethod,
      headers,
      muteHttpExceptions: true,
      followRedirects: false,
    };
    if (request.body !== undefined) {
      params.payload = request.body;
      params.contentType = contentType ?? "application/json";
    }
    sent++;
    let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
    try {
      response = UrlFetchApp.fetch(request.url, params);
    } catch (error) {
      failure = appsScriptLimit_(error) === null ? "unreachable" : "quota";
      throw error;
    }
    const lowered: Record<string, string> = {};
    const raw = response.getHeaders() as Record<string, string | string[]>;
    for (const name of Object.keys(raw)) {
      const value = raw[name];
      lowered[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    }
    return { status: response.getResponseCode(), headers: lowered, body: response.getContentText() };
  };
  return { send, lastFailure: () => failure, count: () => sent };
}
