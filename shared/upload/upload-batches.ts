import { MAX_BATCH, type EmailInput } from "../api/schemas";

/**
 * The JSON body of one upload stays under this many UTF-8 bytes, well inside the backend's body limit
 * (`TOUCHBASE_BODY_LIMIT`, 32 MiB by default, which the backend refuses to set below this) and UrlFetchApp's
 * 50 MB payload. A single email bigger than this still goes, alone in its batch.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** `{"emails":[` … `]}` around the items. */
const ENVELOPE_BYTES = '{"emails":[]}'.length;

/** UTF-8 length of a string without `TextEncoder` (Apps Script has none); lone surrogates count as 3 like U+FFFD. */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(value.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Splits uploads into request bodies of at most `MAX_BATCH` emails and `maxBytes` UTF-8 bytes of JSON, in order.
 * `emailOf` reads the email out of a queue entry (the identity for plain `EmailInput`s).
 */
export function uploadBatches<T>(
  items: readonly T[],
  emailOf: (item: T) => EmailInput,
  maxBytes: number = MAX_UPLOAD_BYTES,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const item of items) {
    const size = utf8Length(JSON.stringify(emailOf(item))) + 1; // the comma between items
    if (current.length > 0 && (current.length >= MAX_BATCH || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}
