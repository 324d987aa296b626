import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnBackend, type SpawnedBackend } from "../../dev/spawn-backend";
import {
  announceSkip,
  apiFor,
  freePort,
  launchBrowser,
  MAILBOX,
  openHarness,
  requireBuild,
  screenshotPane,
  startSimulator,
  storedEmails,
  waitForState,
  type Simulator,
  connectSimulatedEntra,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";
import type { Browser } from "playwright-core";

announceSkip("offline outbox");

describe.skipIf(!HAS_CHROMIUM)("Outbox while the backend is down (e2e)", () => {
  // The backend restarts on the same port, data directory and token, as a server coming back would.
  const dataDir = mkdtempSync(join(tmpdir(), "touchbase-outbox-"));
  const token = `tb_e2e_${randomBytes(16).toString("hex")}`;
  let port = 0;
  let backend: SpawnedBackend | null = null;
  let sim: Simulator;
  let browser: Browser;

  const startBackend = async () =>
    (backend = await spawnBackend({
      demo: true,
      dataDir,
      token,
      timeoutMs: 120_000,
      env: { PORT: String(port), TOUCHBASE_HARNESS: "1", TOUCHBASE_GRAPH_SIMULATOR: "0" },
    }));

  beforeAll(async () => {
    requireBuild();
    port = await freePort();
    [sim, browser] = await Promise.all([startSimulator(), launchBrowser(), startBackend()]);
    await connectSimulatedEntra(backend!, sim);
  }, 240_000);
  afterAll(async () => {
    await Promise.allSettled([browser?.close(), sim?.stop(), backend?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(
    "holds the emails while the backend is down and uploads them once when it returns",
    { timeout: 300_000 },
    async () => {
      const world = { backend: backend!, sim, browser };
      const url = backend!.url;
      const api = apiFor(url, token);
      const subjects = [`Outbox one ${Date.now()}`, `Outbox two ${Date.now()}`];
      const ids = subjects.map((_s, i) => `<outbox-${i}-${Date.now()}@acme.com>`);
      for (const [i, subject] of subjects.entries()) {
        await sim.control("POST", "/_sim/messages", {
          mailbox: MAILBOX,
          folder: "inbox",
          from: "Road Runner <road.runner@acme.com>",
          to: [MAILBOX],
          subject,
          text: `Meep meep ${i}`,
          internetMessageId: ids[i],
        });
      }
      const { page, pane, context } = await openHarness(world);
      try {
        // Visit both while the server is up: the customer index is now cached on this computer.
        for (const [i, subject] of subjects.entries()) {
          await page
            .locator("[data-testid=message-row]", { has: page.locator(`text=${subject}`) })
            .first()
            .click();
          await waitForState(pane, ids[i], "not-synced");
        }

        await backend!.stop();
        backend = null;
        for (const [i, subject] of subjects.entries()) {
          await page
            .locator("[data-testid=message-row]", { has: page.locator(`text=${subject}`) })
            .first()
            .click();
          await waitForState(pane, ids[i], "not-synced"); // decided locally: the server cannot be asked
          await pane.locator("[data-testid=sync-message]").click();
          await waitForState(pane, ids[i], "pending");
        }
        const banner = pane.locator("[data-testid=outbox-banner]");
        await expect
          .poll(() => banner.textContent(), { timeout: 30_000 })
          .toContain("2 emails wait on this computer and upload when it answers.");
        expect(await banner.textContent()).toContain("could not be reached");
        await screenshotPane(page, "outbox-waiting-light");

        await startBackend();
        expect(backend!.url).toBe(url);
        // The restarted backend runs a new local issuer (new keys): the simulated Entra signs with it from now on,
        // and the add-in's next request, refused with the old token, renews it.
        await connectSimulatedEntra(backend!, sim);
        // No click: the outbox retries on its own (backoff) and the pane turns to "synced".
        await expect.poll(() => banner.count(), { timeout: 180_000, interval: 1000 }).toBe(0);
        await waitForState(pane, ids[1], "synced", 60_000);

        const stored = (await storedEmails(api)).filter((e) => ids.includes(e.messageId));
        expect(stored.map((e) => e.messageId).sort()).toEqual([...ids].sort());
        for (const id of ids) {
          const lookup = await api.lookup({ emails: ["road.runner@acme.com"], messageId: id });
          expect(lookup.message?.emailId).toBeTruthy();
        }
      } finally {
        await context.close();
      }
    },
  );
});
