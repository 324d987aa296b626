import { describe, expect, it } from "vitest";
import type { EmailInput } from "../../../shared";
import { spawnBackend } from "../../../dev/spawn-backend";
import { backoffDelay } from "./outbox";
import { postedEmails } from "./testing/recording-proxy";
import {
  engineFor,
  manualOnline,
  OWNER,
  backendSideForSuite,
  storedMessageIds,
  type BackendSide,
} from "./testing/sync-fixture";
import { normalizeMessageId } from "../../../shared";

const normalize = (id: string) => normalizeMessageId(id) ?? id;

const email = (n: number, extra: Partial<EmailInput> = {}): EmailInput => ({
  messageId: `<outbox-${n}@acme.com>`,
  from: "Wile Coyote <wile.coyote@acme.com>",
  to: OWNER.address,
  subject: `Order ${n}`,
  sentAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  text: `Order number ${n}`,
  ...extra,
});
const postCount = (side: BackendSide, id: string) =>
  postedEmails(side.proxy.requests).filter((e) => e.messageId === id).length;

describe("outbox against the real backend", () => {
  const side = backendSideForSuite();

  it("offline: emails wait in the outbox and drain when the connection returns, once", async () => {
    const online = manualOnline(false);
    const engine = await engineFor(side, null, { online, startOutbox: true });
    const statuses: number[] = [];
    engine.outbox.subscribe((s) => statuses.push(s.pending));
    const result = await engine.syncMessages([email(1), email(2)]);
    expect(result.outcomes.map((o) => o.status)).toEqual(["queued", "queued"]);
    expect(engine.outbox.status()).toMatchObject({ pending: 2, online: false });
    expect(postCount(side, "<outbox-1@acme.com>")).toBe(0);

    online.set(true);
    await expect.poll(() => engine.outbox.status().pending, { timeout: 20_000 }).toBe(0);
    expect(engine.outbox.outcome(result.outcomes[0].key)?.status).toBe("stored");
    expect(postCount(side, "<outbox-1@acme.com>")).toBe(1);
    expect(statuses).toContain(2);
    expect(statuses.at(-1)).toBe(0);
    await engine.close();
  });

  it("backend down: the outbox keeps the emails with a sentence, survives a reload, and drains when the server is back", async () => {
    const first = await engineFor(side, null);
    await first.index.refresh({ force: true }); // classifying works offline from the cached index
    side.proxy.setTarget(null); // the server is gone: connections are dropped
    let result;
    try {
      result = await first.syncMessages([email(3), email(4)]);
    } finally {
      side.proxy.setTarget(side.backend.url);
    }
    expect(result.outcomes.map((o) => o.status)).toEqual(["queued", "queued"]);
    expect(result.error).toEqual({
      code: "unreachable",
      message: "The Touchbase server could not be reached. Check the server URL and your connection.",
    });
    expect(first.outbox.status()).toMatchObject({ pending: 2, lastError: { code: "unreachable" } });
    expect(first.outbox.status().nextAttemptAt).toBeGreaterThan(Date.now());
    expect(postCount(side, "<outbox-3@acme.com>")).toBe(1); // the attempt reached the (dead) proxy once
    await first.close();

    // A reload with the server back: a new engine on the same database finds the queue and, once connectivity
    // is confirmed, sends it at once whatever the backoff said.
    const online = manualOnline(true);
    const second = await engineFor(side, null, { storeName: first.storePrefix, online, startOutbox: true });
    expect(await second.outbox.pendingFor("message")).toBe(2);
    online.set(true);
    // The count reads 0 until the reloaded queue is counted: wait for the drain's upload itself first.
    await expect.poll(() => postCount(side, "<outbox-3@acme.com>"), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => second.outbox.status().pending, { timeout: 20_000 }).toBe(0);
    const stored = (await storedMessageIds(side.direct)).map(normalize);
    expect(stored).toEqual(
      expect.arrayContaining(["<outbox-3@acme.com>", "<outbox-4@acme.com>"].map(normalize)),
    );
    expect(postCount(side, "<outbox-3@acme.com>")).toBe(2);
    await second.close();
  });

  it("a retry never duplicates: the server answers 'duplicate' for what it already has", async () => {
    const engine = await engineFor(side, null);
    const first = await engine.syncMessages([email(5)]);
    expect(first.outcomes[0].status).toBe("stored");
    const again = await engine.syncMessages([email(5)]);
    expect(again.outcomes[0].status).toBe("duplicate");
    const { emails } = await side.direct.customerEmails({
      customerId: first.outcomes[0].customerIds![0],
      limit: 100,
    });
    expect(emails.filter((e) => e.messageId?.includes("outbox-5@acme.com"))).toHaveLength(1);
    await engine.close();
  });

  it("one email the server refuses does not hold back the others", async () => {
    const engine = await engineFor(side, null);
    const huge = email(6, { subject: "x".repeat(5000) }); // over the contract's 4,000-character subject
    const result = await engine.syncMessages([email(7), huge, email(8)]);
    expect(result.outcomes.map((o) => [o.messageId, o.status])).toEqual([
      ["<outbox-7@acme.com>", "stored"],
      ["<outbox-6@acme.com>", "invalid"],
      ["<outbox-8@acme.com>", "stored"],
    ]);
    expect(result.outcomes[1].reason).toBeTruthy();
    expect(engine.outbox.status().pending).toBe(0);
    await engine.close();
  });

  it("remove from Touchbase really deletes, and excluding a sender with purge removes what is stored", async () => {
    const engine = await engineFor(side, null);
    const kept = await engine.syncMessages([email(20)]);
    const stored = kept.outcomes[0];
    expect(stored.status).toBe("stored");
    await engine.api.removeEmail(stored.emailId!);
    await expect(side.direct.email(stored.emailId!)).rejects.toMatchObject({ status: 404 });

    const sender = "bugs.bunny@acme.com";
    const synced = await engine.syncMessages([
      email(21, { from: `Bugs <${sender}>` }),
      email(22, { from: `Bugs <${sender}>` }),
    ]);
    expect(synced.outcomes.map((o) => o.status)).toEqual(["stored", "stored"]);
    const excluded = await engine.exclude({ kind: "address", value: sender, purge: true });
    expect(excluded.purged).toBe(2);
    expect(excluded.exclusion).toMatchObject({ kind: "address", value: sender, scope: "user" });
    for (const o of synced.outcomes)
      await expect(side.direct.email(o.emailId!)).rejects.toMatchObject({ status: 404 });
    // Their next email is not even sent.
    const next = await engine.syncMessages([email(23, { from: `Bugs <${sender}>` })]);
    expect(next).toMatchObject({
      outcomes: [],
      notSent: [{ messageId: "<outbox-23@acme.com>", reason: "excluded" }],
    });
    // Undo: the exclusion goes; purged emails stay gone until synced again.
    await excluded.undo();
    const again = await engine.syncMessages([email(23, { from: `Bugs <${sender}>` })]);
    expect(again.outcomes[0].status).toBe("stored");
    await engine.close();
  });

  it("a refused token keeps the emails and says what to fix", async () => {
    const other = await spawnBackend({ timeoutMs: 90_000 });
    try {
      side.proxy.setTarget(other.url); // a server that does not know this token
      const engine = await engineFor(side, null);
      // Classifying needs the index, which this server refuses too; use the cached one from a working server.
      side.proxy.setTarget(side.backend.url);
      await engine.index.refresh({ force: true });
      side.proxy.setTarget(other.url);
      const result = await engine.syncMessages([email(9)]);
      expect(result.outcomes[0].status).toBe("queued");
      expect(result.error?.message).toBe(
        "This access token was not accepted: it was revoked or never existed. Make a new one with " +
          "`touchbase tokens create` (or POST /api/v1/tokens while signed in).",
      );
      expect(engine.outbox.status().pending).toBe(1);
      await engine.close();
    } finally {
      side.proxy.setTarget(side.backend.url);
      await other.stop();
    }
  });
});

describe("backoffDelay", () => {
  it("doubles from about 2 s to a 5-minute cap, jittered within the upper half", () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffDelay(30, () => 1)).toBe(300_000);
  });
});
