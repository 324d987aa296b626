import { describe, expect, it } from "vitest";
import { memoryLimiter } from "./graph-limiter";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("memoryLimiter (one JavaScript context)", () => {
  it("never lets the weights in use exceed its capacity, and a batch waits for a free mailbox", async () => {
    const limiter = memoryLimiter(4);
    let inUse = 0;
    let peak = 0;
    const order: string[] = [];
    const task = (name: string, weight: number) =>
      limiter.run(weight, async () => {
        inUse += weight;
        peak = Math.max(peak, inUse);
        order.push(`start ${name}`);
        await tick();
        inUse -= weight;
      });
    await Promise.all([task("a", 1), task("b", 1), task("batch", 4), task("c", 1), task("d", 1)]);
    expect(peak).toBe(4);
    // FIFO: the batch goes before the requests that came after it, never overtaken (no starvation).
    expect(order.indexOf("start batch")).toBeLessThan(order.indexOf("start c"));
    expect(order.slice(0, 2)).toEqual(["start a", "start b"]);
  });

  it("gives the slots back when the work fails, and stops waiting when aborted", async () => {
    const limiter = memoryLimiter(1);
    await expect(limiter.run(1, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    let release!: () => void;
    const holder = limiter.run(1, () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = limiter.run(1, async () => "never", controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    release();
    await holder;
    expect(await limiter.run(1, async () => "free again")).toBe("free again");
  });

  it("caps a weight at its capacity (a batch of 20 uses 4 slots)", async () => {
    const limiter = memoryLimiter(4);
    let concurrent = 0;
    let peak = 0;
    await Promise.all(
      [20, 20, 1].map((w) =>
        limiter.run(w, async () => {
          concurrent++;
          peak = Math.max(peak, concurrent);
          await tick();
          concurrent--;
        }),
      ),
    );
    expect(peak).toBe(1); // each batch holds all four slots
  });
});
