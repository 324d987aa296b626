// PropertiesService and CacheService with Apps Script's documented limits: properties 9 KB per value and
// 500 KB per store (and the script.storage scope); cache 250-character keys, 100 KB values, at most 6 hours,
// 1000 items per cache, keeping the 900 farthest from expiry when more are written.
import { exception } from "./apps-script-error";
import type { DailyQuotas } from "./daily-quotas";
import { latencyOf } from "./latency-model";
import { requireScope, SCOPES } from "./scopes";
import type { ServiceMeter } from "./service-meter";
import type { VirtualClock } from "./virtual-clock";

export const PROPERTY_VALUE_MAX = 9 * 1024;
export const PROPERTY_STORE_MAX = 500 * 1024;
export const CACHE_KEY_MAX = 250;
export const CACHE_VALUE_MAX = 100 * 1024;
export const CACHE_TTL_MAX_S = 21_600;
export const CACHE_TTL_DEFAULT_S = 600;
export const CACHE_ITEMS_MAX = 1000;
/** "If more than 1,000 items are written, the cache stores the 900 items farthest from expiry." (CacheService docs) */
export const CACHE_ITEMS_KEPT = 900;

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

export class PropertyStore {
  readonly data = new Map<string, string>();

  constructor(
    private readonly meter: ServiceMeter,
    private readonly quotas?: DailyQuotas,
  ) {}

  private read(kind: string) {
    this.quotas?.take("properties");
    this.meter.call(`PropertiesService.${kind}`, latencyOf("PropertiesService.read"));
  }

  private write(kind: string, next: Map<string, string>) {
    this.quotas?.take("properties");
    this.meter.call(`PropertiesService.${kind}`, latencyOf("PropertiesService.write"));
    let total = 0;
    for (const [k, v] of next) {
      if (bytes(v) > PROPERTY_VALUE_MAX) throw exception("Argument too large: value");
      total += bytes(k) + bytes(v);
    }
    if (total > PROPERTY_STORE_MAX) {
      throw exception(
        "You have exceeded the property storage quota. Please remove some properties and try again.",
      );
    }
    this.data.clear();
    for (const [k, v] of next) this.data.set(k, v);
  }

  getProperty(key: string): string | null {
    this.read("getProperty");
    return this.data.get(String(key)) ?? null;
  }
  getProperties(): Record<string, string> {
    this.read("getProperties");
    return Object.fromEntries(this.data);
  }
  getKeys(): string[] {
    this.read("getKeys");
    return [...this.data.keys()];
  }
  setProperty(key: string, value: unknown) {
    const next = new Map(this.data);
    next.set(String(key), String(value));
    this.write("setProperty", next);
    return this;
  }
  setProperties(props: Record<string, unknown>, deleteAllOthers = false) {
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.data);
    for (const [k, v] of Object.entries(props)) next.set(k, String(v));
    this.write("setProperties", next);
    return this;
  }
  deleteProperty(key: string) {
    const next = new Map(this.data);
    next.delete(String(key));
    this.write("deleteProperty", next);
    return this;
  }
  deleteAllProperties() {
    this.write("deleteAllProperties", new Map());
    return this;
  }
}

export function createPropertiesService(
  user: PropertyStore,
  script: PropertyStore,
  scopes: ReadonlySet<string>,
) {
  const store = (method: string, value: PropertyStore) => () => {
    requireScope(scopes, `PropertiesService.${method}`, SCOPES.storage);
    return value;
  };
  return {
    getUserProperties: store("getUserProperties", user),
    getScriptProperties: store("getScriptProperties", script),
    // Gmail add-ons have no bound document.
    getDocumentProperties: () => null,
  };
}

interface Entry {
  value: string;
  expires: number;
}

export class SimCache {
  readonly entries = new Map<string, Entry>();

  constructor(
    private readonly meter: ServiceMeter,
    private readonly clock: VirtualClock,
  ) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private checkKey(key: unknown): string {
    const k = String(key);
    if (k.length > CACHE_KEY_MAX) throw exception("Argument too large: key");
    return k;
  }

  get(key: string): string | null {
    this.meter.call("CacheService.get", latencyOf("CacheService.read"));
    return this.live(this.checkKey(key))?.value ?? null;
  }
  getAll(keys: string[]): Record<string, string> {
    this.meter.call("CacheService.getAll", latencyOf("CacheService.read"));
    const out: Record<string, string> = {};
    for (const k of keys) {
      const entry = this.live(this.checkKey(k));
      if (entry) out[k] = entry.value;
    }
    return out;
  }
  put(key: string, value: unknown, ttlSeconds = CACHE_TTL_DEFAULT_S): void {
    this.meter.call("CacheService.put", latencyOf("CacheService.write"));
    this.store(key, value, ttlSeconds);
  }
  putAll(values: Record<string, unknown>, ttlSeconds = CACHE_TTL_DEFAULT_S): void {
    this.meter.call("CacheService.putAll", latencyOf("CacheService.write"));
    for (const [k, v] of Object.entries(values)) this.store(k, v, ttlSeconds);
  }
  remove(key: string): void {
    this.meter.call("CacheService.remove", latencyOf("CacheService.write"));
    this.entries.delete(this.checkKey(key));
  }
  removeAll(keys: string[]): void {
    this.meter.call("CacheService.removeAll", latencyOf("CacheService.write"));
    for (const k of keys) this.entries.delete(this.checkKey(k));
  }

  private store(key: unknown, value: unknown, ttlSeconds: number) {
    const k = this.checkKey(key);
    const v = String(value);
    if (bytes(v) > CACHE_VALUE_MAX) throw exception("Argument too large: value");
    if (!(ttlSeconds >= 1 && ttlSeconds <= CACHE_TTL_MAX_S)) {
      throw exception(`Invalid argument: expirationInSeconds (1 to ${CACHE_TTL_MAX_S})`);
    }
    this.entries.delete(k);
    this.entries.set(k, { value: v, expires: this.clock.now() + ttlSeconds * 1000 });
    if (this.entries.size > CACHE_ITEMS_MAX) {
      const nearest = [...this.entries].sort(([, a], [, b]) => a.expires - b.expires);
      for (const [key] of nearest.slice(0, this.entries.size - CACHE_ITEMS_KEPT)) this.entries.delete(key);
    }
  }
}

export function createCacheService(user: SimCache, script: SimCache) {
  return {
    getUserCache: () => user,
    getScriptCache: () => script,
    getDocumentCache: () => null,
  };
}
