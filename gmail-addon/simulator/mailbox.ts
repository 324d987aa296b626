// The simulated Gmail account: threads of messages with labels. Built from the real fixture emails
// (shared/fixtures/eml, parsed with postal-mime) and from generated threads (see mailbox-generator.ts).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import PostalMime, { decodeWords } from "postal-mime";

export interface SimMessage {
  id: string;
  threadId: string;
  /** Address headers as GmailMessage returns them: the header text, decoded, quoting kept. */
  from: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  date: number;
  /** Header lines in order, names as written. */
  headers: [string, string][];
  text: string;
  html: string;
  isDraft: boolean;
  attachments: { name: string; contentType: string; size: number }[];
  /** The RFC 822 source, for getRawContent (fixtures keep their file; generated mail has none). */
  raw?: string;
  /** The generator's ground truth (or a fixture's file name), never shown to the script. */
  meta?: Record<string, unknown>;
}

export interface SimThread {
  id: string;
  messageIds: string[];
  labels: Set<string>;
}

export class Mailbox {
  readonly messages = new Map<string, SimMessage>();
  readonly threads = new Map<string, SimThread>();
  readonly labels = new Set<string>();
  private nextId = 0x18c0_0000_0000;

  newId(): string {
    return (this.nextId++).toString(16);
  }

  addThread(messages: Omit<SimMessage, "id" | "threadId">[], labels: string[] = []): SimThread {
    const thread: SimThread = { id: this.newId(), messageIds: [], labels: new Set(labels) };
    for (const label of labels) this.labels.add(label);
    const sorted = [...messages].sort((a, b) => a.date - b.date);
    for (const m of sorted) {
      const id = thread.messageIds.length === 0 ? thread.id : this.newId();
      this.messages.set(id, { ...m, id, threadId: thread.id });
      thread.messageIds.push(id);
    }
    this.threads.set(thread.id, thread);
    return thread;
  }

  /** A new message at the end of a thread (a reply arriving); returns its id. */
  reply(threadId: string, message: Omit<SimMessage, "id" | "threadId">): string {
    const thread = this.threads.get(threadId);
    if (!thread) throw new Error(`no thread ${threadId}`);
    const id = this.newId();
    this.messages.set(id, { ...message, id, threadId });
    thread.messageIds.push(id);
    return id;
  }

  /** Takes a label off a thread, as the user might while a sync runs. */
  unlabel(threadId: string, label: string): void {
    this.threads.get(threadId)?.labels.delete(label);
  }

  lastDate(thread: SimThread): number {
    return Math.max(...thread.messageIds.map((id) => this.messages.get(id)!.date));
  }

  /** Threads with a label, newest activity first (how Gmail lists them). */
  threadsWithLabel(label: string): SimThread[] {
    return [...this.threads.values()]
      .filter((t) => t.labels.has(label))
      .sort((a, b) => this.lastDate(b) - this.lastDate(a) || (a.id < b.id ? 1 : -1));
  }

  header(message: SimMessage, name: string): string {
    const lower = name.toLowerCase();
    return message.headers.find(([k]) => k.toLowerCase() === lower)?.[1] ?? "";
  }
}

/**
 * An address header as GmailMessage.getFrom/getTo/getCc return it: the header's own text, unfolded, with RFC 2047
 * encoded words decoded and everything else — quotes, groups, odd separators — kept as written. Several headers of
 * one name are joined with ", ".
 */
function addressHeader(headers: { key: string; value: string }[], name: string): string {
  return headers
    .filter((h) => h.key === name)
    .map((h) => decodeWords(h.value).trim())
    .filter(Boolean)
    .join(", ");
}

/** Every .eml under the fixture folder, parsed with postal-mime, one thread each (Gmail threads by subject too,
 * but the fixtures are unrelated messages). */
export async function addFixtureEmails(mailbox: Mailbox, dir: string, label = "Fixtures"): Promise<number> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".eml")) files.push(path);
    }
  };
  walk(resolve(dir));
  files.sort();
  let base = Date.UTC(2024, 0, 1);
  for (const file of files) {
    const raw = readFileSync(file);
    const parsed = await PostalMime.parse(raw);
    const date = parsed.date ? Date.parse(parsed.date) : NaN;
    base += 3_600_000;
    mailbox.addThread(
      [
        {
          from: addressHeader(parsed.headers, "from"),
          to: addressHeader(parsed.headers, "to"),
          cc: addressHeader(parsed.headers, "cc"),
          bcc: addressHeader(parsed.headers, "bcc"),
          subject: parsed.subject ?? "",
          date: Number.isFinite(date) ? date : base,
          headers: parsed.headers.map((h) => [h.originalKey ?? h.key, h.value] as [string, string]),
          text: parsed.text ?? "",
          html: parsed.html ?? "",
          isDraft: false,
          attachments: parsed.attachments.map((a) => ({
            name: a.filename ?? "attachment",
            contentType: a.mimeType,
            size: typeof a.content === "string" ? a.content.length : a.content.byteLength,
          })),
          raw: raw.toString("latin1"),
          meta: { fixture: file },
        },
      ],
      [label],
    );
  }
  return files.length;
}
