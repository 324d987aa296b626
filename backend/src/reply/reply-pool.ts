import { Worker } from "node:worker_threads";
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from "./reply-text";

// Reply extraction off the event loop. The parser's patterns run on native RegExp (its optional `re2` peer is not
// installed) and html-to-text parses whole documents, so a big or hostile body may take long: that time is spent
// in a worker thread, while the server goes on answering. A batch that takes longer than TIME_LIMIT_MS ends the
// worker (a new one starts on the next batch) and its bodies get `fallbackReply`: their first lines up to the
// first quote marker. Nothing waits for ever and no email is refused over its reply text.

const TIME_LIMIT_MS = 5_000;

export interface Body {
  text: string | null | undefined;
  html: string | null | undefined;
}

export interface Extracted {
  reply: string;
  /** The body holds more than the reply (quoted history, a forward, a signature). */
  quoted: boolean;
}

interface Pending {
  resolve: (replies: (Extracted | null)[]) => void;
  timer: NodeJS.Timeout;
}

/** A cheap, linear cut for a body the worker could not finish: lines up to the first quote marker. */
export function fallbackReply(body: Body): string {
  const source = body.text?.trim()
    ? body.text.slice(0, 4_000)
    : (body.html ?? "").slice(0, 20_000).replace(/<[^>]*>/g, " ");
  const lines: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*>/.test(line) || /^\s*-{2,}/.test(line) || /^\s*(From|De|Von)\s?:/i.test(line)) break;
    lines.push(line);
  }
  return lines.join("\n").trim();
}

/** What crosses to the worker: only the parts it reads (a 5 MB HTML body is not copied whole). */
function bounded(body: Body): { text: string | null; html: string | null } {
  return {
    text: body.text ? body.text.slice(0, MAX_TEXT_CHARS) : null,
    html: body.html ? body.html.slice(0, MAX_HTML_CHARS) : null,
  };
}

export class ReplyPool {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./reply-worker-entry.mjs", import.meta.url));
    worker.unref();
    worker.on("message", (m: { id: number; replies: (Extracted | null)[] }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m.replies);
    });
    const fail = () => this.reset(worker);
    worker.on("error", fail);
    worker.on("exit", fail);
    this.worker = worker;
    return worker;
  }

  /** Every pending job of a lost worker resolves with no replies (fallbacks are used). */
  private reset(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.resolve([]);
    }
    void worker.terminate();
  }

  /** Reply texts of `bodies`, in order. Never rejects. */
  async replies(bodies: readonly Body[]): Promise<string[]> {
    return (await this.extract(bodies)).map((e) => e.reply);
  }

  /** Reply texts of `bodies` and whether each holds more, in order. Never rejects. */
  async extract(bodies: readonly Body[]): Promise<Extracted[]> {
    if (bodies.length === 0) return [];
    const fallback = (b: Body): Extracted => ({ reply: fallbackReply(b), quoted: true });
    let worker: Worker;
    try {
      worker = this.start();
    } catch {
      return bodies.map(fallback);
    }
    const id = this.nextId++;
    const answers = await new Promise<(Extracted | null)[]>((resolve) => {
      const timer = setTimeout(() => this.reset(worker), TIME_LIMIT_MS);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ id, bodies: bodies.map(bounded) });
    });
    return bodies.map((b, i) => answers[i] ?? fallback(b));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker) this.reset(worker);
  }
}

/** One pool per process: extraction is stateless, and one worker is a fair share of a small server's cores. */
export const replyPool = new ReplyPool();
