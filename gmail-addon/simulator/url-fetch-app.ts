// UrlFetchApp performing REAL synchronous HTTP (worker thread + Atomics.wait), with Apps Script's behaviour:
// muteHttpExceptions, HTTPResponse accessors, "Address unavailable"/"DNS error" when a server is unreachable,
// the urlFetchWhitelist, the 2 KB URL limit, and a daily quota that can be exhausted.
import { performance } from "node:perf_hooks";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { exception } from "./apps-script-error";
import type { DailyQuotas } from "./daily-quotas";
import { requireScope, SCOPES } from "./scopes";
import type { ServiceMeter } from "./service-meter";
import type { VirtualClock } from "./virtual-clock";

export const URL_MAX_LENGTH = 2 * 1024;
export const MAX_HEADERS = 100;
export const FETCH_TIMEOUT_MS = 60_000;

type Reply =
  | { ok: true; status: number; headers: Record<string, string>; body: string; ms: number }
  | { ok: false; code: string; ms: number };

/** One worker per simulator; requests are strictly sequential, as a script's are. */
export class SyncHttp {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL("./sync-http-worker.mjs", import.meta.url), {
      workerData: { port: port2, signal: this.flag.buffer },
      transferList: [port2],
    });
    this.worker.unref();
  }

  request(req: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    followRedirects: boolean;
  }): Reply {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ ...req, timeoutMs: FETCH_TIMEOUT_MS });
    const waited = Atomics.wait(this.flag, 0, 0, FETCH_TIMEOUT_MS + 5_000);
    const message = receiveMessageOnPort(this.port);
    if (waited === "timed-out" || !message) return { ok: false, code: "TimeoutError", ms: FETCH_TIMEOUT_MS };
    return message.message as Reply;
  }

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}

export interface Network {
  /** Public URL prefix → where it really is (e.g. https://touchbase.example.com/ → http://127.0.0.1:4123/). */
  routes: Map<string, string>;
  /** Prefixes that are currently unreachable (the server is "down"). */
  down: Set<string>;
}

export interface SentRequest {
  method: string;
  url: string;
  body?: string;
}

function httpResponse(status: number, headers: Record<string, string>, body: string) {
  return {
    getResponseCode: () => status,
    getContentText: () => body,
    getHeaders: () => ({ ...headers }),
    getAllHeaders: () => ({ ...headers }),
    getContent: () => [...Buffer.from(body, "utf8")].map((b) => (b > 127 ? b - 256 : b)),
  };
}

export function createUrlFetchApp(deps: {
  http: SyncHttp;
  meter: ServiceMeter;
  clock: VirtualClock;
  scopes: ReadonlySet<string>;
  whitelist: string[];
  network: Network;
  quotas: DailyQuotas;
  /** Every request that left the script: what a privacy test inspects. */
  log: SentRequest[];
}) {
  const { http, meter, clock, scopes, whitelist, network, quotas, log } = deps;
  return {
    fetch(url: string, params: Record<string, unknown> = {}) {
      meter.count("UrlFetchApp.fetch");
      clock.check();
      requireScope(scopes, "UrlFetchApp.fetch", SCOPES.externalRequest);
      if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw exception(`Invalid argument: ${url}`);
      if (url.length > URL_MAX_LENGTH) throw exception("Limit Exceeded: URLFetch URL Length.");
      if (!whitelist.some((prefix) => url.startsWith(prefix))) {
        throw exception(
          `Script is not allowed to fetch ${url}: it is not in the manifest's urlFetchWhitelist.`,
        );
      }
      quotas.take("urlfetch");
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((params.headers as Record<string, unknown>) ?? {})) {
        if (k.toLowerCase() === "content-type")
          throw exception("Invalid argument: headers (use the contentType option)");
        headers[k] = String(v);
      }
      if (Object.keys(headers).length > MAX_HEADERS) throw exception("Limit Exceeded: URLFetch headers.");
      const method = String(params.method ?? "get").toLowerCase();
      if (!["get", "delete", "patch", "post", "put"].includes(method))
        throw exception(`Invalid argument: method ${method}`);
      let body: string | undefined;
      if (params.payload !== undefined) {
        if (typeof params.payload !== "string")
          throw exception("The simulator accepts string payloads only.");
        body = params.payload;
        headers["content-type"] = String(params.contentType ?? "application/x-www-form-urlencoded");
      }
      log.push({ method: method.toUpperCase(), url, ...(body !== undefined ? { body } : {}) });
      const prefix = [...network.routes.keys()].find((p) => url.startsWith(p));
      const target = prefix === undefined ? undefined : network.routes.get(prefix);
      if (prefix === undefined || target === undefined) throw exception(`DNS error: ${url}`);
      if (network.down.has(prefix)) throw exception(`Address unavailable: ${url}`);
      // The script is blocked for the whole round trip, so that is the network time it sees.
      const sent = performance.now();
      const reply = http.request({
        url: target + url.slice(prefix.length),
        method: method.toUpperCase(),
        headers,
        body,
        followRedirects: params.followRedirects !== false,
      });
      meter.networkMs += performance.now() - sent;
      clock.check();
      if (!reply.ok) {
        if (/TimeoutError|AbortError/.test(reply.code)) throw exception(`Timeout: ${url}`);
        if (reply.code === "ENOTFOUND") throw exception(`DNS error: ${url}`);
        throw exception(`Address unavailable: ${url}`);
      }
      if (reply.status >= 400 && params.muteHttpExceptions !== true) {
        throw exception(
          `Request failed for ${url} returned code ${reply.status}. Truncated server response: ${reply.body.slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
        );
      }
      return httpResponse(reply.status, reply.headers, reply.body);
    },
  };
}
