// The 50 public fixture emails (shared/fixtures/eml) parsed with postal-mime into simulator messages, so the
// mailbox holds real-world MIME: encoded words, odd dates, multipart bodies, delivery reports.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import PostalMime from "postal-mime";
import { messageHeaders } from "./generate-mailbox";
import { newId, type Mailbox, type SimAddress, type SimMessage } from "./mailbox";

const MANIFEST = "shared/fixtures/eml/MANIFEST.json";

/**
 * Finds `shared/fixtures/eml` from env TOUCHBASE_FIXTURES_DIR, the working directory or the running script's
 * folder (the bundled sidecar runs from dist/outlook-addin), walking up to the repository root.
 */
export function findFixturesDir(): string | null {
  const explicit = process.env.TOUCHBASE_FIXTURES_DIR;
  if (explicit && existsSync(join(explicit, "MANIFEST.json"))) return explicit;
  for (const start of [process.cwd(), process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      if (existsSync(join(dir, MANIFEST))) return dirname(join(dir, MANIFEST));
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

function toAddress(a: { name?: string; address?: string } | undefined): SimAddress | null {
  return a?.address ? { name: a.name ?? "", address: a.address } : null;
}

function flatten(
  list: { name?: string; address?: string; group?: { name?: string; address?: string }[] }[] | undefined,
): SimAddress[] {
  const out: SimAddress[] = [];
  for (const entry of list ?? []) {
    if (entry.group) out.push(...entry.group.map(toAddress).filter((a): a is SimAddress => a !== null));
    else {
      const a = toAddress(entry);
      if (a) out.push(a);
    }
  }
  return out;
}

/** Adds every fixture email to `folderId`, received over the last `daysBack` days; returns what was added. */
export async function addFixtureMessages(
  mailbox: Mailbox,
  options: { dir: string; folderId: string; daysBack?: number; now?: Date },
): Promise<SimMessage[]> {
  const manifest = JSON.parse(readFileSync(join(options.dir, "MANIFEST.json"), "utf8")) as {
    files: { file: string }[];
  };
  const now = (options.now ?? new Date()).getTime();
  const span = (options.daysBack ?? 60) * 86_400_000;
  const added: SimMessage[] = [];
  let i = 0;
  for (const { file } of manifest.files) {
    const raw = readFileSync(join(options.dir, file));
    const parsed = await PostalMime.parse(raw);
    const from = toAddress(parsed.from) ?? { name: "", address: "unknown@invalid.example" };
    const received = new Date(now - Math.floor(((i++ + 0.5) / manifest.files.length) * span));
    const sentParsed = parsed.date ? new Date(parsed.date) : received;
    const base = {
      folderId: options.folderId,
      internetMessageId: parsed.messageId || `<fixture-${i}@touchbase.invalid>`,
      subject: parsed.subject ?? "",
      from,
      to: flatten(parsed.to),
      cc: flatten(parsed.cc),
      receivedDateTime: received.toISOString(),
      sentDateTime: Number.isNaN(sentParsed.getTime()) ? received.toISOString() : sentParsed.toISOString(),
      conversationId: newId("AAQk"),
    };
    // Keep the fixture's own headers (Graph returns them as name/value pairs, in order).
    const headers = parsed.headers.length
      ? parsed.headers.map((h) => ({ name: h.originalKey ?? h.key, value: h.value }))
      : messageHeaders(base);
    added.push(
      mailbox.add({
        ...base,
        body: parsed.html
          ? { contentType: "html", content: parsed.html }
          : { contentType: "text", content: parsed.text ?? "" },
        internetMessageHeaders: headers,
        isDraft: false,
        isRead: true,
        kind: "fixture",
      }),
    );
  }
  return added;
}
