import { decodeBytes } from "./charset-decode";

// RFC 2047 encoded-words: =?charset[*lang]?B|Q?text?=
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64Bytes(text: string): number[] {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = BASE64_ALPHABET.indexOf(ch);
    if (v < 0) continue; // padding and stray characters
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

function quotedPrintableBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "_") {
      bytes.push(0x20);
    } else if (ch === "=" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = ch.charCodeAt(0);
      bytes.push(code > 0xff ? 0x3f : code);
    }
  }
  return bytes;
}

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: number[];
}

/**
 * Decodes every RFC 2047 encoded-word in `text`. Whitespace between adjacent encoded-words is dropped (as the
 * RFC says), and adjacent words in the same charset are decoded together so a multi-byte character split
 * across two words survives. A word in a charset we cannot decode is left as it was.
 */
export function decodeEncodedWords(text: string): string {
  if (text.indexOf("=?") < 0) return text;
  const words: Word[] = [];
  for (const m of text.matchAll(ENCODED_WORD)) {
    const charset = m[1].split("*")[0];
    const bytes = m[2].toLowerCase() === "b" ? base64Bytes(m[3]) : quotedPrintableBytes(m[3]);
    words.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, charset, bytes });
  }
  if (words.length === 0) return text;

  let out = "";
  let cursor = 0;
  let i = 0;
  while (i < words.length) {
    const first = words[i];
    out += text.slice(cursor, first.start);
    const bytes = [...first.bytes];
    let j = i + 1;
    let end = first.end;
    while (j < words.length && /^\s*$/.test(text.slice(end, words[j].start))) {
      if (words[j].charset.toLowerCase() !== first.charset.toLowerCase()) break;
      bytes.push(...words[j].bytes);
      end = words[j].end;
      j++;
    }
    const decoded = decodeBytes(bytes, first.charset);
    out += decoded ?? text.slice(first.start, end);
    cursor = end;
    // Whitespace between this run and a following encoded-word in another charset is also dropped.
    if (j < words.length && /^\s*$/.test(text.slice(end, words[j].start))) cursor = words[j].start;
    i = j;
  }
  return out + text.slice(cursor);
}
