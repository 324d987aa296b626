import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceSkip, launchBrowser } from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// The Graph limiter over real Web Locks: two same-origin frames of one window (the task pane and the ribbon's
// function file in Outlook) share the mailbox's 4 slots, batches and single requests mixed, without deadlock.

announceSkip("the Graph limiter over Web Locks");

const FRAME = `<!doctype html><script src="/limiter.js"></script><script>
  const name = new URLSearchParams(location.search).get("name");
  const limiter = TB.webLocksLimiter(navigator.locks, "graph:test-mailbox");
  const weights = [1, 20, 1, 1, 4, 1, 2, 1, 20, 1, 1, 3, 1];
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  Promise.all(weights.map((w, i) => limiter.run(w, async () => {
    const used = Math.min(4, w);
    parent.active += used;
    parent.peak = Math.max(parent.peak, parent.active);
    parent.log.push(name + i);
    await sleep(10 + (i % 3) * 7);
    parent.active -= used;
  }))).then(() => parent.done.push(name));
</script>`;

const PAGE = `<!doctype html><script>window.active = 0; window.peak = 0; window.log = []; window.done = [];</script>
<iframe src="/frame.html?name=pane-"></iframe><iframe src="/frame.html?name=ribbon-"></iframe>`;

describe.skipIf(!HAS_CHROMIUM)("Graph limiter over Web Locks in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let url = "";
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [resolve(import.meta.dirname, "../src/graph/graph-limiter.ts")],
      bundle: true,
      write: false,
      format: "iife",
      globalName: "TB",
      target: "es2020",
    });
    const limiterJs = bundle.outputFiles[0].text;
    server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const [type, body] =
        path === "/limiter.js"
          ? ["text/javascript", limiterJs]
          : path === "/frame.html"
            ? ["text/html", FRAME]
            : ["text/html", PAGE];
      res.writeHead(200, { "content-type": type });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it("two frames never use more than the mailbox's 4 slots together, and both finish", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction("window.done.length === 2", undefined, { timeout: 30_000 });
      const result = (await page.evaluate(
        "({ peak: window.peak, active: window.active, log: window.log })",
      )) as {
        peak: number;
        active: number;
        log: string[];
      };
      expect(result.peak).toBe(4); // a batch used the whole mailbox, and nothing ran beside it
      expect(result.active).toBe(0);
      expect(result.log).toHaveLength(26);
      expect(result.log.filter((l) => l.startsWith("pane-"))).toHaveLength(13);
    } finally {
      await page.close();
    }
  });
});
