// The backend's Content-Security-Policy as Chromium enforces it: the harness and the task pane run under it without
// a single violation (Office.js, Fluent's run-time styles, the Graph simulator, the email viewer), another origin
// cannot frame the harness, and a customer email's links open without escaping the viewer's sandbox.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addInboxMessage,
  announceSkip,
  MAILBOX,
  startWorld,
  syncAndView,
  withHarness,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

if (!HAS_CHROMIUM) announceSkip("the Content-Security-Policy checks");

const CSP_MESSAGE =
  /Content Security Policy|Content-Security-Policy|Refused to (load|frame|connect|execute|apply)/i;

describe.skipIf(!HAS_CHROMIUM)("Content-Security-Policy in Chromium (e2e)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);

  it(
    "runs the harness, the pane and the email viewer without a CSP violation",
    { timeout: 180_000 },
    async () => {
      const messages: string[] = [];
      const listen = (p: Page) => p.on("console", (m) => messages.push(m.text()));
      await withHarness(
        world,
        async ({ page, pane }) => {
          const subject = `Links ${Date.now()}`;
          const messageId = `<links-${Date.now()}@acme.com>`;
          const html = '<p id="text">Our <a id="link" href="https://acme.example/pricing">pricing</a>.</p>';
          await addInboxMessage(world, { subject, messageId, html });
          const { frame, email } = await syncAndView(page, pane, { subject, messageId });
          await email.locator("#text").waitFor();
          // A page opened from the email keeps the frame's sandbox and gets neither opener nor referrer.
          expect(await frame.getAttribute("sandbox")).toBe("allow-popups");
          expect(await email.locator("#link").getAttribute("rel")).toBe("noopener noreferrer");
          expect(await email.locator("#link").getAttribute("target")).toBe("_blank");
          expect(messages.filter((m) => CSP_MESSAGE.test(m))).toEqual([]);
        },
        { beforeOpen: listen },
      );
    },
  );

  it("does not let a page of another origin frame the harness", { timeout: 120_000 }, async () => {
    const context = await world.browser.newContext();
    try {
      const page = await context.newPage();
      const messages: string[] = [];
      page.on("console", (m) => messages.push(m.text()));
      // The simulator's origin is another port: another origin, as an attacker's page would be.
      await page.goto(`${world.sim.url}/_sim/messages?mailbox=${encodeURIComponent(MAILBOX)}`);
      await page.evaluate((src) => {
        const iframe = document.createElement("iframe");
        iframe.src = src;
        document.body.append(iframe);
      }, `${world.backend.url}/outlook/harness.html`);
      await expect
        .poll(() => messages.some((m) => /frame-ancestors/.test(m)), { timeout: 20_000 })
        .toBe(true);
      const child = page.frames().find((f) => f.url().includes("/outlook/harness.html"));
      const loaded = child
        ? await child.evaluate(() => document.querySelector("#root") !== null).catch(() => false)
        : false;
      expect(loaded).toBe(false);
    } finally {
      await context.close();
    }
  });
});
