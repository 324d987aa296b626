// Worker thread behind the simulator's UrlFetchApp: performs one real HTTP request at a time with Node's fetch,
// posts the answer on the shared port and wakes the script thread, which waits on Atomics.wait (Apps Script's
// UrlFetchApp is synchronous; this is how the simulator makes a real request synchronous too).
/* global fetch, AbortSignal -- Node 20 globals; the repository's lint config declares no environment for .mjs */
import { performance } from "node:perf_hooks";
import { workerData } from "node:worker_threads";

const { port, signal } = workerData;
const flag = new Int32Array(signal);

function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

port.on("message", async (request) => {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: request.followRedirects ? "follow" : "manual",
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const body = await response.text();
    const headers = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    reply({ ok: true, status: response.status, headers, body, ms: performance.now() - started });
  } catch (error) {
    const code = error?.cause?.code ?? error?.code ?? error?.name ?? "ERROR";
    reply({ ok: false, code: String(code), ms: performance.now() - started });
  }
});
