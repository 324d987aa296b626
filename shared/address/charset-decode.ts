// Apps Script has no TextDecoder, so the core decodes the charsets that matter for header names itself.
// Unknown charsets fall back to Latin-1 so a name is never lost, only possibly mis-rendered.

const WINDOWS_1252_HIGH: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

const ISO_8859_15_DIFF: Record<number, number> = {
  0xa4: 0x20ac,
  0xa6: 0x0160,
  0xa8: 0x0161,
  0xb4: 0x017d,
  0xb8: 0x017e,
  0xbc: 0x0152,
  0xbd: 0x0153,
  0xbe: 0x0178,
};

export function decodeUtf8(bytes: readonly number[]): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let cp = -1;
    let need = 0;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      need = 2;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      need = 3;
    }
    if (cp < 0) {
      out += "\ufffd";
      i += 1;
      continue;
    }
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    const overlong = (need === 2 && cp < 0x800) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff));
    const surrogate = cp >= 0xd800 && cp <= 0xdfff;
    if (!ok || overlong || surrogate) {
      out += "\ufffd";
      i += 1;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function decodeSingleByte(bytes: readonly number[], high: Record<number, number>): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(high[b] ?? b);
  return out;
}

/** Decodes bytes in the named charset; returns null when the charset is not one this decoder knows. */
export function decodeBytes(bytes: readonly number[], charset: string): string | null {
  const name = charset
    .trim()
    .toLowerCase()
    .replace(/^(x-|cs)/, "");
  switch (name) {
    case "utf-8":
    case "utf8":
      return decodeUtf8(bytes);
    case "us-ascii":
    case "ascii":
    case "iso-8859-1":
    case "iso8859-1":
    case "iso_8859-1":
    case "latin1":
    case "latin-1":
    case "l1":
      return decodeSingleByte(bytes, {});
    case "windows-1252":
    case "cp1252":
      return decodeSingleByte(bytes, WINDOWS_1252_HIGH);
    case "iso-8859-15":
    case "iso8859-15":
    case "latin-9":
      return decodeSingleByte(bytes, ISO_8859_15_DIFF);
    default:
      return null;
  }
}
