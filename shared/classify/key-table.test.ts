import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hashSuffix, KeyTable } from "./key-table";

describe("KeyTable", () => {
  it("numbers keys in the order they are first added and finds them as a Map would", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 12 })), fc.string(), (keys, other) => {
        const table = new KeyTable();
        const map = new Map<string, number>();
        for (const key of keys) {
          if (!map.has(key)) map.set(key, map.size);
          expect(table.add(key)).toBe(map.get(key));
        }
        expect(table.size).toBe(map.size);
        for (const probe of [...keys, other, `x${other}`]) {
          const slot = table.find(hashSuffix(probe, 0), probe, 0);
          expect(slot < 0 ? -1 : table.value(slot)).toBe(map.get(probe) ?? -1);
        }
      }),
    );
  });

  it("finds a suffix of a longer text without cutting it out", () => {
    const table = new KeyTable();
    table.add("com");
    table.add("acme.com");
    table.set("acme.com", 7, 9);
    const text = "jane@mail.acme.com";
    const slot = table.find(hashSuffix(text, 10), text, 10);
    expect([table.value(slot), table.flags(slot), table.keyLength(slot)]).toEqual([7, 9, 8]);
    expect(table.find(hashSuffix(text, 5), text, 5)).toBe(-1);
  });

  it("keeps every key through many growths", () => {
    const table = new KeyTable(10, 30);
    for (let i = 0; i < 5000; i++) table.add(`k${i}.example`);
    for (let i = 0; i < 5000; i++) {
      const key = `k${i}.example`;
      expect(table.value(table.find(hashSuffix(key, 0), key, 0))).toBe(i);
    }
  });
});
