import { promises as dns } from "node:dns";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { DEFAULT_MIME_LIMITS } from "./mime-to-email";
import { MimeRefusal, type MimeLimits, type MimeSummary } from "./mime-summary.mjs";

// Raw mail is read in worker threads, never on the event loop: a message built to be expensive (a million parts,
// nesting thousands deep) costs a worker, not every other request. A job that outlives its time budget has its
// worker terminated (the only way to stop a busy thread) and the message is refused with a sentence.
// A small pool of our own rather than piscina: one kind of job, a hard time limit per job with termination, and
// a DNS bridge back to the main thread, in ~150 lines with no dependency to install.

/** mailauth's resolver: `dns.promises.resolve` or a local table (tests). */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

export interface MimeReadLimits extends MimeLimits {
  /** Longest a worker may spend on one message before it is terminated and the message refused. */
  timeoutMs: number;
}

export interface DkimOutcome {
  domain: string;
  result: string;
}

export interface MimeRead {
  summary: MimeSummary;
  /** One entry per DKIM-Signature, when asked for. */
  dkim: DkimOutcome[];
}

interface Job {
  raw: Uint8Array;
  verifyDkim: boolean;
  resolve(read: MimeRead): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL("./mime-worker.mjs", import.meta.url);

export class MimePool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(
    readonly limits: MimeReadLimits = DEFAULT_MIME_LIMITS,
    private readonly resolver: DnsResolver = (name, rrtype) => dns.resolve(name, rrtype),
    readonly size = Math.max(1, Math.min(4, availableParallelism() - 1)),
    /** Jobs waiting beyond this are refused at once (the caller answers 429): memory stays bounded. */
    readonly maxQueue = 64,
  ) {}

  /** Reads one message (and checks its DKIM signatures when asked); rejects with a MimeRefusal. */
  /**
   * `transfer: true` hands the bytes' buffer to the worker without a copy (the caller must not use `raw` again).
   */
  read(raw: Uint8Array, options: { verifyDkim?: boolean; transfer?: boolean } = {}): Promise<MimeRead> {
    if (this.closed) return Promise.reject(new MimeRefusal("shutting_down", "The server is shutting down."));
    if (raw.byteLength > this.limits.maxBytes) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      return Promise.reject(
        new MimeRefusal(
          "message_too_large",
          `The message is ${mb(raw.byteLength)} MB; this server reads messages up to ${mb(this.limits.maxBytes)} MB.`,
        ),
      );
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new MimeRefusal(
          "busy",
          "Too many messages are being read right now; send this one again in a minute.",
        ),
      );
    }
    return new Promise<MimeRead>((resolve, reject) => {
      const own =
        options.transfer && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength
          ? raw
          : raw.slice();
      this.queue.push({ raw: own, verifyDkim: options.verifyDkim ?? false, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.reject(new MimeRefusal("shutting_down", "The server is shutting down."));
    }
    await Promise.all([...this.slots].map((s) => this.retire(s)));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.queue.shift() as Job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, job: null, timer: null };
    worker.unref(); // an idle pool never keeps the process (CLI, tests) alive
    worker.on("message", (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on("error", () => this.fail(slot, "The message could not be read as an RFC 822 email."));
    worker.on("exit", () => {
      if (this.slots.delete(slot)) this.fail(slot, "The message could not be read as an RFC 822 email.");
    });
    this.slots.add(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref(); // a busy worker keeps the process alive until its answer arrives
    slot.timer = setTimeout(() => {
      const seconds = Math.round(this.limits.timeoutMs / 100) / 10;
      this.finish(slot)?.reject(
        new MimeRefusal(
          "message_too_slow",
          `Reading the message took longer than ${seconds} s, so it was refused; real mail reads in milliseconds.`,
        ),
      );
      void this.retire(slot);
      this.pump();
    }, this.limits.timeoutMs);
    const bytes = job.raw; // the pool's own copy (or the caller's, handed over): moved to the worker, not copied
    const limits: MimeLimits = {
      maxBytes: this.limits.maxBytes,
      maxParts: this.limits.maxParts,
      maxDepth: this.limits.maxDepth,
      maxHeaders: this.limits.maxHeaders,
    };
    const buffer = bytes.buffer as ArrayBuffer;
    slot.worker.postMessage({ type: "read", raw: buffer, limits, verifyDkim: job.verifyDkim }, [buffer]);
  }

  /** Detaches the slot's job (if any) and returns it. */
  private finish(slot: Slot): Job | null {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    return job;
  }

  private fail(slot: Slot, sentence: string): void {
    this.finish(slot)?.reject(new MimeRefusal("unparseable_message", sentence));
    this.slots.delete(slot);
    void slot.worker.terminate();
    this.pump();
  }

  private async retire(slot: Slot): Promise<void> {
    this.slots.delete(slot);
    await slot.worker.terminate().catch(() => undefined);
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === "dns") {
      this.resolver(message.name, message.rrtype).then(
        (answer) => slot.worker.postMessage({ type: "dns-answer", id: message.id, answer }),
        (error: { code?: unknown; message?: unknown }) =>
          slot.worker.postMessage({
            type: "dns-answer",
            id: message.id,
            error: {
              code: String(error?.code ?? "ENOTFOUND"),
              message: String(error?.message ?? "DNS failed"),
            },
          }),
      );
      return;
    }
    const job = this.finish(slot);
    if (job) {
      if (message.type === "done") job.resolve({ summary: message.summary, dkim: message.dkim });
      else job.reject(new MimeRefusal(message.code, message.message));
    }
    this.pump();
  }
}

type WorkerMessage =
  | { type: "dns"; id: number; name: string; rrtype: string }
  | { type: "done"; summary: MimeSummary; dkim: DkimOutcome[] }
  | { type: "refused"; code: string; message: string };

let shared: MimePool | null = null;

/** The process's pool with the default limits, made on first use. */
export function sharedMimePool(): MimePool {
  shared ??= new MimePool();
  return shared;
}
