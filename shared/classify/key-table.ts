/**
 * String keys → numbers (0, 1, 2, … in the order they were added) and two integers the owner sets per key, kept
 * in open addressing over one Int32Array with the keys' characters side by side in one Uint16Array.
 *
 * Why not a Map: the classifier probes a few hundred thousand keys with strings it has just cut out of a header,
 * once for the address and once per parent domain of its host. A Map hashes every fresh string again, follows its
 * entry chain and compares with key strings spread over the heap, then the value object is one more read from
 * memory. Here the caller hashes a text once, right to left, getting the hash of every suffix on the way
 * (`a.b.com`, `b.com`, `com`); a slot holds the hash, where the key's characters are and both values, so a miss
 * usually reads one slot and a hit that slot and the characters. At this size each of those reads is a cache miss,
 * and they are what a lookup costs. Keys are compared in full on a hash match, so lookups answer exactly what a
 * Map would.
 */
export class KeyTable {
  /** Per key: its length, then its characters. */
  private chars: Uint16Array;
  private charsUsed = 0;
  private count = 0;
  /** SLOT integers per slot: hash, where the key's length is in `chars` + 1 (0: empty), value, flags. */
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
    this.slots = new Int32Array(slotCount * SLOT);
    // An eighth more than expected: a few unforeseen keys should not double the biggest buffer.
    this.chars = new Uint16Array(
      Math.max(256, Math.min(expectedChars + keys + (expectedChars >> 3), 1 << 28)),
    );
  }

  get size(): number {
    return this.count;
  }

  /**
   * The number of `key`, added when new, with value = that number and flags = 0. Keys longer than
   * MAX_KEY_LENGTH are not kept (-1): the classifier's keys are addresses and host names, 254 characters at most.
   */
  add(key: string): number {
    if (key.length > MAX_KEY_LENGTH) return -1;
    const hash = hashSuffix(key, 0);
    const found = this.find(hash, key, 0);
    if (found >= 0) return this.slots[found + 2];
    if ((this.count + 1) * 2 > this.mask + 1) this.growSlots();
    const at = this.charsUsed;
    if (at + key.length + 1 > this.chars.length) {
      const chars = new Uint16Array(Math.max(Math.ceil(this.chars.length * 1.5), at + key.length + 1));
      chars.set(this.chars);
      this.chars = chars;
    }
    this.chars[at] = key.length;
    for (let i = 0; i < key.length; i++) this.chars[at + 1 + i] = key.charCodeAt(i);
    this.charsUsed = at + key.length + 1;
    const id = this.count++;
    this.place(hash, at + 1, id, 0);
    return id;
  }

  /** Sets the two integers kept with a key that was added. */
  set(key: string, value: number, flags: number): void {
    const slot = this.find(hashSuffix(key, 0), key, 0);
    if (slot >= 0) {
      this.slots[slot + 2] = value;
      this.slots[slot + 3] = flags;
    }
  }

  /** The slot of the key equal to `text.slice(start)`, whose hash is `hash` (`hashSuffix`), or -1. */
  find(hash: number, text: string, start: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = i * SLOT;
      const ref = slots[slot + 1];
      if (ref === 0) return -1;
      if (slots[slot] === hash && this.keyAt(ref - 1, text, start)) return slot;
    }
  }

  /** A found key's value: its number unless `set` said otherwise. */
  value(slot: number): number {
    return this.slots[slot + 2];
  }

  flags(slot: number): number {
    return this.slots[slot + 3];
  }

  keyLength(slot: number): number {
    return this.chars[this.slots[slot + 1] - 1];
  }

  private keyAt(at: number, text: string, start: number): boolean {
    const chars = this.chars;
    const length = chars[at];
    if (text.length - start !== length) return false;
    for (let i = 0; i < length; i++) if (chars[at + 1 + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private place(hash: number, ref: number, value: number, flags: number): void {
    const slots = this.slots;
    let i = hash & this.mask;
    while (slots[i * SLOT + 1] !== 0) i = (i + 1) & this.mask;
    const slot = i * SLOT;
    slots[slot] = hash;
    slots[slot + 1] = ref;
    slots[slot + 2] = value;
    slots[slot + 3] = flags;
  }

  /** Keeps the table at most half full, so a probe rarely reads past its first slot. */
  private growSlots(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * SLOT);
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s + 1] !== 0) this.place(old[s], old[s + 1], old[s + 2], old[s + 3]);
    }
  }
}

const SLOT = 4;
const MAX_KEY_LENGTH = 0xffff; // the length is kept in one Uint16

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
