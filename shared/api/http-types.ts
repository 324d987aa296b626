/** A request the API client has built; a shell performs it with its own I/O (fetch, UrlFetchApp). */
export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the shell got back. Header names are lower-case. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Apps Script's UrlFetchApp is synchronous. */
export type SyncTransport = (request: HttpRequest) => HttpResponse;
/** Browsers and Node use fetch. */
export type AsyncTransport = (request: HttpRequest) => Promise<HttpResponse>;
