import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_STRANGERS } from "../../dev/demo-workspace";
import {
  announceSkip,
  MAILBOX,
  openHarness,
  storedEmails,
  waitForState,
  type World,
  startWorld,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// The task pane and the ribbon command in one Outlook window (two frames of the harness, as in Outlook on the
// web): the ribbon's uploads reach an open pane, one folder syncs once at a time, both share the mailbox's
// 4 concurrent Graph requests, a pane sync survives navigation, and Sync N selected works on Mailbox 1.14.

announceSkip("pane and ribbon together");

interface SimMessage {
  id: string;
  internetMessageId: string;
  kind: string | null;
  subject: string;
}

describe.skipIf(!HAS_CHROMIUM)("task pane and ribbon together (e2e)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);
  afterEach(async () => {
    await world?.sim.control("POST", "/_sim/faults", { clear: true, latencyMs: 0 });
  });

  async function folderOf(name: string, count: number, seed: number) {
    const generated = await world.sim.control<{ folderId: string }>("POST", "/_sim/generate", {
      mailbox: MAILBOX,
      count,
      customerRatio: 0.35,
      customers: DEMO_CUSTOMERS.map((c) => ({ name: c.name, domains: c.domains, contacts: c.contacts })),
      strangers: DEMO_STRANGERS,
      daysBack: 40,
      seed,
      folder: name,
    });
    const messages = await world.sim.control<SimMessage[]>(
      "GET",
      `/_sim/messages?mailbox=${encodeURIComponent(MAILBOX)}&folder=${encodeURIComponent(generated.folderId)}`,
    );
    return { folderId: generated.folderId, messages };
  }

  async function openInFolder(page: Page, folderId: string, message: SimMessage): Promise<void> {
    await page.locator(`[data-testid=folder][data-folder-id="${folderId}"]`).click();
    await page
      .locator(`[data-testid=message-row][data-id="${message.id}"]`)
      .click({ position: { x: 200, y: 20 }, timeout: 60_000 });
  }

  async function runRibbon(page: Page): Promise<void> {
    const ribbon = page.locator("[data-testid=ribbon-sync-folder]");
    await expect.poll(() => ribbon.isEnabled(), { timeout: 60_000 }).toBe(true);
    await ribbon.click();
    await expect.poll(() => ribbon.textContent(), { timeout: 10_000 }).toBe("Syncing folder…");
  }

  const ribbonDone = (page: Page) =>
    expect
      .poll(() => page.locator("[data-testid=ribbon-sync-folder]").textContent(), {
        timeout: 240_000,
        interval: 500,
      })
      .toBe("Sync folder");

  it(
    "the ribbon's Sync folder turns the open pane's Not synced into Synced, untouched",
    { timeout: 300_000 },
    async () => {
      const { folderId, messages } = await folderOf("Ribbon to pane", 60, 501);
      const open = messages.find((m) => m.kind === "customer")!;
      const { page, pane, context } = await openHarness(world);
      try {
        await openInFolder(page, folderId, open);
        await waitForState(pane, open.internetMessageId, "not-synced");
        await runRibbon(page);
        await ribbonDone(page);
        // No click in the pane: the ribbon's frame told it (BroadcastChannel) and it asked the server again.
        await waitForState(pane, open.internetMessageId, "synced", 60_000);
      } finally {
        await context.close();
      }
    },
  );

  it(
    "while the ribbon syncs a folder, the pane's Sync this folder says it is already running",
    { timeout: 300_000 },
    async () => {
      const { folderId, messages } = await folderOf("Busy folder", 160, 502);
      await world.sim.control("POST", "/_sim/faults", { latencyMs: 120 });
      const { page, pane, context } = await openHarness(world);
      try {
        await openInFolder(page, folderId, messages[0]);
        await pane.locator("[data-testid=message-view]").waitFor({ timeout: 60_000 });
        await runRibbon(page);
        await pane.locator("[data-testid=sync-this-folder]").click();
        const busy = pane.locator("[data-testid=folder-sync-error]");
        await busy.waitFor({ timeout: 60_000 });
        expect(await busy.getAttribute("data-code")).toBe("folder_busy");
        expect(await busy.textContent()).toContain("This folder is already being synced");
        await ribbonDone(page);
        await world.sim.control("POST", "/_sim/faults", { latencyMs: 0 });
        // Once the ribbon is done, the pane's run finds the folder up to date.
        await pane.locator("[data-testid=sync-this-folder]").click();
        const summary = pane.locator("[data-testid=folder-sync-summary]");
        await summary.waitFor({ timeout: 120_000 });
        expect(await summary.textContent()).toMatch(/^This folder is up to date: 0 scanned/);
      } finally {
        await context.close();
      }
    },
  );

  it(
    "pane and ribbon syncing at once stay within the mailbox's 4 concurrent Graph requests",
    { timeout: 400_000 },
    async () => {
      const { folderId, messages } = await folderOf("Side by side", 300, 503);
      await world.sim.control("POST", "/_sim/faults", { latencyMs: 40 });
      await world.sim.control("DELETE", "/_sim/log");
      const { page, pane, context } = await openHarness(world);
      try {
        await openInFolder(page, folderId, messages[0]);
        await pane.locator("[data-testid=message-view]").waitFor({ timeout: 60_000 });
        await runRibbon(page);
        // Meanwhile the pane syncs the user's chosen folders (Inbox and Sent Items): two frames, one mailbox.
        await pane.locator("[data-testid=sync-chosen-folders]").click();
        await pane.locator("[data-testid=folder-sync-summary]").waitFor({ timeout: 300_000 });
        await ribbonDone(page);
        const stats = await world.sim.control<{ peakConcurrency: number; mailboxConcurrency429: number }>(
          "GET",
          `/_sim/stats?mailbox=${encodeURIComponent(MAILBOX)}`,
        );
        expect(stats.mailboxConcurrency429).toBe(0);
        expect(stats.peakConcurrency).toBeLessThanOrEqual(4);
        expect(stats.peakConcurrency).toBeGreaterThanOrEqual(2);
        expect(await page.locator("[data-testid=harness-error]").count()).toBe(0);
      } finally {
        await context.close();
      }
    },
  );

  it(
    "a pane folder sync goes on while Settings is open, and shows its result when the pane is back",
    { timeout: 300_000 },
    async () => {
      const { folderId, messages } = await folderOf("Keeps going", 150, 504);
      const customer = new Set(messages.filter((m) => m.kind === "customer").map((m) => m.internetMessageId));
      await world.sim.control("POST", "/_sim/faults", { latencyMs: 60 });
      const { page, pane, context } = await openHarness(world);
      try {
        await openInFolder(page, folderId, messages[0]);
        await pane.locator("[data-testid=message-view]").waitFor({ timeout: 60_000 });
        await pane.locator("[data-testid=sync-this-folder]").click();
        await pane.locator("[data-testid=folder-sync-progress]").waitFor({ timeout: 60_000 });
        await pane.locator("[data-testid=open-settings]").click();
        await pane.locator("[data-testid=settings]").waitFor();
        // With Settings open (the panel unmounted), every customer email of the folder still reaches the backend.
        await expect
          .poll(
            async () => {
              const stored = new Set((await storedEmails(world.api)).map((e) => e.messageId));
              return [...customer].filter((id) => !stored.has(id)).length;
            },
            { timeout: 240_000, interval: 1000 },
          )
          .toBe(0);
        expect(await pane.locator("[data-testid=settings]").count()).toBe(1);
        await pane.getByRole("button", { name: "Cancel" }).click();
        const summary = pane.locator("[data-testid=folder-sync-summary]");
        await summary.waitFor({ timeout: 60_000 });
        expect(await summary.textContent()).toMatch(
          new RegExp(
            `^This folder is up to date: 150 scanned, ${customer.size} customer emails, ${customer.size} uploaded`,
          ),
        );
      } finally {
        await context.close();
      }
    },
  );

  it(
    "Sync N selected on Mailbox 1.14 (no loadItemByIdAsync) reads the messages through Graph",
    { timeout: 240_000 },
    async () => {
      const tag = Date.now();
      const picks = [
        {
          from: "Pepper Potts <pepper.potts@stark-industries.com>",
          subject: `Older Outlook A ${tag}`,
          customer: true,
        },
        { from: "Mom <mom.family@gmail.com>", subject: `Older Outlook B ${tag}`, customer: false },
        {
          from: "Lucius Fox <lucius.fox@wayne-enterprises.com>",
          subject: `Older Outlook C ${tag}`,
          customer: true,
        },
      ].map((p, i) => ({ ...p, id: `<older-${i}-${tag}@${p.from.split("@")[1].replace(">", "")}>` }));
      for (const p of picks) {
        await world.sim.control("POST", "/_sim/messages", {
          mailbox: MAILBOX,
          folder: "inbox",
          from: p.from,
          to: [MAILBOX],
          subject: p.subject,
          text: "Selected on an older Outlook.",
          internetMessageId: p.id,
        });
      }
      const { page, pane, context } = await openHarness(world, { mailboxVersion: "1.14" });
      try {
        await world.sim.control("DELETE", "/_sim/log");
        const row = (subject: string) => page.locator(`[data-testid=message-row][data-subject="${subject}"]`);
        await row(picks[0].subject).click({ position: { x: 200, y: 20 } });
        await row(picks[1].subject).locator("input[type=checkbox]").check();
        await row(picks[2].subject).locator("input[type=checkbox]").check();
        const button = pane.locator("[data-testid=sync-selected]");
        await expect.poll(() => button.textContent(), { timeout: 30_000 }).toBe("Sync 3 selected");
        expect(await button.isEnabled()).toBe(true);
        await button.click();
        await expect
          .poll(() => pane.locator("[data-testid=notice]").textContent(), { timeout: 60_000 })
          .toBe("2 emails synced. 1 email is not customer mail and stays in Outlook.");
        const log = await world.sim.control<{ url: string; kind: string }[]>("GET", "/_sim/log");
        const read = log.filter((r) => r.kind === "member" && r.url.startsWith("/me/messages/"));
        expect(read).toHaveLength(3);
        for (const p of picks) {
          const address = /<([^>]+)>/.exec(p.from)![1];
          const lookup = await world.api.lookup({ emails: [address], messageId: p.id });
          expect(Boolean(lookup.message?.emailId), p.subject).toBe(p.customer);
        }
      } finally {
        await context.close();
      }
    },
  );
});
