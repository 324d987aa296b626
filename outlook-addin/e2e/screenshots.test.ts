import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  announceSkip,
  MAILBOX,
  openHarness,
  screenshotPane,
  selectMessage,
  startWorld,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// Every designed state of the task pane, in Office's light and dark themes, saved under test-results/outlook/
// (CI keeps them as artifacts). Each state is also asserted, so a screenshot of the wrong thing fails the test.

announceSkip("task-pane screenshots");

const THEMES = ["light", "dark"] as const;

/** Holds the customer-index request until released, so the cold-cache loading state can be seen. */
async function holdCustomerIndex(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  await page.context().route("**/api/v1/customer-index*", async (route: Route) => {
    await gate;
    await route.continue();
  });
  return release;
}

describe.skipIf(!HAS_CHROMIUM)("task-pane states, light and dark (e2e screenshots)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);

  for (const theme of THEMES) {
    it(`captures every state in the ${theme} theme`, { timeout: 300_000 }, async () => {
      // The pane fetches the customer index as soon as it connects: held from the start, the first message opens
      // on a cold cache and shows the loading state.
      let release: () => void = () => undefined;
      const { page, pane, context } = await openHarness(world, {
        theme,
        beforeOpen: async (p) => void (release = await holdCustomerIndex(p)),
      });
      const shot = (state: string) => screenshotPane(page, `${state}-${theme}`);
      const view = pane.locator("[data-testid=pane]");
      try {
        expect(await pane.locator("[data-theme]").first().getAttribute("data-theme")).toBe(theme);
        await pane.locator("[data-testid=state-empty]").waitFor({ timeout: 60_000 });
        await shot("empty");

        await selectMessage(page, { from: "wile.coyote@acme.com" });
        await pane.locator("[data-testid=state-loading]").waitFor({ timeout: 30_000 });
        await shot("loading");
        release();
        await pane.locator("[data-testid=customer-profile]").first().waitFor({ timeout: 60_000 });
        await pane.locator("[data-testid=history-item]").first().waitFor({ timeout: 30_000 });
        await shot("customer");

        await pane.locator("[data-testid=history-item]").first().click();
        // A reply opens on what its sender wrote; the whole email is one click further.
        await pane
          .locator("[data-testid=reply-text], [data-testid=email-frame]")
          .first()
          .waitFor({ timeout: 30_000 });
        const showQuoted = pane.locator("[data-testid=show-quoted]");
        if ((await showQuoted.count()) > 0) await showQuoted.click();
        await pane.frameLocator("[data-testid=email-frame]").locator("body").waitFor({ timeout: 30_000 });
        await shot("email-viewer");
        await pane.getByRole("button", { name: "Back" }).click();

        await selectMessage(page, { from: "news@techcrunch-digest.com" });
        await pane
          .locator("[data-testid=message-status][data-state=not-customer]")
          .waitFor({ timeout: 30_000 });
        await shot("not-customer");

        await selectMessage(page, { from: "gavin.belson@hooli.xyz" });
        await pane.locator("[data-testid=customer-profile]").first().waitFor({ timeout: 30_000 });
        await pane.locator("[data-testid=sender-menu]").click();
        await pane.getByRole("menuitem", { name: "Exclude sender" }).click();
        await pane.locator("[data-testid=exclude-confirm]").click();
        await pane.locator("[data-testid=message-status][data-state=excluded]").waitFor({ timeout: 30_000 });
        await pane.getByRole("dialog").waitFor({ state: "detached", timeout: 30_000 });
        await shot("excluded");
        await pane.locator("[data-testid=notice-undo]").click();
        await pane
          .locator("[data-testid=message-status]:not([data-state=excluded])")
          .waitFor({ timeout: 30_000 });

        // One message selected with a click, two more with their checkboxes (Ctrl-click in Outlook).
        await page
          .locator("[data-testid=message-row]")
          .nth(0)
          .click({ position: { x: 200, y: 20 } });
        const boxes = page.locator("[data-testid=message-row] input[type=checkbox]");
        await boxes.nth(1).check();
        await boxes.nth(2).check();
        await pane.locator("[data-testid=selection-view]").waitFor({ timeout: 30_000 });
        expect(await pane.locator("[data-testid=sync-selected]").textContent()).toBe("Sync 3 selected");
        await shot("selection");

        await selectMessage(page, { from: "wile.coyote@acme.com" });
        await pane.locator("[data-testid=open-settings]").click();
        await pane.locator("[data-testid=folder-tree]").waitFor({ timeout: 30_000 });
        await shot("settings");
        await pane.getByRole("button", { name: "Cancel" }).click();

        // Outlook has the message already; the pane has never asked Touchbase about it.
        const offlineRow = page
          .locator('[data-testid=message-row][data-from="road.runner@acme.com"]')
          .first();
        const restId = (await offlineRow.getAttribute("data-id"))!;
        await page.evaluate(
          (id) =>
            (
              window as unknown as { touchbaseHarnessControl: { loadItem(id: string): Promise<unknown> } }
            ).touchbaseHarnessControl.loadItem(id),
          restId.replace(/-/g, "/").replace(/_/g, "+"),
        );
        await context.setOffline(true);
        await selectMessage(page, { from: "road.runner@acme.com" });
        await pane.locator("[data-testid=state-offline]").waitFor({ timeout: 30_000 });
        await pane.locator("[data-testid=profile-unavailable]").first().waitFor({ timeout: 30_000 });
        await shot("offline");
        await context.setOffline(false);

        await page.locator("[data-testid=sign-out]").click();
        await pane.locator("[data-testid=state-signed-out]").waitFor({ timeout: 30_000 });
        await shot("signed-out");
        expect(await view.count()).toBe(0);
      } finally {
        await context.close();
      }

      // A server failing on a cold cache: the error state with its retry.
      const failing = await openHarness(world, { theme });
      try {
        await failing.context.route("**/api/v1/customer-index*", (route) =>
          route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({
              error: {
                code: "unavailable",
                message: "The Touchbase server is restarting. Try again in a minute.",
              },
            }),
          }),
        );
        await selectMessage(failing.page, { from: "wile.coyote@acme.com" });
        const error = failing.pane.locator("[data-testid=state-error]");
        await error.waitFor({ timeout: 60_000 });
        expect(await error.textContent()).toContain("The Touchbase server is restarting.");
        await screenshotPane(failing.page, `error-${theme}`);
        await failing.context.unroute("**/api/v1/customer-index*");
        await failing.pane.getByRole("button", { name: "Try again" }).click();
        await failing.pane.locator("[data-testid=customer-card]").first().waitFor({ timeout: 60_000 });
      } finally {
        await failing.context.close();
      }
    });
  }

  // After every other state: this scene adds a customer and a message that the states above must not see.
  /** A customer with one email waiting three days and twelve answered in 4 hours, once for both themes. */
  let signalsScene: Promise<{ subject: string }> | null = null;
  const sceneWithSignals = () =>
    (signalsScene ??= (async () => {
      const HOUR = 3_600_000;
      const subject = "Renewal terms for next year";
      const asked = new Date(Date.now() - 3 * 24 * HOUR - HOUR).toISOString();
      const messageId = `<waiting-${Date.now()}@initech-signals.test>`;
      const text =
        "Could you send the renewal terms before Friday?\n\nThanks,\nBill\n\n" +
        "On Mon, Jun 1, 2026 at 9:00 AM, Alex Admin <admin@touchbase.local> wrote:\n> Hi Bill, the renewal is due next month.";
      await world.api.createCustomer({ name: "Initech", domains: ["initech-signals.test"] });
      await world.sim.control("POST", "/_sim/messages", {
        mailbox: MAILBOX,
        folder: "inbox",
        from: "Bill Lumbergh <bill@initech-signals.test>",
        to: [MAILBOX],
        subject,
        text,
        internetMessageId: messageId,
        receivedDateTime: asked,
      });
      const history = Array.from({ length: 12 }, (_, i) => {
        const at = Date.now() - (10 + i * 5) * 24 * HOUR;
        const id = `<asked-${i}-${at}@initech-signals.test>`;
        return [
          {
            messageId: id,
            from: "bill@initech-signals.test",
            to: MAILBOX,
            subject: `Question ${i + 1}`,
            sentAt: new Date(at).toISOString(),
            text: "A question.",
          },
          {
            messageId: `<answer-${i}-${at}@touchbase.local>`,
            from: MAILBOX,
            to: "bill@initech-signals.test",
            subject: `Re: Question ${i + 1}`,
            sentAt: new Date(at + 4 * HOUR).toISOString(),
            inReplyTo: id,
            references: id,
            text: "An answer.",
          },
        ];
      }).flat();
      const stored = await world.api.syncEmails([
        {
          messageId,
          from: "Bill Lumbergh <bill@initech-signals.test>",
          to: MAILBOX,
          subject,
          sentAt: asked,
          text,
        },
        ...history,
      ]);
      expect(stored.results.map((r) => r.status)).toEqual(stored.results.map(() => "stored"));
      return { subject };
    })());

  for (const theme of THEMES) {
    it(`shows conversation signals and the reply first (${theme})`, { timeout: 180_000 }, async () => {
      const { subject } = await sceneWithSignals();
      const { page, pane, context } = await openHarness(world, { theme });
      try {
        await selectMessage(page, { subject });
        const signals = pane.locator("[data-testid=customer-signals]");
        await signals.waitFor({ timeout: 60_000 });
        expect(await pane.locator("[data-testid=signal-waiting]").textContent()).toContain(
          "Waiting for a reply for 3 days",
        );
        expect(await pane.locator("[data-testid=signal-waiting-thread]").textContent()).toBe(subject);
        expect(await pane.locator("[data-testid=signal-median]").textContent()).toBe(
          "Median reply 4 h (12 replies)",
        );
        await signals.scrollIntoViewIfNeeded();
        await screenshotPane(page, `signals-${theme}`);
        // The waiting thread opens in the viewer: what Bill wrote first, the quoted history on request.
        await pane.locator("[data-testid=signal-waiting-thread]").click();
        const reply = pane.locator("[data-testid=reply-text]");
        await reply.waitFor({ timeout: 30_000 });
        expect(await reply.textContent()).toBe(
          "Could you send the renewal terms before Friday?\n\nThanks,\nBill",
        );
        expect(await pane.locator("[data-testid=email-frame]").count()).toBe(0);
        await screenshotPane(page, `reply-first-${theme}`);
        await pane.getByRole("button", { name: "Show quoted text" }).click();
        await pane.frameLocator("[data-testid=email-frame]").locator("body").waitFor({ timeout: 30_000 });
        await screenshotPane(page, `reply-quoted-${theme}`);
      } finally {
        await context.close();
      }
    });
  }
});
