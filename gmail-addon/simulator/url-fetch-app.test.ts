// UrlFetchApp over real HTTP to a local server: synchronous answers, Apps Script's failure sentences.
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAILY_LIMITS, DailyQuotas } from "./daily-quotas";
import { SCOPES } from "./scopes";
import { ServiceMeter } from "./service-meter";
import { createUrlFetchApp, SyncHttp, type Network } from "./url-fetch-app";
import { VirtualClock } from "./virtual-clock";

const PUBLIC = "https://api.example.test/";
let server: Worker;
let base = "";
let http: SyncHttp;

// The echo server runs on its own thread: the script thread blocks while UrlFetchApp waits, as in Apps Script.
const ECHO_SERVER = `
const { createServer } = require("node:http");
const { parentPort } = require("node:worker_threads");
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    res.writeHead(req.url.includes("missing") ? 404 : 200, { "content-type": "application/json", "X-Echo": req.method });
    res.end(JSON.stringify({ method: req.method, url: req.url, body, type: req.headers["content-type"] ?? null }));
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

beforeAll(async () => {
  server = new Worker(ECHO_SERVER, { eval: true });
  const port = await new Promise<number>((r) => server.once("message", r));
  base = `http://127.0.0.1:${port}/`;
  http = new SyncHttp();
});

afterAll(async () => {
  await http.close();
  await server.terminate();
});

function app(options: { scopes?: string[]; quota?: number; down?: boolean } = {}) {
  const network: Network = { routes: new Map([[PUBLIC, base]]), down: new Set(options.down ? [PUBLIC] : []) };
  return createUrlFetchApp({
    http,
    meter: new ServiceMeter(),
    clock: new VirtualClock(),
    scopes: new Set(options.scopes ?? [SCOPES.externalRequest]),
    whitelist: [PUBLIC],
    network,
    quotas: new DailyQuotas({ ...DAILY_LIMITS.consumer, urlfetch: options.quota ?? 100 }),
    log: [],
  });
}

describe("UrlFetchApp fake", () => {
  it("performs real requests synchronously", () => {
    const response = app().fetch(`${PUBLIC}echo?x=1`, {
      method: "post",
      payload: '{"a":1}',
      contentType: "application/json",
    });
    expect(response.getResponseCode()).toBe(200);
    expect(JSON.parse(response.getContentText())).toEqual({
      method: "POST",
      url: "/echo?x=1",
      body: '{"a":1}',
      type: "application/json",
    });
    expect(response.getHeaders()["x-echo"]).toBe("POST");
  });

  it("throws on HTTP errors unless muteHttpExceptions is set", () => {
    expect(() => app().fetch(`${PUBLIC}missing`)).toThrow(/returned code 404.*muteHttpExceptions/);
    expect(app().fetch(`${PUBLIC}missing`, { muteHttpExceptions: true }).getResponseCode()).toBe(404);
  });

  it("says Address unavailable when the server is down, and DNS error for unknown hosts", () => {
    expect(() => app({ down: true }).fetch(`${PUBLIC}x`)).toThrow(
      /^Address unavailable: https:\/\/api\.example\.test\/x$/,
    );
    const unroutable = createUrlFetchApp({
      http,
      meter: new ServiceMeter(),
      clock: new VirtualClock(),
      scopes: new Set([SCOPES.externalRequest]),
      whitelist: ["https://nowhere.test/"],
      network: { routes: new Map(), down: new Set() },
      quotas: new DailyQuotas(DAILY_LIMITS.consumer),
      log: [],
    });
    expect(() => unroutable.fetch("https://nowhere.test/x")).toThrow(/^DNS error/);
  });

  it("enforces the whitelist, the scope, the 2 KB URL limit and the daily quota", () => {
    expect(() => app().fetch("https://other.test/")).toThrow(/urlFetchWhitelist/);
    expect(() => app({ scopes: [] }).fetch(`${PUBLIC}x`)).toThrow(
      /Required permissions: .*script\.external_request/,
    );
    expect(() => app().fetch(`${PUBLIC}${"a".repeat(2048)}`)).toThrow(/URL Length/);
    const limited = app({ quota: 1 });
    limited.fetch(`${PUBLIC}x`);
    expect(() => limited.fetch(`${PUBLIC}x`)).toThrow(/Service invoked too many times for one day: urlfetch/);
  });

  it("refuses a content type among the headers, as Apps Script does", () => {
    expect(() => app().fetch(`${PUBLIC}x`, { headers: { "Content-Type": "text/plain" } })).toThrow(
      /contentType/,
    );
  });
});
