import type { Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_STRANGERS } from "../../dev/demo-workspace";
import {
  announceSkip,
  MAILBOX,
  openHarness,
  screenshotPane,
  startWorld,
  storedEmails,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

announceSkip("folder sync");

interface SimSummary {
  id: string;
  internetMessageId: string;
  kind: string | null;
}

describe.skipIf(!HAS_CHROMIUM)("Sync folder from the ribbon (e2e)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);

  it(
    "syncs a folder of 2,000 messages: the backend holds exactly the customer ones",
    { timeout: 420_000 },
    async () => {
      const generated = await world.sim.control<{ created: number; folderId: string }>(
        "POST",
        "/_sim/generate",
        {
          mailbox: MAILBOX,
          count: 2000,
          customerRatio: 0.2,
          customers: DEMO_CUSTOMERS.map((c) => ({ name: c.name, domains: c.domains, contacts: c.contacts })),
          strangers: DEMO_STRANGERS,
          bulkRatio: 0.05,
          daysBack: 60,
          seed: 2000,
          folder: "Customer projects",
        },
      );
      expect(generated.created).toBe(2000);
      const messages = await world.sim.control<SimSummary[]>(
        "GET",
        `/_sim/messages?mailbox=${encodeURIComponent(MAILBOX)}&folder=${encodeURIComponent(generated.folderId)}`,
      );
      const customerIds = new Set(
        messages.filter((m) => m.kind === "customer").map((m) => m.internetMessageId),
      );
      const otherIds = new Set(messages.filter((m) => m.kind !== "customer").map((m) => m.internetMessageId));
      expect(customerIds.size).toBeGreaterThan(300);
      const before = new Set((await storedEmails(world.api)).map((e) => e.messageId));

      const { page, pane, context } = await openHarness(world);
      // Every upload the browser makes (task pane and ribbon command alike), to prove nothing else leaves.
      const uploads: string[] = [];
      const otherRequests: string[] = [];
      page.on("request", (request: Request) => {
        const url = request.url();
        if (!url.startsWith(world.backend.url)) return;
        if (url.includes("/api/v1/emails/batch")) {
          const body = JSON.parse(request.postData() ?? "{}") as { emails?: { messageId: string }[] };
          uploads.push(...(body.emails ?? []).map((e) => e.messageId));
        } else if (request.method() !== "GET") {
          otherRequests.push(`${request.method()} ${url}`);
        }
      });
      try {
        await page.locator(`[data-testid=folder][data-folder-id="${generated.folderId}"]`).click();
        // The folder's newest message (the list loads after the click; an Inbox row would sync the Inbox).
        await page
          .locator(`[data-testid=message-row][data-id="${messages[0].id}"]`)
          .click({ position: { x: 200, y: 20 }, timeout: 60_000 });
        const ribbon = page.locator("[data-testid=ribbon-sync-folder]");
        await expect.poll(() => ribbon.isEnabled(), { timeout: 60_000 }).toBe(true);
        await ribbon.click();
        await expect.poll(() => ribbon.textContent(), { timeout: 10_000 }).toBe("Syncing folder…");
        // The ribbon reports in the item's notification bar, as Outlook shows it.
        await expect
          .poll(() => ribbon.textContent(), { timeout: 360_000, interval: 1000 })
          .toBe("Sync folder");
        const note = page.locator("[data-testid=item-notification]");
        const summary = (await note.textContent()) ?? "";
        expect(await note.getAttribute("data-type")).toBe("informationalMessage");
        expect(summary).toContain(
          `Touchbase: 2,000 scanned, ${customerIds.size.toLocaleString("en-US")} customer emails`,
        );
        expect(await page.locator("[data-testid=harness-error]").count()).toBe(0);

        const stored = await storedEmails(world.api);
        const fromFolder = stored.filter((e) => customerIds.has(e.messageId) || otherIds.has(e.messageId));
        expect(new Set(fromFolder.map((e) => e.messageId))).toEqual(customerIds);
        expect(fromFolder).toHaveLength(customerIds.size); // no duplicates
        expect(stored.filter((e) => !before.has(e.messageId) && !customerIds.has(e.messageId))).toEqual([]);
        // Privacy: the browser uploaded customer emails only (each once), and made no other writes.
        expect(uploads.filter((id) => !customerIds.has(id))).toEqual([]);
        expect(new Set(uploads)).toEqual(customerIds);
        expect(otherRequests).toEqual([]);

        // The same folder again from the pane: nothing new, one Graph request for the delta replay.
        await world.sim.control("DELETE", "/_sim/log");
        await pane.locator("[data-testid=sync-this-folder]").click();
        const done = pane.locator("[data-testid=folder-sync-summary]");
        await done.waitFor({ timeout: 120_000 });
        expect(await done.textContent()).toMatch(/^This folder is up to date: 0 scanned/);
        await screenshotPane(page, "folder-sync-summary-light");
        const log = await world.sim.control<{ url: string; kind: string; method: string }[]>(
          "GET",
          "/_sim/log",
        );
        const graph = log.filter((r) => r.kind === "http" && r.url.startsWith("/me/"));
        // One request to find the open message's folder, one to replay the stored delta link.
        expect(graph.map((r) => (r.url.includes("/delta") ? "delta" : r.url.split("?")[0]))).toEqual([
          `/me/messages/${messages[0].id}`,
          "delta",
        ]);
      } finally {
        await context.close();
      }
    },
  );
});
