import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessOf,
  CELLS,
  DANA_EMAIL,
  seedVisibilityWorld,
  VIEWERS,
  VIS_CONTACT,
  type Access,
  type ViewerRole,
  type VisibilityWorld,
} from "../../dev/visibility-world";
import {
  announceSkip,
  openHarness,
  screenshotPane,
  selectMessage,
  startWorld,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// Who sees what (issue 12) in the rendered task pane: the built pane in the harness, the real backend and Graph
// simulator. Dana synced one Quillwork email; she, Fox (a colleague) and Alex (an admin colleague) each open a
// Quillwork email of their own in their Outlook, and read Dana's in the customer's history and in the email viewer,
// for each workspace tier with the thread shared and private. Seeded once over the API; between cells only the
// tier and the privacy change, and each pane is reloaded (one browser, one page per viewer for the whole matrix).

announceSkip("who sees what in the pane");

const DAY = 86_400_000;
const ROLES: ViewerRole[] = ["syncer", "colleague", "admin"];

/** What the pane must show of Dana's email, written out by hand for each access. */
function expected(role: ViewerRole, access: Access, isPrivate: boolean) {
  const title = {
    full: DANA_EMAIL.subject,
    subject: DANA_EMAIL.subject,
    metadata: "Subject hidden by the workspace's settings",
    private: "Private — synced by Dana Scully",
  }[access];
  const participants = access !== "private";
  const action = role === "syncer" ? ` · ${isPrivate ? "Share with team" : "Make private"}` : "";
  return {
    row: {
      direction: participants ? "Received" : "Email",
      lock: isPrivate,
      title,
      meta: `${participants ? `${VIS_CONTACT.name} · ` : ""}3 days ago${action}`,
      snippet: access === "full" ? DANA_EMAIL.text : null,
    },
    waitingThread: title,
    detail: {
      lock: isPrivate,
      title,
      from: participants ? `From ${DANA_EMAIL.from}` : null,
      to: participants ? `To ${DANA_EMAIL.to}` : null,
      bodyHidden: access === "full" ? null : "Only the teammates who synced this email can read it.",
      body: access === "full" ? DANA_EMAIL.text : null,
    },
  };
}

/** What the pane shows of the history's one email, its waiting thread and (opened) its email viewer. */
async function rendered(pane: FrameLocator) {
  const card = pane.locator("body:not([data-before]) [data-testid=customer-card]").first();
  await card.locator("[data-testid=history-item]").first().waitFor({ timeout: 60_000 });
  const items = card.locator("[data-testid=history-thread]");
  expect(await items.count(), "Dana's email is the customer's only one").toBe(1);
  const text = async (selector: string) => {
    const found = items.first().locator(selector);
    return (await found.count()) ? ((await found.first().textContent()) ?? "") : null;
  };
  const row = {
    direction: await items.first().locator("[data-testid=history-direction]").getAttribute("aria-label"),
    lock: (await items.first().locator("[data-testid=history-lock]").count()) === 1,
    title: await text("[data-testid=history-item]"),
    meta: await text("[data-testid=history-meta]"),
    snippet: await text("[data-testid=history-snippet]"),
  };
  const waitingThread = await card.locator("[data-testid=signal-waiting-thread]").textContent();
  const paneText = (await pane.locator("body").textContent()) ?? "";
  await items.first().locator("[data-testid=history-item]").click();
  const viewer = pane.locator("[data-testid=email-viewer]");
  await viewer.locator("[data-testid=email-title]").waitFor({ timeout: 30_000 });
  const inViewer = async (testId: string) => {
    const found = viewer.locator(`[data-testid=${testId}]`);
    return (await found.count()) ? ((await found.first().textContent()) ?? "") : null;
  };
  const meta = (await inViewer("email-meta")) ?? "";
  const frame = viewer.locator("[data-testid=email-frame]");
  const detail = {
    lock: (await viewer.locator("[data-testid=email-lock]").count()) === 1,
    title: await inViewer("email-title"),
    from: await inViewer("email-from"),
    to: meta.startsWith("To ") ? meta.slice(0, meta.lastIndexOf(" · ")) : null,
    bodyHidden: await inViewer("body-hidden"),
    body: (await frame.count())
      ? ((await pane.frameLocator("[data-testid=email-frame]").locator("body").textContent()) ?? "").trim()
      : null,
  };
  const viewerText = (await viewer.textContent()) ?? "";
  return { row, waitingThread, detail, text: paneText + "\n" + viewerText };
}

describe.skipIf(!HAS_CHROMIUM)("who sees what in the Outlook pane (e2e)", () => {
  let world: World;
  let vis: VisibilityWorld;
  const pages = new Map<ViewerRole, { page: Page; pane: FrameLocator; subject: string }>();

  beforeAll(async () => {
    world = await startWorld();
    vis = await seedVisibilityWorld(world.backend, new Date(Date.now() - 3 * DAY));
    for (const role of ROLES) {
      const { email, name } = VIEWERS[role];
      if (role !== "admin") await world.sim.control("POST", "/_sim/mailboxes", { address: email, name });
      // Each viewer's own (unsynced) Quillwork email: opening it shows the customer and its history.
      const subject = `A question for ${name}`;
      await world.sim.control("POST", "/_sim/messages", {
        mailbox: email,
        from: `${VIS_CONTACT.name} <${VIS_CONTACT.address}>`,
        to: [email],
        subject,
        text: "Could you call me back?",
        internetMessageId: `<question-${role}@quillwork.test>`,
      });
      const { page, pane } = await openHarness(world, { mailbox: email });
      await selectMessage(page, { subject });
      pages.set(role, { page, pane, subject });
    }
  }, 300_000);
  afterAll(async () => world?.stop(), 60_000);

  it.each(CELLS)(
    "tier $tier, Dana's thread private: $isPrivate",
    { timeout: 240_000 },
    async ({ tier, isPrivate }) => {
      await vis.setCell({ tier, isPrivate });
      for (const role of ROLES) {
        const { page, pane } = pages.get(role)!;
        // Re-render: a reloaded pane asks the server afresh (no answer kept from the cell before). The old
        // document is marked so that nothing is read off it while the new one loads.
        await pane.locator("body").evaluate((body) => (body.dataset.before = "reload"));
        await page.locator("[data-testid=reload-pane]").click();
        const access = accessOf(role, tier, isPrivate);
        const seen = await rendered(pane);
        const { text, ...shown } = seen;
        expect(shown, `${VIEWERS[role].name} (${access})`).toEqual(expected(role, access, isPrivate));
        // Nothing they may not see shows anywhere in the pane, in any wording.
        if (access !== "full") expect(text).not.toContain("40k");
        if (access === "metadata" || access === "private") expect(text).not.toContain(DANA_EMAIL.subject);
        if (access === "private") {
          expect(text).not.toContain("Lee Counsel");
          expect(text).not.toContain(DANA_EMAIL.outsider);
        }
        if (access === "private" && role === "colleague" && tier === "full") {
          await screenshotPane(page, "visibility-colleague-private-email");
        }
        await pane.getByRole("button", { name: "Back" }).click();
        if (access === "private" && role === "colleague" && tier === "full") {
          await pane.locator("[data-testid=history-lock]").first().waitFor();
          await screenshotPane(page, "visibility-colleague-private-history");
        }
      }
    },
  );
});
