import { describe, expect, it } from "vitest";
import type { LookupResponse } from "../../../shared";
import { LookupCache } from "./lookup-cache";

const answer = (emailId: string | null): LookupResponse =>
  ({ results: [], message: emailId ? { emailId, syncedByMe: true } : null }) as unknown as LookupResponse;
const key = (messageId: string, lookupEmails = ["a@acme.com"]) => ({ messageId, lookupEmails });

describe("LookupCache", () => {
  it("keeps one answer per message and participant set", () => {
    const cache = new LookupCache();
    cache.put(key("<1@x>"), answer("e1"));
    expect(cache.get(key("<1@x>"))).toEqual(answer("e1"));
    expect(cache.get(key("<1@x>", ["b@acme.com"]))).toBeUndefined();
  });

  it("drops the least recently seen message beyond its capacity", () => {
    const cache = new LookupCache(2);
    cache.put(key("<1@x>"), answer("e1"));
    cache.put(key("<2@x>"), answer("e2"));
    cache.put(key("<1@x>"), answer("e1")); // seen again: now the newest
    cache.put(key("<3@x>"), answer("e3"));
    expect(cache.get(key("<2@x>"))).toBeUndefined();
    expect(cache.get(key("<1@x>"))).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it("forgets a message under every participant set", () => {
    const cache = new LookupCache();
    cache.put(key("<1@x>"), answer("e1"));
    cache.put(key("<1@x>", ["b@acme.com"]), answer("e1"));
    cache.put(key("<2@x>"), answer("e2"));
    cache.forget("<1@x>");
    expect(cache.size).toBe(1);
  });

  it("forgets messages uploaded elsewhere by normalized Message-ID, and their pending mark", () => {
    const cache = new LookupCache();
    cache.put(key("<ABC@Acme.com>"), answer(null));
    cache.markPending("<ABC@Acme.com>");
    cache.forgetUploaded(["abc@acme.com"]);
    expect(cache.get(key("<ABC@Acme.com>"))).toBeUndefined();
    expect(cache.isPending("<ABC@Acme.com>")).toBe(false);
  });

  it("drains pending messages once, forgetting their answers", () => {
    const cache = new LookupCache();
    cache.put(key("<1@x>"), answer(null));
    cache.markPending("<1@x>");
    expect(cache.drainPending()).toBe(true);
    expect(cache.get(key("<1@x>"))).toBeUndefined();
    expect(cache.drainPending()).toBe(false);
  });

  it("offers a message for auto-sync only once", () => {
    const cache = new LookupCache();
    expect(cache.claimAutoSync("<1@x>")).toBe(true);
    expect(cache.claimAutoSync("<1@x>")).toBe(false);
  });
});
