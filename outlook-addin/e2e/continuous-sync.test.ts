// Continuous sync in the browser (issue 14): after the first Sync, the chosen folders keep syncing with nobody
// clicking — a new customer email is stored, a moved one is not uploaded again — Settings says when each folder
// synced and runs next, and a long throttle from Graph delays a sync with a sentence instead of failing it.
import type { FrameLocator, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

announceSkip("continuous sync");

interface SimSummary {
  id: string;
  folderId: string;
  internetMessageId: string;
  kind: string | null;
}

const CUSTOMER = "wile.coyote@acme.com";

/** Every Message-ID the browser (pane and ribbon frames) uploads, as many times as it uploads it. */
function recordUploads(page: Page, backendUrl: string): string[] {
  const uploads: string[] = [];
  page.on("request", (request: Request) => {
    if (!request.url().startsWith(backendUrl) || !request.url().includes("/api/v1/emails/batch")) return;
    const body = JSON.parse(request.postData() ?? "{}") as { emails?: { messageId: string }[] };
    uploads.push(...(body.emails ?? []).map((e) => e.messageId));
  });
  return uploads;
}

/** Settings → the interval → Save: the running schedule takes it at once. */
async function setSyncEvery(pane: FrameLocator, minutes: number): Promise<void> {
  await pane.locator("[data-testid=open-settings]").click();
  const every = pane.locator("[data-testid=settings-sync-every]");
  await every.fill(String(minutes));
  await every.blur();
  await pane.locator("[data-testid=settings-save]").click();
  await pane.locator("[data-testid=settings]").waitFor({ state: "detached" });
}

async function newCustomerEmail(world: World, subject: string, folder = "inbox"): Promise<SimSummary> {
  return world.sim.control<SimSummary>("POST", "/_sim/messages", {
    mailbox: MAILBOX,
    folder,
    from: { name: "Wile Coyote", address: CUSTOMER },
    to: [MAILBOX],
    subject,
    html: `<p>${subject}: the renewal paperwork is attached.</p>`,
  });
}

async function messagesIn(world: World, folder: string): Promise<SimSummary[]> {
  const query = `mailbox=${encodeURIComponent(MAILBOX)}&folder=${encodeURIComponent(folder)}`;
  return world.sim.control<SimSummary[]>("GET", `/_sim/messages?${query}`);
}

async function storedCount(world: World, messageId: string): Promise<number> {
  return (await storedEmails(world.api)).filter((e) => e.messageId === messageId).length;
}

/** The pane's "Sync Inbox and Sent Items" (the chosen folders), waited out to its summary. */
async function syncChosenFolders(pane: FrameLocator): Promise<string> {
  await pane.locator("[data-testid=sync-chosen-folders]").click();
  const summary = pane.locator("[data-testid=folder-sync-summary]");
  await summary.waitFor({ timeout: 180_000 });
  return (await summary.textContent()) ?? "";
}

describe.skipIf(!HAS_CHROMIUM)("continuous folder sync (e2e)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);

  it(
    "stores a new customer email without a click, never uploads a moved one twice, and says when folders sync",
    { timeout: 420_000 },
    async () => {
      const { page, pane, context } = await openHarness(world);
      const uploads = recordUploads(page, world.backend.url);
      try {
        await page
          .locator("[data-testid=message-row]")
          .first()
          .click({ position: { x: 200, y: 20 } });
        await setSyncEvery(pane, 1);
        expect(await syncChosenFolders(pane)).toMatch(/^Inbox and Sent Items are up to date/);

        // A customer email arrives while the pane is open: the next round (≤ 1 minute) stores it, no click.
        const arrived = await newCustomerEmail(world, "Arrived while the pane was open");
        await expect
          .poll(() => storedCount(world, arrived.internetMessageId), { timeout: 150_000, interval: 2000 })
          .toBe(1);

        // A synced customer email moves from the Inbox to Sent Items (both synced): with immutable ids it is
        // recognised as seen, so the browser never uploads it again and the backend keeps one row.
        const moved = (await messagesIn(world, "inbox")).find(
          (m) => m.kind !== null && uploads.includes(m.internetMessageId),
        )!;
        expect(moved).toBeDefined();
        const uploadsBefore = uploads.filter((id) => id === moved.internetMessageId).length;
        expect(uploadsBefore).toBe(1);
        await world.sim.control("DELETE", "/_sim/log");
        await world.sim.control("PATCH", `/_sim/messages/${encodeURIComponent(moved.id)}`, {
          mailbox: MAILBOX,
          folder: "sentitems",
        });
        // Wait for a round that replayed both folders' deltas after the move.
        await expect
          .poll(
            async () => {
              const log = await world.sim.control<{ url: string }[]>("GET", "/_sim/log");
              return log.filter((r) => r.url.includes("/messages/delta?$deltatoken=")).length;
            },
            { timeout: 150_000, interval: 2000 },
          )
          .toBeGreaterThanOrEqual(2);
        const log = await world.sim.control<{ url: string; kind: string }[]>("GET", "/_sim/log");
        expect(log.filter((r) => r.kind === "member" && r.url.includes(moved.id))).toEqual([]);
        expect(uploads.filter((id) => id === moved.internetMessageId)).toHaveLength(1);
        expect(await storedCount(world, moved.internetMessageId)).toBe(1);

        // Settings: each folder that keeps syncing, when it last synced and when it runs next.
        await pane.locator("[data-testid=open-settings]").click();
        const status = pane.locator("[data-testid=continuous-sync-status] li");
        await expect
          .poll(() => status.allTextContents(), { timeout: 30_000 })
          .toEqual([
            expect.stringMatching(
              /^Inbox — synced (just now|1 minute ago), (next in (less than a minute|1 minute)|syncing now)$/,
            ),
            expect.stringMatching(
              /^Sent Items — synced (just now|1 minute ago), (next in (less than a minute|1 minute)|syncing now)$/,
            ),
          ]);
        await pane.locator("[data-testid=continuous-sync-status]").scrollIntoViewIfNeeded();
        await screenshotPane(page, "continuous-sync-settings");
      } finally {
        await context.close();
      }
    },
  );

  it(
    "keeps going through a long throttle, saying so, and finishes when Graph takes requests again",
    { timeout: 300_000 },
    async () => {
      const generated = await world.sim.control<{ folderId: string }>("POST", "/_sim/generate", {
        mailbox: MAILBOX,
        count: 30,
        customerRatio: 0.5,
        customers: [{ name: "Acme Corporation", domains: ["acme.com"], contacts: [] }],
        seed: 1414,
        folder: "Throttled projects",
      });
      const { page, pane, context } = await openHarness(world);
      try {
        const messages = await messagesIn(world, generated.folderId);
        await page.locator(`[data-testid=folder][data-folder-id="${generated.folderId}"]`).click();
        await page
          .locator(`[data-testid=message-row][data-id="${messages[0].id}"]`)
          .click({ position: { x: 200, y: 20 }, timeout: 60_000 });
        // Graph throttles two of the body batch's members, asking for 20 seconds (the client waits once for both).
        await world.sim.control("POST", "/_sim/faults", {
          faults: [{ status: 429, count: 2, scope: "member", retryAfterSeconds: 20 }],
        });
        const started = Date.now();
        await pane.locator("[data-testid=sync-this-folder]").click();
        const label = pane.locator("[data-testid=folder-sync] label").first();
        await expect
          .poll(() => label.textContent(), { timeout: 60_000, interval: 250 })
          .toMatch(/^This folder: Outlook asked us to slow down; resuming at \d\d:\d\d:\d\d by itself\.$/);
        await pane.locator("[data-testid=folder-sync-progress]").scrollIntoViewIfNeeded();
        await screenshotPane(page, "continuous-sync-throttled");
        const summary = pane.locator("[data-testid=folder-sync-summary]");
        await summary.waitFor({ timeout: 180_000 });
        expect(await summary.textContent()).toMatch(/^This folder is up to date: 30 scanned/);
        expect(await pane.locator("[data-testid=folder-sync-error]").count()).toBe(0);
        expect(Date.now() - started).toBeGreaterThanOrEqual(19_000); // it waited Graph's 20 s out
        const log = await world.sim.control<{ status: number; kind: string }[]>("GET", "/_sim/log");
        expect(log.filter((r) => r.kind === "member" && r.status === 429).length).toBeGreaterThanOrEqual(2);
      } finally {
        await context.close();
      }
    },
  );
});
