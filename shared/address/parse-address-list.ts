import { decodeEncodedWords } from "./encoded-words";
import { isCanonicalAscii, normalizeAddress } from "./normalize-address";

export interface ParsedAddress {
  /** Display name, RFC 2047-decoded; "" when absent. */
  name: string;
  /** The address as written (trimmed, without `<>`); see `normalizeAddress` for the identity form. */
  address: string;
}

/** A parsed address with its canonical form, so callers on the hot path do not normalize twice. */
export interface NormalizedParsedAddress extends ParsedAddress {
  normalized: string;
}

type Token =
  | { kind: "word"; text: string; space: boolean }
  | { kind: "quoted"; text: string; raw: string; space: boolean }
  | { kind: "comment"; text: string; space: boolean }
  | { kind: "angle"; text: string; space: boolean }
  | { kind: "sep"; text: "," | ";" | ":"; space: boolean };

const WORD_STOP = new Set(['"', "(", ")", "<", ">", ",", ";", ":", " ", "\t", "\r", "\n"]);

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  const n = input.length;
  while (i < n) {
    const ch = input[i];
    if (isSpace(ch) || ch === ">" || ch === ")") {
      space = true;
      i++;
      continue;
    }
    if (ch === '"') {
      let text = "";
      let j = i + 1;
      while (j < n && input[j] !== '"') {
        if (input[j] === "\\" && j + 1 < n) j++;
        text += input[j];
        j++;
      }
      tokens.push({ kind: "quoted", text, raw: input.slice(i, Math.min(j + 1, n)), space });
      i = j + 1;
    } else if (ch === "(") {
      let depth = 1;
      let text = "";
      let j = i + 1;
      while (j < n && depth > 0) {
        const c = input[j];
        if (c === "\\" && j + 1 < n) {
          text += input[j + 1];
          j += 2;
          continue;
        }
        if (c === "(") depth++;
        if (c === ")") depth--;
        if (depth > 0) text += c;
        j++;
      }
      tokens.push({ kind: "comment", text, space });
      i = j;
    } else if (ch === "<") {
      let text = "";
      let j = i + 1;
      let quoted = false;
      while (j < n && (quoted || input[j] !== ">")) {
        if (input[j] === '"') quoted = !quoted;
        text += input[j];
        j++;
      }
      tokens.push({ kind: "angle", text, space });
      i = j + 1;
    } else if (ch === "," || ch === ";" || ch === ":") {
      tokens.push({ kind: "sep", text: ch, space });
      i++;
    } else {
      let j = i;
      while (j < n && !WORD_STOP.has(input[j])) {
        if (input[j] === "[") {
          // Domain literals such as [IPv6:2001:db8::1] contain ':'; keep them whole.
          const close = input.indexOf("]", j);
          j = close < 0 ? n : close + 1;
        } else {
          j++;
        }
      }
      tokens.push({ kind: "word", text: input.slice(i, j), space });
      i = j;
    }
    space = false;
  }
  return tokens;
}

function joinPhrase(tokens: Token[]): string {
  let out = "";
  for (const t of tokens) {
    if (t.kind !== "word" && t.kind !== "quoted") continue;
    out += (out && t.space ? " " : "") + t.text;
  }
  return out;
}

function cleanName(raw: string): string {
  return decodeEncodedWords(raw).replace(/\s+/g, " ").trim();
}

/** Removes (comments), which may nest, and whitespace, both only outside quoted strings. */
function stripComments(text: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length) {
      if (depth === 0) out += c + text[i + 1];
      i++;
    } else if (c === '"' && depth === 0) {
      quoted = !quoted;
      out += c;
    } else if (c === "(" && !quoted) {
      depth++;
    } else if (c === ")" && !quoted && depth > 0) {
      depth--;
    } else if (depth === 0 && (quoted || !isSpace(c))) {
      out += c;
    }
  }
  return out;
}

function cleanAngle(text: string): string {
  let addr = stripComments(text);
  // Obsolete source routes: <@relay1,@relay2:user@host>
  if (addr.startsWith("@") && addr.includes(":")) addr = addr.slice(addr.lastIndexOf(":") + 1);
  if (/^mailto:/i.test(addr)) addr = addr.slice(7);
  return addr;
}

function push(out: NormalizedParsedAddress[], name: string, address: string): void {
  const normalized = normalizeAddress(address);
  if (normalized !== null) out.push({ name, address, normalized }); // junk entries are dropped, not reported
}

