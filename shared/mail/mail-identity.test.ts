import { describe, expect, it } from "vitest";
import { dedupeKey, stableHash } from "./dedupe-key";
import { lookbackCutoff } from "./lookback";
import { messageIdList, normalizeMessageId } from "./message-id";
import { threadKey } from "./thread-key";

describe("Message-ID identity", () => {
  it("normalizes brackets, whitespace and case", () => {
    expect(normalizeMessageId(" <1234@Local.Machine.Example> ")).toBe("1234@local.machine.example");
    expect(normalizeMessageId("1234@local.machine.example")).toBe("1234@local.machine.example");
    expect(normalizeMessageId("<a@b> trailing junk")).toBe("a@b");
    expect(normalizeMessageId("")).toBeNull();
    expect(normalizeMessageId("<>")).toBeNull();
  });

  it("reads id lists from References, also folded over lines", () => {
    expect(messageIdList("<a@x>\r\n <b@x>  <c@x>")).toEqual(["a@x", "b@x", "c@x"]);
    expect(messageIdList("a@x b@x")).toEqual(["a@x", "b@x"]);
    expect(messageIdList(undefined)).toEqual([]);
  });
});

describe("dedupeKey", () => {
  it("is the normalized Message-ID when there is one", () => {
    expect(dedupeKey({ messageId: "<X@Y>", from: "a@b.com" })).toBe("x@y");
  });

  it("is a stable hash of sender, date and subject otherwise, insensitive to formatting", () => {
    const a = dedupeKey({
      from: "Ann <ANN@x.com>",
      date: "Tue, 1 Jul 2003 10:52:37 +0200",
      subject: " Hello  world ",
    });
    const b = dedupeKey({ from: "ann@x.com", date: "2003-07-01T08:52:37Z", subject: "Hello world" });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}@touchbase\.invalid$/);
    expect(dedupeKey({ from: "ann@x.com", date: "2003-07-01T08:52:37Z", subject: "Hello world!" })).not.toBe(
      a,
    );
    expect(dedupeKey({ from: "bob@x.com", date: "2003-07-01T08:52:37Z", subject: "Hello world" })).not.toBe(
      a,
    );
  });

  it("hashes deterministically and spreads similar inputs", () => {
    expect(stableHash("abc")).toBe(stableHash("abc"));
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => stableHash(`message ${i}`)));
    expect(hashes.size).toBe(10_000);
  });
});

describe("threadKey", () => {
  it("takes the References root, then In-Reply-To, then the own id", () => {
    expect(threadKey({ messageId: "<c@x>", inReplyTo: "<b@x>", references: "<a@x> <b@x>" })).toBe("a@x");
    expect(threadKey({ messageId: "<c@x>", inReplyTo: "<b@x>" })).toBe("b@x");
    expect(threadKey({ messageId: "<C@x>" })).toBe("c@x");
    expect(threadKey({})).toBeNull();
  });
});

describe("lookbackCutoff", () => {
  const now = new Date("2026-04-01T12:00:00Z");
  it("goes back 90 days by default, or as configured", () => {
    expect(lookbackCutoff(now).toISOString()).toBe("2026-01-01T12:00:00.000Z");
    expect(lookbackCutoff(now, 1).toISOString()).toBe("2026-03-31T12:00:00.000Z");
  });
  it("clamps nonsense", () => {
    expect(lookbackCutoff(now, -5).toISOString()).toBe(now.toISOString());
    expect(lookbackCutoff(now, Number.NaN).toISOString()).toBe("2026-01-01T12:00:00.000Z");
    expect(lookbackCutoff(now, 1e9).getTime()).toBe(now.getTime() - 3650 * 86_400_000);
  });
});
