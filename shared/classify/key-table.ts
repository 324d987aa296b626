/**
 * String keys → dense numbers (0, 1, 2, …), kept in open addressing over one Int32Array of [hash, number + 1]
 * pairs, the keys' characters side by side in one Uint16Array. Why not a Map: the classifier probes a few hundred
 * thousand keys with strings it has just cut out of a header, once for the address and once per parent domain of
 * its host. A Map hashes every fresh string again, follows its entry chain and compares with key strings spread
 * over the heap; here the caller hashes a text once, right to left, getting the hash of every suffix on the way
 * (`a.b.com`, `b.com`, `com`), a miss usually costs one read of the slots and a hit one read of the characters.
 * Keys are compared in full on a hash match, so lookups answer exactly what a Map would.
 */
export class KeyTable {
  private chars: Uint16Array;
  /** Key `id` is `chars[ends[id]]` up to `chars[ends[id + 1]]`. */
  private ends: Int32Array;
  private count = 0;
  private slots: Int32Array;
  private mask: number;

  /**
   * Room made up front for about `expectedKeys` keys of `expectedChars` characters in all; more is made when it
   * runs out. Sizing once matters beyond copying: every new buffer counts as external memory, and past some tens
   * of MB V8 answers with a full collection of the whole heap, which for a big index costs more than the build.
   */
  constructor(expectedKeys = 0, expectedChars = 0) {
    const keys = Math.max(8, Math.min(expectedKeys, 1 << 24));
    let slotCount = 16;
    while (slotCount < keys * 2) slotCount *= 2;
    this.mask = slotCount - 1;
    this.slots = new Int32Array(slotCount * 2);
    this.ends = new Int32Array(keys + 1);
    this.chars = new Uint16Array(Math.max(256, Math.min(expectedChars, 1 << 28)));
  }

  get size(): number {
    return this.count;
  }

  keyLength(id: number): number {
    return this.ends[id + 1] - this.ends[id];
  }

  key(id: number): string {
    return String.fromCharCode(...this.chars.subarray(this.ends[id], this.ends[id + 1]));
  }

  /** The number of `key`, added when new. */
  add(key: string): number {
    const hash = hashSuffix(key, 0);
    const found = this.find(hash, key, 0);
    if (found >= 0) return found;
    const id = this.count;
    if ((id + 1) * 2 > this.mask + 1) this.growSlots();
    const start = this.ends[id];
    if (id + 2 > this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    if (start + key.length > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.chars.length * 2, start + key.length));
      chars.set(this.chars);
      this.chars = chars;
    }
    for (let i = 0; i < key.length; i++) this.chars[start + i] = key.charCodeAt(i);
    this.ends[id + 1] = start + key.length;
    this.count++;
    this.place(hash, id);
    return id;
  }

  /** The number of the key equal to `text.slice(start)`, whose hash is `hash` (`hashSuffix`), or -1. */
  find(hash: number, text: string, start: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const length = text.length - start;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const ref = slots[2 * i + 1];
      if (ref === 0) return -1;
      if (slots[2 * i] === hash && this.keyAt(ref - 1, text, start, length)) return ref - 1;
    }
  }

  private keyAt(id: number, text: string, start: number, length: number): boolean {
    const from = this.ends[id];
    if (this.ends[id + 1] - from !== length) return false;
    const chars = this.chars;
    for (let i = 0; i < length; i++) if (chars[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private place(hash: number, id: number): void {
    const slots = this.slots;
    let i = hash & this.mask;
    while (slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    slots[2 * i] = hash;
    slots[2 * i + 1] = id + 1;
  }

  /** Keeps the table at most half full, so a probe rarely reads past its first slot. */
  private growSlots(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * 2);
    for (let i = 1; i < old.length; i += 2) if (old[i] !== 0) this.place(old[i - 1], old[i] - 1);
  }
}

// FNV-1a steps over the characters from the last one back, so a suffix's hash is a prefix of the whole text's.
export const HASH_START = 0x811c9dc5 | 0;

export function hashStep(hash: number, charCode: number): number {
  return Math.imul(hash ^ charCode, 0x01000193);
}

/** Spreads FNV's weak low bits (murmur3's finalizer), since the table indexes by the low bits. */
export function hashFinish(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The hash of `text.slice(start)`, as `find` expects it. */
export function hashSuffix(text: string, start: number): number {
  let h = HASH_START;
  for (let i = text.length - 1; i >= start; i--) h = hashStep(h, text.charCodeAt(i));
  return hashFinish(h);
}
