import { describe, expect, it } from "vitest";
import { ServiceMeter } from "./service-meter";
import { PropertyStore, SimCache } from "./storage-services";
import { VirtualClock } from "./virtual-clock";

describe("PropertiesService fake", () => {
  it("enforces 9 KB per value and 500 KB per store, keeping the old state on failure", () => {
    const store = new PropertyStore(new ServiceMeter());
    store.setProperty("ok", "x".repeat(9 * 1024));
    expect(() => store.setProperty("big", "x".repeat(9 * 1024 + 1))).toThrow(/Argument too large: value/);
    expect(store.getProperty("big")).toBeNull();
    for (let i = 0; i < 55; i++) store.setProperty(`k${i}`, "y".repeat(9000));
    expect(() => store.setProperty("last", "z".repeat(9000))).toThrow(/property storage quota/);
    expect(store.getProperty("last")).toBeNull();
    expect(store.getProperty("ok")).toHaveLength(9 * 1024);
  });

  it("stores strings, as Apps Script does", () => {
    const store = new PropertyStore(new ServiceMeter());
    store.setProperties({ n: 5 as unknown as string, b: true as unknown as string });
    expect(store.getProperties()).toEqual({ n: "5", b: "true" });
  });
});

describe("CacheService fake", () => {
  it("enforces the 100 KB value limit, 250-character keys and 6-hour TTL", () => {
    const cache = new SimCache(new ServiceMeter(), new VirtualClock());
    cache.put("a", "x".repeat(100 * 1024));
    expect(() => cache.put("b", "x".repeat(100 * 1024 + 1))).toThrow(/Argument too large: value/);
    expect(() => cache.put("k".repeat(251), "x")).toThrow(/Argument too large: key/);
    expect(() => cache.put("c", "x", 21_601)).toThrow(/expirationInSeconds/);
    expect(cache.get("b")).toBeNull();
  });

  it("expires entries on the script's clock", () => {
    const clock = new VirtualClock();
    const cache = new SimCache(new ServiceMeter(), clock);
    cache.put("a", "1", 60);
    clock.advance(59_000);
    expect(cache.get("a")).toBe("1");
    clock.advance(2_000);
    expect(cache.get("a")).toBeNull();
  });

  it("keeps the 900 items farthest from expiry when more than 1,000 are written", () => {
    const cache = new SimCache(new ServiceMeter(), new VirtualClock());
    // Item i expires in 1000 + i seconds; the long-lived early one must survive, the short-lived ones go.
    cache.put("long", "x", 21_600);
    for (let i = 0; i < 1000; i++) cache.put(`k${i}`, "x", 1000 + i);
    expect(cache.entries.size).toBe(900);
    expect(cache.get("long")).toBe("x");
    expect(cache.get("k0")).toBeNull();
    expect(cache.get("k100")).toBeNull();
    expect(cache.get("k101")).toBe("x");
    expect(cache.get("k999")).toBe("x");
  });
});
