// One MIME worker thread (see mime-pool.ts): reads a raw message off the event loop — pre-scan, postal-mime and,
// for BCC inbound, DKIM verification with mailauth. DNS questions go back to the main thread, which owns the
// resolver (the system's, or a local table in tests).
import { Buffer } from "node:buffer";
import { parentPort } from "node:worker_threads";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { MimeRefusal, prescan, summarize } from "./mime-summary.mjs";

const dnsWaiting = new Map();
let dnsSeq = 0;

/** mailauth's resolver signature, answered by the main thread. */
function resolver(name, rrtype) {
  return new Promise((resolve, reject) => {
    const id = ++dnsSeq;
    dnsWaiting.set(id, { resolve, reject });
    parentPort.postMessage({ type: "dns", id, name, rrtype });
  });
}

async function read(job) {
  const raw = new Uint8Array(job.raw);
  prescan(raw, job.limits);
  const summary = await summarize(raw, job.limits);
  let dkim = [];
  if (job.verifyDkim) {
    const result = await dkimVerify(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      resolver,
      ...(job.now ? { curTime: new Date(job.now) } : {}),
    });
    dkim = result.results.map((r) => ({ domain: r.signingDomain ?? "", result: r.status?.result ?? "none" }));
  }
  return { summary, dkim };
}

parentPort.on("message", async (message) => {
  if (message.type === "dns-answer") {
    const waiting = dnsWaiting.get(message.id);
    dnsWaiting.delete(message.id);
    if (!waiting) return;
    if (message.error)
      waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    else waiting.resolve(message.answer);
    return;
  }
  if (message.type !== "read") return;
  try {
    parentPort.postMessage({ type: "done", id: message.id, ...(await read(message)) });
  } catch (error) {
    const refusal =
      error instanceof MimeRefusal
        ? { code: error.code, message: error.message }
        : { code: "unparseable_message", message: "The message could not be read as an RFC 822 email." };
    parentPort.postMessage({ type: "refused", id: message.id, ...refusal });
  }
});
