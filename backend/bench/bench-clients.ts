import { Worker } from "node:worker_threads";

// The benchmark's clients run in worker threads, as a real client is its own process: the server's thread only
// serves, and neither the client's work nor its garbage collection lands in the server's latencies.

/** Runs `code` (CommonJS, given `workerData`) in a worker thread; resolves with the first message it posts. */
export function inWorker<T>(code: string, workerData: unknown): Promise<T> {
  return new Promise((resolveRun, reject) => {
    const worker = new Worker(code, { eval: true, workerData });
    worker.once("message", (value: T) => {
      resolveRun(value);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/** Sends the emails in batches of 100, one request at a time; returns the seconds taken. */
export function runIngestClient(base: string, token: string, emails: unknown[]): Promise<number> {
  return inWorker<number>(
    `
    const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { base, token, emails } = workerData;
      const bodies = [];
      for (let b = 0; b < emails.length; b += 100) bodies.push(JSON.stringify({ emails: emails.slice(b, b + 100) }));
      const start = performance.now();
      for (const body of bodies) {
        const res = await fetch(base + "/emails/batch", {
          method: "POST",
          headers: { authorization: "Bearer " + token, "content-type": "application/json" },
          body,
        });
        if (res.status !== 200) throw new Error("ingest failed: " + res.status + " " + (await res.text()));
        await res.arrayBuffer();
      }
      parentPort.postMessage((performance.now() - start) / 1000);
    })().catch((e) => { throw e; });`,
    { base, token, emails },
  );
}

export interface TimedRequest {
  path: string;
  headers?: Record<string, string>;
  status: number;
  /** Append the `nextCursor` of the previous answer (a "next page" request). */
  nextPage?: boolean;
  /** What the answer must hold: a non-empty page, or an empty diff. */
  check?: "page" | "empty-diff";
}

/**
 * Sends the requests one at a time, after `warmup` untimed ones (the first requests of the list, repeated); returns
 * each request's milliseconds, from sending it to having read the whole answer.
 */
export function timeRequests(
  base: string,
  token: string,
  requests: TimedRequest[],
  warmup = 20,
): Promise<number[]> {
  return inWorker<number[]>(
    `
    const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { base, token, requests, warmup } = workerData;
      const all = [...requests.slice(0, warmup), ...requests];
      let cursor = null;
      const times = [];
      for (let i = 0; i < all.length; i++) {
        const r = all[i];
        const path = r.nextPage && cursor ? r.path + (r.path.includes("?") ? "&" : "?") + "cursor=" + cursor : r.path;
        const start = performance.now();
        const res = await fetch(base + path, { headers: { authorization: "Bearer " + token, ...(r.headers || {}) } });
        const text = await res.text();
        const ms = performance.now() - start;
        if (res.status !== r.status) throw new Error(path + ": expected " + r.status + ", got " + res.status + " " + text);
        if (r.check === "page") {
          const page = JSON.parse(text);
          if (page.emails.length === 0) throw new Error(path + ": empty page");
          cursor = page.nextCursor;
        } else if (r.check === "empty-diff") {
          const diff = JSON.parse(text);
          if (diff.full || diff.customers.upserted.length) throw new Error(path + ": expected an empty diff");
        }
        if (i >= warmup) times.push(ms);
      }
      parentPort.postMessage(times);
    })().catch((e) => { throw e; });`,
    { base, token, requests, warmup },
  );
}
