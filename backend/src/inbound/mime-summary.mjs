// Reading one raw message: a cheap pre-scan that refuses shapes no real mail has, then postal-mime with its own
// limits, reduced to the few fields Touchbase keeps. Plain JavaScript because it runs in a worker thread
// (mime-worker.mjs) as well as in-process (tests, dry runs), and a worker started from a .ts file would need
// the TypeScript loader in every environment (server, CLI, tests). Types: mime-summary.d.mts.
import { Buffer } from "node:buffer";
import PostalMime from "postal-mime";

/** A message this server will not read, with the sentence that says why. */
export class MimeRefusal extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const MB = 1024 * 1024;
const BOUNDARY = /boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/gi;
const CONTAINER = /content-type:\s*(?:multipart\/|message\/(?:rfc822|global))/gi;

/**
 * Counts what would make parsing expensive before parsing anything: the top-level header fields, the declared
 * multipart boundaries, the lines that open a part under one of them, and the containers (multipart or nested
 * message) the message declares. One pass over the bytes as latin1 (every byte one character): a 1.5 M-part
 * message of 20 MB is refused in a few hundred milliseconds instead of being parsed for a minute.
 * @param {Uint8Array} raw
 * @param {{ maxBytes: number, maxParts: number, maxDepth: number, maxHeaders: number }} limits
 */
export function prescan(raw, limits) {
  if (raw.byteLength > limits.maxBytes) {
    throw new MimeRefusal(
      "message_too_large",
      `The message is ${(raw.byteLength / MB).toFixed(1)} MB; this server reads messages up to ${(limits.maxBytes / MB).toFixed(0)} MB.`,
    );
  }
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");

  let headers = 0;
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf("\n", at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, end).replace(/\r$/, "");
    if (line === "") break;
    if (line[0] !== " " && line[0] !== "\t" && ++headers > limits.maxHeaders) {
      throw new MimeRefusal(
        "too_many_headers",
        `The message has more than ${limits.maxHeaders} header fields; real mail has a few dozen.`,
      );
    }
    at = end + 1;
  }

  let containers = 0;
  CONTAINER.lastIndex = 0;
  while (CONTAINER.exec(text)) {
    if (++containers > limits.maxParts) {
      throw new MimeRefusal(
        "too_many_parts",
        `The message declares more than ${limits.maxParts} nested messages or multiparts; this server reads up to ${limits.maxParts}.`,
      );
    }
  }

  const boundaries = new Set();
  BOUNDARY.lastIndex = 0;
  for (let m; (m = BOUNDARY.exec(text));) boundaries.add(m[1] ?? m[2]);
  if (boundaries.size === 0) return;
  let parts = 0;
  for (let at = text.indexOf("\n--"); at >= 0; at = text.indexOf("\n--", at + 3)) {
    let end = text.indexOf("\n", at + 3);
    if (end < 0) end = text.length;
    let token = text.slice(at + 3, Math.min(end, at + 3 + 210)).trimEnd();
    if (token.endsWith("--")) token = token.slice(0, -2);
    if (boundaries.has(token) && ++parts > limits.maxParts) {
      throw new MimeRefusal(
        "too_many_parts",
        `The message has more than ${limits.maxParts} MIME parts; this server reads up to ${limits.maxParts}.`,
      );
    }
  }
}

const MAX_TEXT = 2_000_000;
const MAX_HTML = 5_000_000;

/**
 * Parses a message that passed the pre-scan and keeps only what Touchbase stores: header fields (values capped),
 * the sender's address, date, ids, the text and HTML bodies, and the attachments' types (never their bytes).
 * @param {Uint8Array} raw
 * @param {{ maxDepth: number, maxHeaders: number }} limits
 */
export async function summarize(raw, limits) {
  let email;
  try {
    email = await PostalMime.parse(raw, {
      maxNestingDepth: limits.maxDepth,
      maxRfc822NestingDepth: Math.min(limits.maxDepth, 10),
      maxHeadersSize: MB,
      attachmentEncoding: "arraybuffer",
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/nesting depth/i.test(message)) {
      throw new MimeRefusal(
        "too_deeply_nested",
        `The message nests parts more than ${limits.maxDepth} levels deep; this server reads up to ${limits.maxDepth}.`,
      );
    }
    if (/header size/i.test(message)) {
      throw new MimeRefusal("headers_too_large", "The message's header fields are larger than 1 MB.");
    }
    throw new MimeRefusal("unparseable_message", "The message could not be read as an RFC 822 email.");
  }
  return {
    headers: email.headers
      .slice(0, limits.maxHeaders * 4)
      .map((h) => ({ key: h.key, value: h.value.slice(0, 64_000) })),
    fromAddress: email.from?.address ?? null,
    date: email.date ?? null,
    subject: email.subject ?? null,
    messageId: email.messageId ?? null,
    inReplyTo: email.inReplyTo ?? null,
    references: email.references ?? null,
    text: email.text?.slice(0, MAX_TEXT) ?? null,
    html: email.html?.slice(0, MAX_HTML) ?? null,
    attachmentTypes: email.attachments.slice(0, 1000).map((a) => a.mimeType),
  };
}
