import { createReadStream } from "node:fs";
import { open, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** One raw message found on disk, with a label saying where it came from (file, or mbox file and position). */
export interface RawMessage {
  label: string;
  raw: Buffer;
}

/** An mbox "From " line: `From <sender> <date>`; a header written `From : x` is not one. */
const MBOX_SEPARATOR = /^From \S+\s/;

async function looksLikeMbox(path: string): Promise<boolean> {
  if (/\.(mbox|mbx)$/i.test(path)) return true;
  // Only the first bytes: an mbox export can be gigabytes.
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(200);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return MBOX_SEPARATOR.test(head.subarray(0, bytesRead).toString("latin1"));
  } finally {
    await file.close();
  }
}

/**
 * Messages of an mbox file (mboxrd/mboxo as Google Takeout writes it), streamed line by line so a large export
 * never sits in memory whole. `>From ` quoting is undone.
 */
async function* mboxMessages(path: string): AsyncGenerator<RawMessage> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "latin1" }),
    crlfDelay: Infinity,
  });
  let current: string[] | null = null;
  let n = 0;
  let previousBlank = true;
  for await (const line of lines) {
    if (previousBlank && MBOX_SEPARATOR.test(line)) {
      if (current && current.length > 0)
        yield { label: `${path}#${++n}`, raw: Buffer.from(current.join("\r\n"), "latin1") };
      current = [];
    } else if (current) {
      current.push(/^>+From /.test(line) ? line.slice(1) : line);
    }
    previousBlank = line === "";
  }
  if (current && current.length > 0)
    yield { label: `${path}#${n + 1}`, raw: Buffer.from(current.join("\r\n"), "latin1") };
}

/** Every message under the given paths: `.eml` files, folders (recursively) and mbox files. */
export async function* mailSources(paths: string[]): AsyncGenerator<RawMessage> {
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const names = (await readdir(path)).sort();
      const inside = names.filter((n) => !n.startsWith(".")).map((n) => join(path, n));
      const wanted: string[] = [];
      for (const p of inside) {
        const s = await stat(p);
        if (s.isDirectory() || /\.(eml|mbox|mbx)$/i.test(p)) wanted.push(p);
      }
      yield* mailSources(wanted);
    } else if (await looksLikeMbox(path)) {
      yield* mboxMessages(path);
    } else {
      yield { label: path, raw: await readFile(path) };
    }
  }
}