function finishEntry(tokens: Token[], out: NormalizedParsedAddress[]): void {
  if (tokens.length === 0) return;
  const comments = tokens.filter((t) => t.kind === "comment").map((t) => t.text);
  let address: string;
  let name: string;
  const angleAt = tokens.findIndex((t) => t.kind === "angle");
  if (angleAt >= 0) {
    address = cleanAngle(tokens[angleAt].text);
    name = joinPhrase(tokens.slice(0, angleAt));
  } else {
    // No angle brackets: glue tokens that touch into chunks; the last chunk with an '@' is the address.
    const chunks: string[] = [];
    for (const t of tokens) {
      if (t.kind !== "word" && t.kind !== "quoted") continue;
      const text = t.kind === "quoted" ? t.raw : t.text;
      const previous = chunks[chunks.length - 1];
      // Obsolete syntax allows spaces around '.' and '@' inside an address: `jdoe@test  . example`.
      const glue = previous !== undefined && (!t.space || /[.@]$/.test(previous) || /^[.@]/.test(text));
      if (glue) chunks[chunks.length - 1] += text;
      else chunks.push(text);
    }
    const addresses = chunks.filter((c) => c.includes("@"));
    if (addresses.length > 1 && addresses.every((c) => normalizeAddress(c) !== null)) {
      // "a@x.com b@y.com": a list someone forgot the commas in, not a name followed by an address.
      for (const a of addresses) push(out, "", a);
      return;
    }
    let at = -1;
    for (let k = chunks.length - 1; k >= 0; k--) {
      if (chunks[k].includes("@")) {
        at = k;
        break;
      }
    }
    if (at < 0) return;
    address = chunks[at];
    name = chunks
      .filter((_, k) => k !== at)
      .join(" ")
      .replace(/^"|"$/g, "");
  }
  if (!name && comments.length > 0) name = comments.join(" ");
  push(out, cleanName(name), address);
}

// Headers without quotes, comments, groups, escapes or encoded-words — nearly all real ones — are split directly.
const NEEDS_FULL_PARSER = /["():\\[]|=\?/;
const SIMPLE_ENTRY = /^([^<>]*?)\s*<\s*([^<>\s]+)\s*>$/;
const HAS_SPACE = /\s/;
// Whitespace a display name must lose: runs, or any other than a plain space.
const HAS_SPACE_RUN = /\s\s|[^\S ]/;

function parseSimple(header: string, out: NormalizedParsedAddress[]): boolean {
  // Split on "," and ";" by hand: a RegExp split costs more than the rest of this function.
  let start = 0;
  for (let i = 0; i <= header.length; i++) {
    const c = i < header.length ? header.charCodeAt(i) : 44;
    if (c !== 44 && c !== 59) continue; // "," ";"
    while (start < i && header.charCodeAt(start) === 32) start++; // the space after ", ": trim would copy again
    const entry = header.slice(start, i).trim();
    start = i + 1;
    if (entry.length === 0) continue;
    if (entry.indexOf("<") < 0) {
      // The usual bare entry is a canonical address: no white space, its own normal form, one test in all.
      if (isCanonicalAscii(entry)) {
        out.push({ name: "", address: entry, normalized: entry });
        continue;
      }
      if (HAS_SPACE.test(entry)) return false;
      push(out, "", entry);
      continue;
    }
    // The usual `Name <address>`: one "<", the only ">" at the end, a canonical address between them (so no white
    // space or brackets in it). That is SIMPLE_ENTRY's match without running it, the name being what comes
    // before "<" less its trailing white space.
    const lt = entry.indexOf("<");
    const address = entry.slice(lt + 1, entry.length - 1);
    if (
      entry.indexOf(">") === entry.length - 1 &&
      entry.indexOf("<", lt + 1) < 0 &&
      isCanonicalAscii(address)
    ) {
      const name = entry.slice(0, lt).trimEnd();
      out.push({
        name: HAS_SPACE_RUN.test(name) ? name.replace(/\s+/g, " ") : name,
        address,
        normalized: address,
      });
      continue;
    }
    const m = SIMPLE_ENTRY.exec(entry);
    if (m === null) return false;
    push(out, HAS_SPACE_RUN.test(m[1]) ? m[1].replace(/\s+/g, " ") : m[1], m[2]);
  }
  return true;
}

/** `parseAddressList` plus each address's canonical form. */
export function parseAddressesNormalized(header: string): NormalizedParsedAddress[] {
  if (typeof header !== "string" || header.length === 0) return [];
  try {
    if (!NEEDS_FULL_PARSER.test(header)) {
      const out: NormalizedParsedAddress[] = [];
      if (parseSimple(header, out)) return out;
    }
    return parseFull(header);
  } catch {
    return [];
  }
}

/** The RFC 5322 tokenizer path on its own (exported for the test that compares it with the fast path). */
export function parseFull(header: string): NormalizedParsedAddress[] {
  try {
    const out: NormalizedParsedAddress[] = [];
    let entry: Token[] = [];
    let groupDepth = 0;
    for (const t of tokenize(header)) {
      if (t.kind !== "sep") {
        entry.push(t);
        continue;
      }
      if (t.text === ":") {
        const hasAddress = entry.some(
          (e) => e.kind === "angle" || (e.kind === "word" && e.text.includes("@")),
        );
        if (!hasAddress) {
          entry = []; // a group's display name is not an address
          groupDepth++;
        }
        continue;
      }
      finishEntry(entry, out);
      entry = [];
      if (t.text === ";" && groupDepth > 0) groupDepth--;
    }
    finishEntry(entry, out);
    return out;
  } catch {
    return [];
  }
}

/**
 * Parses an address-list header value (To, Cc, From, …) leniently: display names, quoted names with commas,
 * groups (also nested and empty ones such as `undisclosed-recipients:;`), comments, RFC 2047 names, and `;` as
 * a separator the way Outlook writes lists. Entries that do not hold a usable address are dropped.
 */
export function parseAddressList(header: string): ParsedAddress[] {
  return parseAddressesNormalized(header).map(({ name, address }) => ({ name, address }));
}
