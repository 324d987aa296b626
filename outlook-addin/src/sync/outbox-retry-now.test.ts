import { describe, expect, it } from "vitest";
import type { EmailInput } from "../../../shared";
import { engineFor, OWNER, backendSideForSuite } from "./testing/sync-fixture";

const email = (n: number): EmailInput => ({
  messageId: `<retry-now-${n}@acme.com>`,
  from: "Wile Coyote <wile.coyote@acme.com>",
  to: OWNER.address,
  subject: `Order ${n}`,
  sentAt: new Date(Date.UTC(2026, 0, 2, 0, n)).toISOString(),
  text: `Order number ${n}`,
});

describe("outbox: Retry now", () => {
  const side = backendSideForSuite();

  it("sends what waits at once when the server is back, whatever the backoff said, and the count follows", async () => {
    const engine = await engineFor(side, null);
    await engine.index.refresh({ force: true });
    side.proxy.setTarget(null); // the server is gone
    try {
      await engine.syncMessages([email(1), email(2)]);
    } finally {
      side.proxy.setTarget(side.backend.url);
    }
    expect(engine.outbox.status()).toMatchObject({ pending: 2, lastError: { code: "unreachable" } });
    expect(engine.outbox.status().nextAttemptAt).toBeGreaterThan(Date.now());

    // A plain drain respects the backoff: nothing is due yet.
    await engine.outbox.drain();
    expect(engine.outbox.status().pending).toBe(2);

    const counts: number[] = [];
    engine.outbox.subscribe((s) => counts.push(s.pending));
    const outcomes = await engine.outbox.drain({ retryNow: true });
    expect(outcomes.map((o) => o.status)).toEqual(["stored", "stored"]);
    expect(engine.outbox.status()).toMatchObject({ pending: 0, lastError: null });
    expect(counts.at(-1)).toBe(0);
    await engine.close();
  });
});
